/**
 * A plain-tfjs forward pass of a layer graph: the network written directly with tf.conv2d,
 * tf.depthwiseConv2d, tf.batchNorm, … and the weights of a built model, with no Layers API. The benchmark uses
 * it as the baseline the product's Layers model is compared against; the tests use it to show both compute the
 * same function.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { LayerGraph } from "./graph.js";
import type { TF } from "./tf-type.js";

/** The weights of every layer of a built model, by layer name, in tfjs' order (kernel, bias / γ, β, mean, variance). */
export function weightsByLayer(model: tfjs.LayersModel): Map<string, tfjs.Tensor[]> {
  return new Map(model.layers.map((l) => [l.name, l.getWeights()]));
}

/** Run `graph` on `x` with plain ops. The caller owns (and disposes) the result; intermediates are tidied. */
export function opsForward(
  tf: TF,
  graph: LayerGraph,
  weights: Map<string, tfjs.Tensor[]>,
  x: tfjs.Tensor4D,
): tfjs.Tensor {
  return tf.tidy(() => {
    const out = new Map<string, tfjs.Tensor>([["input", x]]);
    for (const n of graph.nodes) {
      const a = out.get(n.inputs[0]) as tfjs.Tensor4D;
      const w = weights.get(n.name) ?? [];
      let y: tfjs.Tensor;
      switch (n.op) {
        case "conv":
          y = tf.conv2d(a, w[0] as tfjs.Tensor4D, n.stride, "same");
          if (n.bias) y = tf.add(y, w[1]);
          break;
        case "depthwise":
          y = tf.depthwiseConv2d(a, w[0] as tfjs.Tensor4D, n.stride, "same");
          if (n.bias) y = tf.add(y, w[1]);
          break;
        case "batchnorm":
          y = tf.batchNorm(a, w[2], w[3], w[1], w[0], 1e-3);
          break;
        case "relu6":
          y = tf.relu6(a);
          break;
        case "relu":
          y = tf.relu(a);
          break;
        case "add":
          y = tf.add(a, out.get(n.inputs[1])!);
          break;
        case "gap":
          y = tf.mean(a, [1, 2]);
          break;
        case "dense":
          y = tf.matMul(a as unknown as tfjs.Tensor2D, w[0] as tfjs.Tensor2D);
          if (n.bias) y = tf.add(y, w[1]);
          break;
        case "softmax":
          y = tf.softmax(a);
          break;
        case "reshape":
          y = tf.reshape(a, [a.shape[0], ...n.shape]);
          break;
      }
      out.set(n.name, y);
    }
    return out.get(graph.output)!;
  });
}
