/**
 * Feature visualisation by gradient ascent on the input (Olah et al., "Feature Visualization", Distill 2017):
 * start from a grey image and change it, step by step, so that one channel of one layer responds as strongly as
 * possible (its mean over the feature map). Raw pixel ascent gives high-frequency noise the network happens to
 * react to; two regularisers make it a pattern instead:
 * - the image is parameterised as a sum of a few resolutions (a Laplacian-pyramid-like stack: each level a
 *   coarser grid, bilinearly upsampled), so low frequencies are as easy to change as high ones, and its colours
 *   go through the decorrelating 3×3 matrix Lucid uses for ImageNet (Olah et al.), then tanh keeps pixels in
 *   [−1, 1], the network's input range;
 * - jitter: every step sees the image shifted by a random few pixels, so a pattern that works only at one exact
 *   alignment does not win.
 * One `step()` is one forward and backward pass; a page calls it in a loop, yielding between steps, and can stop
 * at any time. `ascentSteps()` is the same step split into short steps of its own (the gradient segment by segment,
 * net-exec.ts gradSteps), so a page can also yield within it. `dispose()` frees every tensor (the parameters and the optimizer's state).
 */
import type * as tfjs from "@tensorflow/tfjs";
import { mulberry32 } from "./manifold.js";
import { type ExecNet, execShapes, forward, type GradResult, gradSteps } from "./net-exec.js";
import { runSteps } from "./steps.js";
import type { TF } from "./tf-type.js";

/** Lucid's square root of ImageNet's colour correlation (its SVD), normalised by its largest column norm. */
const COLOUR_SQRT = [
  [0.26, 0.09, 0.02],
  [0.27, 0.0, -0.05],
  [0.27, -0.09, 0.03],
];

function colourMatrix(): number[][] {
  const norms = [0, 1, 2].map((c) => Math.hypot(...COLOUR_SQRT.map((row) => row[c])));
  const m = Math.max(...norms);
  // Transposed, so that [pixels, 3] · M applies the matrix to each pixel's colour.
  return [0, 1, 2].map((i) => [0, 1, 2].map((j) => COLOUR_SQRT[j][i] / m));
}

export interface FeatureVisOptions {
  layer: string;
  channel: number;
  /** Side of the image the network sees (it runs at this resolution; smaller is faster). */
  size: number;
  /** Largest shift of the jitter, in pixels. */
  jitter: number;
  /** Resolutions in the pyramid (1 = plain pixels). */
  levels: number;
  /** Adam's learning rate. */
  learningRate: number;
  /** Factor before tanh: how fast parameter changes reach the edges of the input range. */
  gain: number;
  /** Level k weighs (2 · fineness)^k: 0.5 weighs every level alike, 1 strongly favours the coarse ones. */
  fineness: number;
  seed: number;
}

const FEATURE_VIS_DEFAULTS: Omit<FeatureVisOptions, "layer" | "channel"> = {
  size: 128,
  jitter: 8,
  levels: 5,
  learningRate: 0.05,
  gain: 4,
  fineness: 0.6,
  seed: 1,
};

/** Variables need unique names. */
let created = 0;

export interface FeatureVis {
  /**
   * One ascent step; returns the objective this step's jittered image reached: the channel's mean, before the
   * ReLU6 when the layer ends in one.
   */
  step(): number;
  /** The same ascent step in short steps (a fraction of a pass each); returns what `step()` returns. */
  ascentSteps(): Generator<void, number>;
  /** Steps done so far. */
  readonly steps: number;
  /** The current image, un-jittered, [size, size, 3] in [−1, 1]. */
  image(): Float32Array;
  /** The channel's mean activation on the current un-jittered image. */
  activation(): number;
  dispose(): void;
}

/**
 * Set up a visualisation of `channel` of `layer`. The network runs from the input to that layer only, at
 * `size` × `size` pixels (a fully convolutional prefix works at any input size).
 */
