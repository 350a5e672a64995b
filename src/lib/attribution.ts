/**
 * Where the network looks, from gradients (net-exec.ts runs them on every backend):
 * - Grad-CAM (Selvaraju et al., ICCV 2017): a feature map's channels weighted by the mean gradient of a class
 *   score over each channel, summed, ReLU'd: a coarse map (the layer's h×w) of the regions that raise the score.
 * - Saliency (Simonyan et al., 2014): |∂score/∂pixel|, the largest over the three colour channels, and SmoothGrad
 *   (Smilkov et al., 2017): that map averaged over copies of the input with Gaussian noise added.
 * - The effective receptive field of one feature-map cell (Luo et al., NeurIPS 2016): |∂cell/∂pixel|.
 * The class score is the logit (before softmax), as in the Grad-CAM paper. Every function frees what it makes.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { gaussian, mulberry32 } from "./manifold.js";
import { type ExecNet, execShapes, type GradResult, gradSteps } from "./net-exec.js";
import { runSteps } from "./steps.js";
import type { TF } from "./tf-type.js";

/** A map over a grid, row-major. */
export interface Grid {
  h: number;
  w: number;
  values: Float32Array;
}

export interface GradCam extends Grid {
  layer: string;
  classIndex: number;
  /** The class logit for this input. */
  score: number;
  /** Channel weights: mean gradient of the score over each channel's h×w map. */
  weights: Float32Array;
  /** Largest value of the map before normalisation (0 when nothing raises the score). */
  max: number;
}

function scoreOf(net: ExecNet): string {
  if (!net.logits) throw new Error("the network has no linear classifier output (logits) to explain");
  return net.logits;
}

function asInput(tf: TF, net: ExecNet, input: Float32Array | tfjs.Tensor): tfjs.Tensor4D {
  return input instanceof Float32Array
    ? tf.tensor4d(input, [1, ...net.input])
    : (tf.reshape(input, [1, ...net.input]) as tfjs.Tensor4D);
}

/**
 * Grad-CAM of class `classIndex` at `layer` for one input ([h, w, 3] values, or a tensor of that size), as steps
 * of a fraction of a pass each (net-exec.ts gradSteps): a page yields between them.
 * values = ReLU(Σ_k α_k A_k) with α_k = mean over cells of ∂logit/∂A_k, not normalised (see `max`).
 */
export function* gradCamSteps(
  tf: TF,
  net: ExecNet,
  input: Float32Array | tfjs.Tensor,
  layer: string,
  classIndex: number,
): Generator<void, GradCam> {
  const logits = scoreOf(net);
  const shape = execShapes(net).get(layer);
  if (shape?.length !== 3) throw new Error(`layer ${layer} has no spatial feature map`);
  const [h, w] = shape;
  const x = asInput(tf, net, input);
  let r: GradResult | null = null;
  try {
    // One forward and backward pass, in steps; the gradient is with respect to the layer's output, whose map
    // comes back with it.
    r = yield* gradSteps(tf, net, x, { of: logits, objective: logitOf(tf, classIndex), wrt: layer, keep: [layer] });
    const { grad, kept } = r;
    const [cam, alpha] = tf.tidy(() => {
      const weights = tf.mean(grad, [0, 1, 2]); // α_k, one per channel
      return [tf.relu(tf.sum(tf.mul(tf.squeeze(kept.get(layer)!, [0]), weights), 2)), weights];
    });
    const values = new Float32Array(cam.dataSync());
    const weights = new Float32Array(alpha.dataSync());
    tf.dispose([cam, alpha]);
    let max = 0;
    for (const v of values) if (v > max) max = v;
    return { layer, classIndex, h, w, values, weights, score: r.value, max };
  } finally {
    x.dispose();
    if (r) tf.dispose([r.grad, ...r.kept.values()]);
  }
}

/** Grad-CAM in one go (gradCamSteps without pauses). */
export function gradCam(
  tf: TF,
  net: ExecNet,
  input: Float32Array | tfjs.Tensor,
  layer: string,
  classIndex: number,
): GradCam {
  return runSteps(gradCamSteps(tf, net, input, layer, classIndex));
}

