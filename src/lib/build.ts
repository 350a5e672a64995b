/**
 * tfjs builders: turn a layer graph (graph.ts) into a tf.LayersModel with the same Keras layer names, so
 * Keras-converted weights load by name. Works in Node (CPU backend) and in the browser: the caller passes
 * its tfjs instance (the browser's comes from tf.ts, Node's is "@tensorflow/tfjs"), so the page and this
 * module always share one.
 */
import type * as tfjs from "@tensorflow/tfjs";
import {
  type InvertedResidualOptions,
  invertedResidualGraph,
  type LayerGraph,
  mobilenetV2Graph,
  type ResnetBottleneckOptions,
  resnetBottleneckGraph,
} from "./graph.js";
import type { ArchConfig } from "./spec.js";
import { runSteps, runStepsAsync } from "./steps.js";
import type { TF } from "./tf-type.js";

export interface BuildOptions {
  /** Model name (Keras' is mobilenetv2_1.00_224). */
  name?: string;
  /** Seed for the random initialisers, for reproducible weights. */
  seed?: number;
  /**
   * Initialise every kernel with zeros instead of He-normal random values: for callers that load their own
   * weights right after building (generating 3.5M random numbers costs more than the build itself).
   */
  zeros?: boolean;
}

/**
 * Build a model layer by layer, yielding after each layer (creating a layer allocates and initialises its
 * weights, the slow part). Drive it with buildGraph (all at once) or buildGraphAsync (yielding to the page).
 */
function* buildSteps(
  tf: TF,
  graph: LayerGraph,
  opts: BuildOptions = {},
): Generator<{ done: number; total: number; layer: string }, tfjs.LayersModel> {
  const input = tf.input({ shape: graph.input, name: "input" });
  const outputs = new Map<string, tfjs.SymbolicTensor>([["input", input]]);
  let seed = opts.seed;
  const init = () =>
    opts.zeros ? tf.initializers.zeros() : tf.initializers.heNormal({ seed: seed === undefined ? undefined : seed++ });
  for (const [i, n] of graph.nodes.entries()) {
    const ins = n.inputs.map((name) => {
      const t = outputs.get(name);
      if (!t) throw new Error(`layer ${n.name}: unknown input ${name}`);
      return t;
    });
    let layer: tfjs.layers.Layer;
    switch (n.op) {
      case "conv":
        layer = tf.layers.conv2d({
          name: n.name,
          filters: n.filters,
          kernelSize: n.kernel,
          strides: n.stride,
          padding: "same",
          useBias: n.bias,
          kernelInitializer: init(),
        });
        break;
      case "depthwise":
        layer = tf.layers.depthwiseConv2d({
          name: n.name,
          kernelSize: n.kernel,
          strides: n.stride,
          padding: "same",
          useBias: n.bias,
          depthwiseInitializer: init(),
        });
        break;
      case "batchnorm":
        layer = tf.layers.batchNormalization({ name: n.name, epsilon: 1e-3, momentum: 0.999 });
        break;
      case "relu6":
        layer = tf.layers.reLU({ name: n.name, maxValue: 6 });
        break;
      case "relu":
        layer = tf.layers.reLU({ name: n.name });
        break;
      case "add":
        layer = tf.layers.add({ name: n.name });
        break;
      case "gap":
        layer = tf.layers.globalAveragePooling2d({ name: n.name });
        break;
      case "dense":
        layer = tf.layers.dense({ name: n.name, units: n.units, useBias: n.bias, kernelInitializer: init() });
        break;
      case "softmax":
        layer = tf.layers.softmax({ name: n.name });
        break;
      case "reshape":
        layer = tf.layers.reshape({ name: n.name, targetShape: n.shape });
        break;
    }
    outputs.set(n.name, layer.apply(ins.length === 1 ? ins[0] : ins) as tfjs.SymbolicTensor);
    yield { done: i + 1, total: graph.nodes.length, layer: n.name };
  }
  return tf.model({ inputs: input, outputs: outputs.get(graph.output)!, name: opts.name });
}

/** Build a tf.LayersModel from a layer graph in one go. */
export function buildGraph(tf: TF, graph: LayerGraph, opts: BuildOptions = {}): tfjs.LayersModel {
  return runSteps(buildSteps(tf, graph, opts));
}

/**
 * Build a model without freezing the page: yields to the event loop every ~30 ms and reports progress.
 */
export function buildGraphAsync(
  tf: TF,
  graph: LayerGraph,
  opts: BuildOptions & { onProgress?: (p: { done: number; total: number; layer: string }) => void } = {},
): Promise<tfjs.LayersModel> {
  return runStepsAsync(buildSteps(tf, graph, opts), opts.onProgress);
}

/** Keras' model name for a width and resolution, e.g. mobilenetv2_1.00_224. */
export function kerasModelName(cfg: ArchConfig): string {
  return `mobilenetv2_${cfg.width.toFixed(2)}_${cfg.resolution}`;
}

/** The whole MobileNetV2 for a configuration. */
export function buildMobileNetV2(tf: TF, cfg: ArchConfig, opts: BuildOptions = {}): tfjs.LayersModel {
  return buildGraph(tf, mobilenetV2Graph(cfg), { name: kerasModelName(cfg), ...opts });
}

/** One inverted residual block as a model. */
export function buildInvertedResidual(tf: TF, o: InvertedResidualOptions, opts: BuildOptions = {}): tfjs.LayersModel {
  return buildGraph(tf, invertedResidualGraph(o), opts);
}

/** One ResNet bottleneck block as a model. */
export function buildResnetBottleneck(tf: TF, o: ResnetBottleneckOptions, opts: BuildOptions = {}): tfjs.LayersModel {
  return buildGraph(tf, resnetBottleneckGraph(o), opts);
}

/** Trainable and non-trainable parameter counts of a tfjs model, as tfjs itself reports them. */
export function countWeights(model: tfjs.LayersModel): { trainable: number; nonTrainable: number; total: number } {
  const size = (ws: tfjs.LayerVariable[]) =>
    ws.reduce((s, w) => s + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
  const trainable = size(model.trainableWeights);
  const nonTrainable = size(model.nonTrainableWeights);
  return { trainable, nonTrainable, total: model.countParams() };
}

/** Each layer's output shape as tfjs infers it (batch dimension dropped). */
export function layerShapes(model: tfjs.LayersModel): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  for (const l of model.layers) {
    const s = l.outputShape as (number | null)[];
    shapes.set(l.name, s.slice(1) as number[]);
  }
  return shapes;
}
