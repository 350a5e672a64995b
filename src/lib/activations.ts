/**
 * One forward pass that collects every tapped layer's activations: the fast path (fast-forward.ts) runs the
 * network once and hands back the tapped layers' outputs and the class probabilities; each is read back once,
 * summarised (activation-stats.ts) and disposed; only the layers the caller asks to keep stay as typed arrays.
 * No tensor outlives the call. The forward pass and the statistics yield to the page every ~30 ms, so the pass
 * never holds the page's thread for long.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { type ActivationStats, activationStats } from "./activation-stats.js";
import { type FusedNetwork, fastForwardAsync } from "./fast-forward.js";
import { yieldToEventLoop } from "./steps.js";
import type { TF } from "./tf-type.js";

export interface LayerActivation {
  layer: string;
  /** [height, width, channels] (batch dropped). */
  shape: number[];
  stats: ActivationStats;
  /** Values in NHWC order, only for kept layers. */
  data?: Float32Array;
}

export interface ActivationRun {
  probabilities: Float32Array;
  layers: Map<string, LayerActivation>;
  /** Forward pass (until every output is read back), milliseconds. */
  ms: number;
}

/**
 * Run `net` on `input` ([res, res, 3] in [-1, 1] as a flat array) and summarise every layer in `tapLayers`.
 * `pause` runs between layers' statistics whenever ~`sliceMs` have passed (by default it yields to the event loop).
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
    const values = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
    const ms = performance.now() - t0;
    const shapes = outs.map((t) => t.shape.slice(1));
    tf.dispose(outs);
    outs = [];
    const layers = new Map<string, LayerActivation>();
    let slice = performance.now();
    for (const [i, layer] of tapLayers.entries()) {
      if (performance.now() - slice > sliceMs) {
        await pause();
        slice = performance.now();
      }
      const data = values[i];
      layers.set(layer, {
        layer,
        shape: shapes[i],
        stats: activationStats(data),
        data: keep.has(layer) ? data : undefined,
      });
    }
    return { probabilities: values[tapLayers.length], layers, ms };
  } finally {
    x.dispose();
    tf.dispose(outs);
  }
}