/** The logit of one class, the score every map here explains. */
function logitOf(tf: TF, classIndex: number) {
  return (y: tfjs.Tensor) => tf.squeeze(tf.slice(y, [0, classIndex], [1, 1])) as tfjs.Scalar;
}

/**
 * An input gradient ([1, h, w, 3]) reduced over its colour channels by `reduce` to an [h, w] map, read back; frees
 * the gradient and whatever gradSteps kept.
 */
function gradMap(tf: TF, r: GradResult, reduce: (g: tfjs.Tensor) => tfjs.Tensor): Float32Array {
  const m = tf.tidy(() => reduce(r.grad).squeeze([0]));
  tf.dispose([r.grad, ...r.kept.values()]);
  try {
    return new Float32Array(m.dataSync());
  } finally {
    m.dispose();
  }
}

/** |∂logit/∂x|, the largest over colour channels, for one input, as steps: an [h, w] map. */
function* saliencySteps(tf: TF, net: ExecNet, x: tfjs.Tensor4D, classIndex: number): Generator<void, Float32Array> {
  const r = yield* gradSteps(tf, net, x, { of: scoreOf(net), objective: logitOf(tf, classIndex) });
  return gradMap(tf, r, (g) => tf.max(tf.abs(g), 3));
}

/** Plain gradient saliency (no noise): max over colour channels of |∂logit/∂pixel|. */
export function saliency(tf: TF, net: ExecNet, input: Float32Array | tfjs.Tensor, classIndex: number): Grid {
  const [h, w] = net.input;
  const x = asInput(tf, net, input);
  try {
    return { h, w, values: runSteps(saliencySteps(tf, net, x, classIndex)) };
  } finally {
    x.dispose();
  }
}

export interface SmoothGradOptions {
  /** Noisy copies (Smilkov et al. use 50; a few dozen already smooth the map). */
  samples: number;
  /** Noise standard deviation as a fraction of the input's range (max − min); Smilkov et al. suggest 10–20 %. */
  noise: number;
  seed: number;
}

/** The Gaussian noise SmoothGrad adds to sample `i` (exported so that a test can reproduce it). */
export function smoothGradNoise(size: number, sigma: number, seed: number, i: number): Float32Array {
  const g = gaussian(mulberry32(seed * 1000003 + i));
  const out = new Float32Array(size);
  for (let k = 0; k < size; k++) out[k] = sigma * g();
  return out;
}

/**
 * SmoothGrad in steps of a fraction of a pass (each noisy copy's gradient is many steps), so a page can show
 * progress, yield and stop: yields {done, total}, the noisy copies finished so far; returns the mean of the
 * per-sample saliency maps. Tensors are freed even when the caller stops early (generator return).
 */
export function* smoothGradSteps(
  tf: TF,
  net: ExecNet,
  input: Float32Array,
  classIndex: number,
  opts: SmoothGradOptions,
): Generator<{ done: number; total: number }, Grid> {
  const [h, w] = net.input;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of input) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const sigma = opts.noise * (hi - lo || 1);
  const sum = new Float32Array(h * w);
  for (let i = 0; i < opts.samples; i++) {
    const noise = smoothGradNoise(input.length, sigma, opts.seed, i);
    for (let k = 0; k < noise.length; k++) noise[k] += input[k];
    const x = tf.tensor4d(noise, [1, h, w, 3]);
    try {
      const steps = saliencySteps(tf, net, x, classIndex);
      let r = steps.next();
      try {
        while (!r.done) {
          yield { done: i, total: opts.samples };
          r = steps.next();
        }
      } finally {
        if (!r.done) steps.return(new Float32Array());
      }
      const v = r.value;
      for (let k = 0; k < sum.length; k++) sum[k] += v[k] / opts.samples;
    } finally {
      x.dispose();
    }
    yield { done: i + 1, total: opts.samples };
  }
  return { h, w, values: sum };
}

/**
 * The effective receptive field of cell (row, col) of `layer`: |∂(Σ channels of that cell)/∂pixel|, summed over
 * the colour channels, for this input (it depends on the input through the ReLU6s), as steps of a fraction of a
 * pass. `channel` restricts the cell to one channel.
 */
