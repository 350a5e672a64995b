/**
 * One forward pass that collects the tapped layers' activations: the fast path (fast-forward.ts) runs the network
 * once and hands back the tapped layers' outputs and the class probabilities. Only the layers the caller keeps (the
 * block on show) are read back whole, summarised (activation-stats.ts) and kept as typed arrays; of every other
 * layer the explorer only shows its minimum, so the backend computes those minima and they come back together in
 * one small read (~60 numbers instead of ~7 million). No tensor outlives the call. The forward pass and the
 * statistics yield to the page every ~30 ms, so the pass never holds the page's thread for long.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { type ActivationStats, activationStats } from "./activation-stats.js";
import { type FusedNetwork, fastForwardAsync } from "./fast-forward.js";
import { yieldToEventLoop } from "./steps.js";
import type { TF } from "./tf-type.js";

/** A tapped layer: its shape and minimum; a kept layer also carries its statistics and values. */
export interface LayerActivation {
  layer: string;
  /** [height, width, channels] (batch dropped). */
  shape: number[];
  /** The smallest value of the layer's output. */
  min: number;
  /** Only for kept layers. */
  stats?: ActivationStats;
  /** Values in NHWC order, only for kept layers. */
  data?: Float32Array;
}

/** A kept layer: statistics and values read back. */
export type KeptActivation = LayerActivation & { stats: ActivationStats; data: Float32Array };

export function isKept(a: LayerActivation | undefined): a is KeptActivation {
  return a?.stats !== undefined && a.data !== undefined;
}

export interface ActivationRun {
  probabilities: Float32Array;
  layers: Map<string, LayerActivation>;
  /** Forward pass (until every output is read back), milliseconds. */
  ms: number;
}

/**
 * Run `net` on `input` ([res, res, 3] in [-1, 1] as a flat array): every layer in `tapLayers` gets its minimum,
 * the layers in `keep` also their statistics and values. `pause` runs between layers' statistics whenever
 * ~`sliceMs` have passed (by default it yields to the event loop).
 */
export async function runActivations(
  tf: TF,
  net: FusedNetwork,
  tapLayers: readonly string[],
  input: Float32Array,
  resolution: number,
  keep: ReadonlySet<string>,
  opts: { sliceMs?: number; pause?: () => Promise<void> } = {},
): Promise<ActivationRun> {
  const { sliceMs = 30, pause = yieldToEventLoop } = opts;
  const t0 = performance.now();
  const x = tf.tensor4d(input, [1, resolution, resolution, 3]);
  let outs: tfjs.Tensor[] = [];
  try {
    const y = await fastForwardAsync(tf, net, x, tapLayers, { sliceMs, pause });
    outs = [...y.taps, y.output];
    await pause(); // the minima and the reads in a task of their own, not after the pass's last slice
    const kept = tapLayers.flatMap((l, i) => (keep.has(l) ? [i] : []));
    const others = tapLayers.flatMap((l, i) => (keep.has(l) ? [] : [i]));
    // The other layers' minima as one tensor: one read of a few numbers instead of each layer's values.
    const minima = others.length ? tf.tidy(() => tf.stack(others.map((i) => y.taps[i].min()))) : null;
    if (minima) outs.push(minima);
    const values = await Promise.all(
      [...kept.map((i) => y.taps[i]), y.output, ...(minima ? [minima] : [])].map(
        (t) => t.data() as Promise<Float32Array>,
      ),
    );
    const ms = performance.now() - t0;
    const shapes = y.taps.map((t) => t.shape.slice(1));
    tf.dispose(outs);
    outs = [];
    await pause(); // and the statistics in another
    // In network order, as the callers list them: a kept layer's values are values[k], another's minimum otherMin[o].
    const layers = new Map<string, LayerActivation>();
    const otherMin = minima ? values[kept.length + 1] : new Float32Array();
    let k = 0;
    let o = 0;
    let slice = performance.now();
    for (const [i, layer] of tapLayers.entries()) {
      if (!keep.has(layer)) {
        layers.set(layer, { layer, shape: shapes[i], min: otherMin[o++] });
        continue;
      }
      if (performance.now() - slice > sliceMs) {
        await pause();
        slice = performance.now();
      }
      const data = values[k++];
      const stats = activationStats(data);
      layers.set(layer, { layer, shape: shapes[i], min: stats.min, stats, data });
    }
    return { probabilities: values[kept.length], layers, ms };
  } finally {
    x.dispose();
    tf.dispose(outs);
  }
}
