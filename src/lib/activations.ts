/**
 * One forward pass that collects every tapped layer's activations (a multi-output model, see
 * src/components/model-loader.ts): each output is read back once, summarised (activation-stats.ts) and
 * disposed; only the layers the caller asks to keep stay as typed arrays. No tensor outlives the call.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { type ActivationStats, activationStats } from "./activation-stats.js";

type TF = typeof tfjs;

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
 * `tapped` outputs [...tapLayers, probabilities]; `input` is [res, res, 3] in [-1, 1] as a flat array.
 */
export async function runActivations(
  tf: TF,
  tapped: tfjs.LayersModel,
  tapLayers: readonly string[],
  input: Float32Array,
  resolution: number,
  keep: ReadonlySet<string>,
): Promise<ActivationRun> {
  const t0 = performance.now();
  const x = tf.tensor4d(input, [1, resolution, resolution, 3]);
  let outs: tfjs.Tensor[] = [];
  try {
    const y = tapped.predict(x);
    outs = Array.isArray(y) ? y : [y];
    if (outs.length !== tapLayers.length + 1)
      throw new Error(`expected ${tapLayers.length + 1} outputs, got ${outs.length}`);
    const values = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
    const ms = performance.now() - t0;
    const layers = new Map<string, LayerActivation>();
    tapLayers.forEach((layer, i) => {
      const data = values[i];
      layers.set(layer, {
        layer,
        shape: outs[i].shape.slice(1),
        stats: activationStats(data),
        data: keep.has(layer) ? data : undefined,
      });
    });
    return { probabilities: values[tapLayers.length], layers, ms };
  } finally {
    x.dispose();
    for (const t of outs) t.dispose();
  }
}
