/**
 * tfjs builders: turn a layer graph (graph.ts) into a tf.LayersModel with the same Keras layer names, so
 * Keras-converted weights load by name. Works in Node (CPU backend) and in the browser.
 */
import * as tf from "@tensorflow/tfjs";
import {
  type InvertedResidualOptions,
  type LayerGraph,
  type ResnetBottleneckOptions,
  invertedResidualGraph,
  mobilenetV2Graph,
  resnetBottleneckGraph,
} from "./graph.js";
import type { ArchConfig } from "./spec.js";

export interface BuildOptions {
  /** Model name (Keras' is mobilenetv2_1.00_224). */
  name?: string;
  /** Seed for the random initialisers, for reproducible weights. */
  seed?: number;
}

/** Build a tf.LayersModel from a layer graph. */
export function buildGraph(graph: LayerGraph, opts: BuildOptions = {}): tf.LayersModel {
  const input = tf.input({ shape: graph.input, name: "input" });
  const outputs = new Map<string, tf.SymbolicTensor>([["input", input]]);
  let seed = opts.seed;
  const init = () => tf.initializers.heNormal({ seed: seed === undefined ? undefined : seed++ });
  for (const n of graph.nodes) {
    const ins = n.inputs.map((i) => {
      const t = outputs.get(i);
      if (!t) throw new Error(`layer ${n.name}: unknown input ${i}`);
      return t;
    });
    let layer: tf.layers.Layer;
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
    }
    const out = layer.apply(ins.length === 1 ? ins[0] : ins) as tf.SymbolicTensor;
    outputs.set(n.name, out);
  }
  return tf.model({ inputs: input, outputs: outputs.get(graph.output)!, name: opts.name });
}

/** Keras' model name for a width and resolution, e.g. mobilenetv2_1.00_224. */
export function kerasModelName(cfg: ArchConfig): string {
  return `mobilenetv2_${cfg.width.toFixed(2)}_${cfg.resolution}`;
}

/** The whole MobileNetV2 for a configuration. */
export function buildMobileNetV2(cfg: ArchConfig, opts: BuildOptions = {}): tf.LayersModel {
  return buildGraph(mobilenetV2Graph(cfg), { name: kerasModelName(cfg), ...opts });
}

/** One inverted residual block as a model. */
export function buildInvertedResidual(o: InvertedResidualOptions, opts: BuildOptions = {}): tf.LayersModel {
  return buildGraph(invertedResidualGraph(o), opts);
}

/** One ResNet bottleneck block as a model. */
export function buildResnetBottleneck(o: ResnetBottleneckOptions, opts: BuildOptions = {}): tf.LayersModel {
  return buildGraph(resnetBottleneckGraph(o), opts);
}

/** Trainable and non-trainable parameter counts of a tfjs model, as tfjs itself reports them. */
export function countWeights(model: tf.LayersModel): { trainable: number; nonTrainable: number; total: number } {
  const size = (ws: tf.LayerVariable[]) => ws.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
  const trainable = size(model.trainableWeights);
  const nonTrainable = size(model.nonTrainableWeights);
  return { trainable, nonTrainable, total: model.countParams() };
}

/** Each layer's output shape as tfjs infers it (batch dimension dropped). */
export function layerShapes(model: tf.LayersModel): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  for (const l of model.layers) {
    const s = l.outputShape as (number | null)[];
    shapes.set(l.name, s.slice(1) as number[]);
  }
  return shapes;
}