export function featureVis(
  tf: TF,
  net: ExecNet,
  opts: Partial<FeatureVisOptions> & { layer: string; channel: number },
): FeatureVis {
  const o = { ...FEATURE_VIS_DEFAULTS, ...opts };
  const shape = execShapes(net).get(o.layer);
  if (shape?.length !== 3) throw new Error(`layer ${o.layer} has no feature map`);
  if (!(o.channel >= 0 && o.channel < shape[2] && Number.isInteger(o.channel)))
    throw new Error(`channel must be a whole number from 0 to ${shape[2] - 1}`);
  // The same layers at another input size: only the spatial sizes change.
  const small: ExecNet = { ...net, input: [o.size, o.size, 3] };
  const full = o.size + 2 * o.jitter;
  const rand = mulberry32(o.seed);
  const params: tfjs.Variable[] = [];
  for (let k = 0; k < o.levels; k++) {
    const side = Math.max(1, Math.ceil(full / 2 ** k));
    const init = new Float32Array(side * side * 3).map(() => (rand() - 0.5) * 0.02);
    const t = tf.tensor4d(init, [1, side, side, 3]);
    params.push(tf.variable(t, true, `feature_vis_${++created}_${k}`));
    t.dispose();
  }
  const colour = tf.tensor2d(colourMatrix());
  let levelSum = 0;
  for (let k = 0; k < o.levels; k++) levelSum += 2 ** k * o.fineness ** k;
  const optimizer = tf.train.adam(o.learningRate);
  let steps = 0;

  /** The full (padded) image in [−1, 1]: pyramid levels upsampled and summed, colours decorrelated, tanh. */
  const render = (): tfjs.Tensor4D => {
    // Level k (2^k times coarser) counts 2^k times more: Adam moves every parameter by about the same amount
    // per step, so without this the many fine-level parameters would win and the image would be pixel noise.
    const sum = params
      .map((p, k) => {
        const up =
          p.shape[1] === full ? (p as tfjs.Tensor4D) : tf.image.resizeBilinear(p as tfjs.Tensor4D, [full, full]);
        return tf.mul(up, (2 ** k * o.fineness ** k) / levelSum);
      })
      .reduce((a, b) => tf.add(a, b));
    const rgb = tf.reshape(tf.matMul(tf.reshape(sum, [full * full, 3]), colour), [1, full, full, 3]);
    // Scale so that unit changes of the parameters reach the saturation of tanh in a few steps.
    return tf.tanh(tf.mul(rgb, o.gain)) as tfjs.Tensor4D;
  };
  const crop = (img: tfjs.Tensor4D, dy: number, dx: number) => tf.slice(img, [0, dy, dx, 0], [1, o.size, o.size, 3]);
  // A ReLU6 output has no gradient where it is 0 or 6, so a channel that starts silent (or saturated) cannot
  // be raised through it: the ascent works on the value before the ReLU6 (the same channel of the conv).
  const node = net.nodes.find((n) => n.name === o.layer)!;
  const source = net.nodes.find((n) => n.name === node.inputs[0]);
  const target = node.op === "relu" && source && source.op !== "input" ? source.name : o.layer;
  /** The channel's mean over a layer's output. */
  const channelOf = (a: tfjs.Tensor) => {
    const [, h, w] = a.shape;
    return tf.mean(tf.slice(a, [0, 0, 0, o.channel], [1, h, w, 1])) as tfjs.Scalar;
  };
  const channelMean = (x: tfjs.Tensor, layer: string) =>
    channelOf(forward(tf, small, x, { outputs: [layer] }).get(layer)!);
  let disposed = false;
  const check = () => {
    if (disposed) throw new Error("this feature visualisation has been disposed");
  };
  return {
    step() {
      return runSteps(this.ascentSteps());
    },
    *ascentSteps() {
      check();
      const dy = Math.floor(rand() * (2 * o.jitter + 1));
      const dx = Math.floor(rand() * (2 * o.jitter + 1));
      // The gradient of the objective with respect to this step's jittered image, in steps; then, through the
      // image's parameterisation, with respect to the parameters: ∂(−objective)/∂p = −Jᵀg for the image's
      // gradient g, the gradient of −Σ image · g with g held constant. Adam then takes its step.
      const x = tf.tidy(() => crop(render(), dy, dx));
      let r: GradResult | null = null;
      try {
        r = yield* gradSteps(tf, small, x, { of: target, objective: (a) => channelOf(a) });
        check();
        const g = r.grad;
        const { value, grads } = tf.variableGrads(
          () => tf.neg(tf.sum(tf.mul(crop(render(), dy, dx), g))) as tfjs.Scalar,
          params,
        );
        optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
        tf.dispose([value, ...Object.values(grads)]);
        steps++;
        return r.value;
      } finally {
        x.dispose();
        if (r) tf.dispose([r.grad, ...r.kept.values()]);
      }
    },
    get steps() {
      return steps;
    },
    image() {
      check();
      return tf.tidy(() => crop(render(), o.jitter, o.jitter).dataSync() as Float32Array).slice();
    },
    activation() {
      check();
      const t = tf.tidy(() => channelMean(crop(render(), o.jitter, o.jitter), o.layer));
      const v = t.dataSync()[0];
      t.dispose();
      return v;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      optimizer.dispose();
      tf.dispose([...params, colour]);
    },
  };
}