export function* effectiveReceptiveFieldSteps(
  tf: TF,
  net: ExecNet,
  input: Float32Array | tfjs.Tensor,
  layer: string,
  row: number,
  col: number,
  channel?: number,
): Generator<void, Grid> {
  const shape = execShapes(net).get(layer);
  if (shape?.length !== 3) throw new Error(`layer ${layer} has no spatial feature map`);
  const [lh, lw, lc] = shape;
  if (row < 0 || row >= lh || col < 0 || col >= lw) throw new Error(`cell (${row}, ${col}) is outside ${lh}×${lw}`);
  const [h, w] = net.input;
  const x = asInput(tf, net, input);
  try {
    const objective = (a: tfjs.Tensor) =>
      tf.sum(
        channel === undefined
          ? tf.slice(a, [0, row, col, 0], [1, 1, 1, lc])
          : tf.slice(a, [0, row, col, channel], [1, 1, 1, 1]),
      ) as tfjs.Scalar;
    const r = yield* gradSteps(tf, net, x, { of: layer, objective });
    return { h, w, values: gradMap(tf, r, (g) => tf.sum(tf.abs(g), 3)) };
  } finally {
    x.dispose();
  }
}

/** The effective receptive field in one go (effectiveReceptiveFieldSteps without pauses). */
export function effectiveReceptiveField(
  tf: TF,
  net: ExecNet,
  input: Float32Array | tfjs.Tensor,
  layer: string,
  row: number,
  col: number,
  channel?: number,
): Grid {
  return runSteps(effectiveReceptiveFieldSteps(tf, net, input, layer, row, col, channel));
}

/**
 * Side of the smallest square centred on (cy, cx) that holds `fraction` of a non-negative map's total, in
 * pixels, with the total (a way to give an effective receptive field a size).
 */
export function massSquare(map: Grid, cy: number, cx: number, fraction: number): { side: number; total: number } {
  let total = 0;
  for (const v of map.values) total += v;
  if (!(total > 0)) return { side: 0, total };
  const maxR = Math.max(map.h, map.w);
  // Mass inside |y − cy| ≤ r and |x − cx| ≤ r for every r, by ring sums.
  const ring = new Float64Array(maxR + 1);
  for (let y = 0; y < map.h; y++)
    for (let x = 0; x < map.w; x++) {
      const r = Math.ceil(Math.max(Math.abs(y - cy), Math.abs(x - cx)) - 1e-9);
      ring[Math.min(r, maxR)] += map.values[y * map.w + x];
    }
  let acc = 0;
  for (let r = 0; r <= maxR; r++) {
    acc += ring[r];
    if (acc >= fraction * total) return { side: 2 * r + 1, total };
  }
  return { side: 2 * maxR + 1, total };
}

/**
 * A coarse map (one value per feature-map cell) resampled onto the input's pixels, placing cell i's value at the
 * centre of its receptive field, start + i·jump (cell-field.ts), and interpolating bilinearly between centres
 * (constant beyond the outermost ones). Stretching the cells evenly over the image instead would shift them by
 * up to half a cell, because TensorFlow's "same" padding pads after, not before.
 */
export function upsampleToInput(map: Grid, start: number, jump: number, size: number): Grid {
  const coord = (p: number, n: number) => {
    const t = Math.max(0, Math.min(n - 1, (p - start) / jump));
    const i = Math.min(Math.floor(t), n - 2);
    return n === 1 ? { i: 0, f: 0 } : { i: Math.max(i, 0), f: t - Math.max(i, 0) };
  };
  const values = new Float32Array(size * size);
  const at = (r: number, c: number) => map.values[r * map.w + c];
  for (let y = 0; y < size; y++) {
    const cy = coord(y, map.h);
    const y1 = Math.min(cy.i + 1, map.h - 1);
    for (let x = 0; x < size; x++) {
      const cx = coord(x, map.w);
      const x1 = Math.min(cx.i + 1, map.w - 1);
      const top = at(cy.i, cx.i) * (1 - cx.f) + at(cy.i, x1) * cx.f;
      const bottom = at(y1, cx.i) * (1 - cx.f) + at(y1, x1) * cx.f;
      values[y * size + x] = top * (1 - cy.f) + bottom * cy.f;
    }
  }
  return { h: size, w: size, values };
}
