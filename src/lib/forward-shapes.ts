/**
 * Run a tfjs model forward and report every layer's output shape from the tensors it really produced (not
 * from shape inference): a second model with the same layers and one output per layer is run on the input.
 * Takes the tfjs namespace as a parameter; only imports types. Disposes every tensor it creates.
 */
import type * as tfjs from "@tensorflow/tfjs";

export type TF = typeof tfjs;

export interface ForwardResult {
  /** Output shape of each layer (input layer excluded), in model order, batch dimension dropped. */
  layers: { name: string; shape: number[] }[];
  /** Shape of the model's final output. */
  output: number[];
  /** Time of the forward pass (all layer outputs read back), in milliseconds. */
  ms: number;
}

export async function forwardShapes(tf: TF, model: tfjs.LayersModel, x: tfjs.Tensor): Promise<ForwardResult> {
  const layers = model.layers.filter((l) => l.getClassName() !== "InputLayer");
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output as tfjs.SymbolicTensor) });
  const t0 = performance.now();
  const ys = probe.predict(x) as tfjs.Tensor | tfjs.Tensor[];
  const outs = Array.isArray(ys) ? ys : [ys];
  try {
    await Promise.all(outs.map((y) => y.data()));
    const ms = performance.now() - t0;
    const shapes = layers.map((l, i) => ({ name: l.name, shape: outs[i].shape.slice(1) }));
    return { layers: shapes, output: shapes[shapes.length - 1].shape, ms };
  } finally {
    for (const y of outs) y.dispose();
  }
}
