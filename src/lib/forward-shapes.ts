/**
 * Run a tfjs model forward and report every layer's output shape from the tensors it really produced (not
 * from shape inference): a second model with the same layers and one output per layer is run on the input.
 * Takes the tfjs namespace as a parameter; only imports types. Disposes every tensor it creates.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { yieldToEventLoop } from "./steps.js";
import type { TF } from "./tf-type.js";

export interface ForwardResult {
  /** Output shape of each layer (input layer excluded), in model order, batch dimension dropped. */
  layers: { name: string; shape: number[] }[];
  /** Shape of the model's final output. */
  output: number[];
  /** Time of the forward pass (until the model's output is read back), in milliseconds. */
  ms: number;
}

export async function forwardShapes(tf: TF, model: tfjs.LayersModel, x: tfjs.Tensor): Promise<ForwardResult> {
  const layers = model.layers.filter((l) => l.getClassName() !== "InputLayer");
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output as tfjs.SymbolicTensor) });
  const t0 = performance.now();
  const ys = probe.predict(x) as tfjs.Tensor | tfjs.Tensor[];
  const outs = Array.isArray(ys) ? ys : [ys];
  try {
    // Every layer feeds the output, so reading it back waits for all of them; reading each layer's output as
    // well only copied data nobody looks at (80 ms of the page's thread for a ResNet block at 56×56×256).
    await outs[outs.length - 1].data();
    const ms = performance.now() - t0;
    const shapes = layers.map((l, i) => ({ name: l.name, shape: outs[i].shape.slice(1) }));
    return { layers: shapes, output: shapes[shapes.length - 1].shape, ms };
  } finally {
    for (const y of outs) y.dispose();
  }
}

/** One layer's output shape from the analytic trace next to the one tfjs produced (undefined if missing). */
export interface ShapeCheck {
  name: string;
  operator: string;
  analytic: number[];
  tfjs: number[] | undefined;
}

/**
 * Build a model with `build`, run it on a seeded random normal [1, size, size, channels] input and pair every
 * traced layer's shape with the shape tfjs produced. Disposes the model and the input. Building and running are
 * separate tasks, so the page can paint and respond in between.
 */
export async function checkShapes(
  tf: TF,
  build: () => tfjs.LayersModel | Promise<tfjs.LayersModel>,
  layers: readonly { name: string; operator: string; outShape: number[] }[],
  input: { size: number; channels: number; seed: number },
): Promise<{ ms: number; output: number[]; rows: ShapeCheck[] }> {
  await yieldToEventLoop();
  const model = await build();
  await yieldToEventLoop();
  const x = tf.randomNormal([1, input.size, input.size, input.channels], 0, 1, "float32", input.seed);
  try {
    await yieldToEventLoop();
    const r = await forwardShapes(tf, model, x);
    const tfShape = new Map(r.layers.map((l) => [l.name, l.shape]));
    const rows = layers.map((l) => ({
      name: l.name,
      operator: l.operator,
      analytic: l.outShape,
      tfjs: tfShape.get(l.name),
    }));
    return { ms: r.ms, output: r.output, rows };
  } finally {
    x.dispose();
    model.dispose();
  }
}
