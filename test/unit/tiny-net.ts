/** A tiny MobileNetV2-shaped network with random weights and biases, for tests of the gradient tools. */
import * as tf from "@tensorflow/tfjs";

/**
 * stem conv 3×3/2 → ReLU6 → block 1 (expansion, depthwise, projection, residual add) → block 2 (depthwise stride
 * 2, 4×4 → 2×2, TensorFlow's uneven "same" padding) → last 1×1 conv → ReLU6 → pooling → logits → softmax.
 */
export function tinyNet(seed: number): tf.LayersModel {
  let s = seed;
  const init = () => tf.initializers.randomNormal({ mean: 0, stddev: 0.6, seed: s++ });
  const binit = () => tf.initializers.randomUniform({ minval: -0.3, maxval: 0.5, seed: s++ });
  const conv = (name: string, filters: number, k: number, stride: number) =>
    tf.layers.conv2d({
      name,
      filters,
      kernelSize: k,
      strides: stride,
      padding: "same",
      kernelInitializer: init(),
      biasInitializer: binit(),
    });
  const dw = (name: string, stride: number) =>
    tf.layers.depthwiseConv2d({
      name,
      kernelSize: 3,
      strides: stride,
      padding: "same",
      depthwiseInitializer: init(),
      biasInitializer: binit(),
    });
  const relu6 = (name: string) => tf.layers.reLU({ name, maxValue: 6 });
  const input = tf.input({ shape: [8, 8, 3], name: "input" });
  const stem = relu6("Conv1_relu").apply(conv("Conv1", 4, 3, 2).apply(input)) as tf.SymbolicTensor;
  let y = relu6("block_1_expand_relu").apply(conv("block_1_expand", 8, 1, 1).apply(stem));
  y = relu6("block_1_depthwise_relu").apply(dw("block_1_depthwise", 1).apply(y));
  y = conv("block_1_project", 4, 1, 1).apply(y);
  const add = tf.layers.add({ name: "block_1_add" }).apply([stem, y as tf.SymbolicTensor]);
  y = relu6("block_2_expand_relu").apply(conv("block_2_expand", 8, 1, 1).apply(add));
  y = relu6("block_2_depthwise_relu").apply(dw("block_2_depthwise", 2).apply(y));
  y = conv("block_2_project", 6, 1, 1).apply(y);
  y = relu6("out_relu").apply(conv("Conv_1", 12, 1, 1).apply(y));
  y = tf.layers.globalAveragePooling2d({ name: "global_average_pooling2d" }).apply(y);
  y = tf.layers.dense({ name: "logits", units: 5, kernelInitializer: init(), biasInitializer: binit() }).apply(y);
  y = tf.layers.softmax({ name: "predictions" }).apply(y);
  return tf.model({ inputs: input, outputs: y as tf.SymbolicTensor });
}
