/**
 * Transfer learning on a trained MobileNetV2, as in the fine-tuning experiment of "MobileNetV2 Paper Walkthrough"
 * notebooks (ImageNet weights, a new classifier for new classes): two ways side by side.
 *
 * - **Head only**: the whole network up to the global average pooling is frozen; each image's 1280 pooled
 *   features are computed once and cached, and only a new classifier (1280·C + C weights) is trained.
 * - **Fine-tuning the last k rows** (rows of Table 2, 1 ≤ k ≤ 7) **and the head**: the activations entering
 *   row 8 − k are computed once and cached ("the cut"); only the top (those rows, the last 1×1 conv and the
 *   classifier) is recomputed in every step, and only its weights change.
 *
 * Data augmentation (random crops and flips) makes extra copies of every training image, computed through the
 * frozen part once when the cache is built. Everything here is DOM-free: images are pixel tensors [h, w, 3]
 * (0..255), tfjs is passed in, and the training loop yields to the page between batches through a callback.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { mulberry32 } from "./manifold.js";
import { type CropBox, centreCrop, PIXEL_OFFSET, PIXEL_SCALE } from "./preprocess.js";
import { type ArchConfig, blockSpecs } from "./spec.js";
import type { TF } from "./tf-type.js";
import { traceMobileNetV2 } from "./trace.js";

export const MIN_CLASSES = 2;
export const MAX_CLASSES = 5;
/** Rows of Table 2 (bottleneck sequences). */
export const ROWS = 7;

// ---------------------------------------------------------------------------------------------------------------
// Data: checks, split, demo set

export interface ClassData {
  name: string;
  count: number;
}

/**
 * What stops training on these classes, in words a reader can act on (empty when nothing does): too few or too
 * many classes, a class without a name or with a name used twice, a class with no images or only one (one image
 * cannot be both trained on and held out).
 */
export function dataProblems(classes: ClassData[]): string[] {
  const out: string[] = [];
  if (classes.length < MIN_CLASSES)
    out.push(`Add at least ${MIN_CLASSES} classes (there ${classes.length === 1 ? "is 1" : `are ${classes.length}`}).`);
  if (classes.length > MAX_CLASSES) out.push(`Use at most ${MAX_CLASSES} classes (there are ${classes.length}).`);
  const seen = new Set<string>();
  for (const [i, c] of classes.entries()) {
    const name = c.name.trim();
    const label = name ? `“${name}”` : `Class ${i + 1}`;
    if (!name) out.push(`${label} has no name.`);
    else if (seen.has(name.toLowerCase())) out.push(`Two classes are called ${label}: give each a different name.`);
    seen.add(name.toLowerCase());
    if (c.count === 0) out.push(`${label} has no images: add at least 2.`);
    else if (c.count === 1)
      out.push(`${label} has only one image: add at least one more, so that one can be held out for testing.`);
  }
  return out;
}

function shuffle<T>(xs: T[], random: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * Split item indices into training and held-out sets, class by class (stratified): each class with n ≥ 2 items
 * holds out round(n · fraction) of them, at least 1 and at most n − 1.
 */
export function stratifiedSplit(labels: number[], fraction: number, seed = 1): { train: number[]; heldOut: number[] } {
  const random = mulberry32(seed);
  const byClass = new Map<number, number[]>();
  for (const [i, l] of labels.entries()) byClass.set(l, [...(byClass.get(l) ?? []), i]);
  const train: number[] = [];
  const heldOut: number[] = [];
  for (const idx of [...byClass.keys()].sort((a, b) => a - b).map((k) => byClass.get(k) ?? [])) {
    const s = shuffle(idx, random);
    const n = s.length < 2 ? 0 : Math.min(s.length - 1, Math.max(1, Math.round(s.length * fraction)));
    heldOut.push(...s.slice(0, n));
    train.push(...s.slice(n));
  }
  return { train: train.sort((a, b) => a - b), heldOut: heldOut.sort((a, b) => a - b) };
}

/** The built-in demo set: three kinds of generated texture, drawn in the page. */
export const DEMO_CLASSES = ["stripes", "dots", "rings"] as const;

/**
 * One demo image, size × size RGB (0..255, row-major), generated from (class, index): stripes at a random
 * angle and period, scattered discs, or concentric rings around a random centre, each in two random colours
 * with pixel noise. Deterministic: the same arguments give the same pixels.
 */
export function demoImage(cls: number, index: number, size = 224): Uint8Array {
  const random = mulberry32(1000 * (cls + 1) + index);
  const colour = () => [0, 1, 2].map(() => 30 + Math.floor(random() * 200));
  const fg = colour();
  let bg = colour();
  // Keep the two colours apart so the pattern is visible.
  if (fg.reduce((s, v, i) => s + Math.abs(v - bg[i]), 0) < 150) bg = fg.map((v) => (v > 128 ? v - 110 : v + 110));
  const out = new Uint8Array(size * size * 3);
  const period = size * (0.05 + 0.1 * random());
  const angle = random() * Math.PI;
  const [ca, sa] = [Math.cos(angle), Math.sin(angle)];
  const cx = size * (0.25 + 0.5 * random());
  const cy = size * (0.25 + 0.5 * random());
  const discs = Array.from({ length: 8 + Math.floor(random() * 10) }, () => ({
    x: random() * size,
    y: random() * size,
    r: size * (0.03 + 0.06 * random()),
  }));
  // Plain loops, no closure per pixel: the Transfer page draws 48 of these when it opens.
  const [fg0, fg1, fg2] = fg;
  const [bg0, bg1, bg2] = bg;
  let o = 0;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let on = false;
      if (cls === 0) on = ((x * ca + y * sa) / period) % 2 < 1;
      else if (cls === 1) {
        for (const d of discs)
          if ((x - d.x) ** 2 + (y - d.y) ** 2 < d.r * d.r) {
            on = true;
            break;
          }
      } else on = (Math.hypot(x - cx, y - cy) / period) % 2 < 1;
      const noise = (random() - 0.5) * 40;
      out[o++] = Math.max(0, Math.min(255, (on ? fg0 : bg0) + noise));
      out[o++] = Math.max(0, Math.min(255, (on ? fg1 : bg1) + noise));
      out[o++] = Math.max(0, Math.min(255, (on ? fg2 : bg2) + noise));
    }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Preprocessing with augmentation

export interface Augment {
  crop: CropBox;
  flip: boolean;
}

/**
 * A random crop (a square covering 70–100 % of the image's shorter side, anywhere inside it) and a coin-flip
 * horizontal mirror.
 */
function randomAugment(width: number, height: number, random: () => number): Augment {
  const side = Math.min(width, height);
  const size = Math.max(1, Math.round(side * (0.7 + 0.3 * random())));
  return {
    crop: { x: Math.floor(random() * (width - size + 1)), y: Math.floor(random() * (height - size + 1)), size },
    flip: random() < 0.5,
  };
}

/** Pixels [h, w, 3] (0..255) → the network's input [resolution, resolution, 3] in [-1, 1]: crop, resize, flip. */
export function toInput(tf: TF, pixels: tfjs.Tensor3D, resolution: number, aug?: Augment): tfjs.Tensor3D {
  return tf.tidy(() => {
    const [h, w] = pixels.shape;
    const box = aug?.crop ?? centreCrop(w, h);
    const square = pixels.slice([box.y, box.x, 0], [box.size, box.size, 3]);
    let x = tf.image.resizeBilinear(square, [resolution, resolution]).toFloat();
    if (aug?.flip) x = x.reverse(1);
    return x.div(PIXEL_SCALE).sub(PIXEL_OFFSET) as tfjs.Tensor3D;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The cut: which layers are frozen, which are trained

/** Fine-tuning depth: 0 = head only; k = the last k rows of Table 2 plus the head. */
export interface CutInfo {
  k: number;
  /** Name of the first layer that is trained (or recomputed), or null for head only. */
  firstLayer: string | null;
  /** Layers of the pretrained network in the trained top, in order (empty for head only). */
  topLayers: string[];
  /** Shape of one cached activation (without the batch dimension). */
  cutShape: number[];
}

const POOL = "global_average_pooling2d";

/** The row (1..7) of Table 2 a block prefix belongs to, from the spec. */
function rowOfPrefix(cfg: ArchConfig): Map<string, number> {
  return new Map(blockSpecs(cfg).map((b) => [b.prefix, b.row]));
}

/**
 * Where to cut `model` (a MobileNetV2 with Keras layer names, as loaded for the Activations explorer) to
 * fine-tune its last k rows. Layers are named after their block ("block_13_expand", "block_13_pad", …), so a
 * layer is in the top when its block is in a row ≥ 8 − k, or it is in the head (Conv_1, out_relu, the pooling).
 */
export function cutInfo(model: tfjs.LayersModel, k: number, width = 1): CutInfo {
  if (!(Number.isInteger(k) && k >= 0 && k <= ROWS)) throw new Error(`k must be a whole number from 0 to ${ROWS}`);
  const names = model.layers.map((l) => l.name);
  const pool = names.indexOf(POOL);
  if (pool < 0) throw new Error(`this network has no ${POOL} layer: not a MobileNetV2 with Keras layer names`);
  if (k === 0) return { k, firstLayer: null, topLayers: [], cutShape: outShape(model.getLayer(POOL)) };
  const rows = rowOfPrefix({ width, resolution: 224, classes: 1000, convention: "reference" });
  const firstRow = ROWS + 1 - k;
  const prefixOf = (name: string) => /^(expanded_conv|block_\d+)_/.exec(name)?.[1];
  const first = names.findIndex((n) => {
    const p = prefixOf(n);
    return p !== undefined && (rows.get(p) ?? 0) >= firstRow;
  });
  if (first < 0) throw new Error(`no layer of row ${firstRow} found`);
  const topLayers = names.slice(first, pool + 1);
  const inbound = model.getLayer(names[first]).getInputAt(0) as tfjs.SymbolicTensor;
  return { k, firstLayer: names[first], topLayers, cutShape: inbound.shape.slice(1) as number[] };
}

function outShape(layer: tfjs.layers.Layer): number[] {
  return (layer.getOutputAt(0) as tfjs.SymbolicTensor).shape.slice(1) as number[];
}

/** The symbolic tensor entering the top (the cut), in `model`'s own graph. */
function cutTensor(model: tfjs.LayersModel, cut: CutInfo): tfjs.SymbolicTensor {
  return (
    cut.firstLayer ? model.getLayer(cut.firstLayer).getInputAt(0) : model.getLayer(POOL).getOutputAt(0)
  ) as tfjs.SymbolicTensor;
}

/** The frozen part: the model from its input to the cut. Shares `model`'s weights. */
export function frozenPart(tf: TF, model: tfjs.LayersModel, cut: CutInfo): tfjs.LayersModel {
  return tf.model({ inputs: model.inputs, outputs: cutTensor(model, cut) });
}

/** One pretrained layer of the top as trainable variables (kernel and bias), or a weightless step. */
interface TopStep {
  name: string;
  className: string;
  /** Indices into the step outputs (−1 = the cut) that feed this layer. */
  inputs: number[];
  kernel?: tfjs.Variable;
  bias?: tfjs.Variable;
  stride?: number;
  padding?: string;
  pads?: number[][];
}

/**
 * The top as tensors and ops rather than tfjs layers: 1×1 convolutions as matrix products and 3×3 depthwise
 * convolutions as sums of nine shifted slices. Why: the WebAssembly backend, the fastest on most machines without
 * a GPU, has no gradient kernels for convolutions, while matrix products, slices, sums and clipping all have
 * gradients there. The variables start as copies of the pretrained weights; only they change in training.
 */
export interface Top {
  steps: TopStep[];
  head: { kernel: tfjs.Variable; bias: tfjs.Variable };
  variables: tfjs.Variable[];
  cut: CutInfo;
  classes: number;
}

const WEIGHTLESS = new Set(["ReLU", "Activation", "Add", "ZeroPadding2D", "GlobalAveragePooling2D", "Dropout"]);

/** The trainable top for fine-tuning depth k (0 = head only) of `model`, with a new head of `classes` outputs. */
export function buildTop(tf: TF, model: tfjs.LayersModel, k: number, classes: number, width = 1, seed = 1): Top {
  const cut = cutInfo(model, k, width);
  const start = cutTensor(model, cut);
  const index = new Map<number, number>([[start.id, -1]]);
  const steps: TopStep[] = [];
  for (const name of cut.topLayers) {
    const layer = model.getLayer(name);
    const className = layer.getClassName();
    const cfg = layer.getConfig() as Record<string, unknown>;
    const node = layer.inboundNodes[0];
    const inputs = node.inputTensors.map((t) => {
      const i = index.get(t.id);
      if (i === undefined) throw new Error(`${name} takes an input from before the cut`);
      return i;
    });
    const step: TopStep = { name, className, inputs };
    if (className === "Conv2D" || className === "DepthwiseConv2D") {
      const ks = cfg.kernelSize as number[];
      const strides = cfg.strides as number[];
      if (className === "Conv2D" && (ks[0] !== 1 || strides[0] !== 1))
        throw new Error(`${name}: only 1×1 convolutions can be fine-tuned here`);
      if (className === "DepthwiseConv2D" && ks[0] !== 3) throw new Error(`${name}: expected a 3×3 depthwise kernel`);
      if ((cfg.activation ?? "linear") !== "linear") throw new Error(`${name}: unexpected fused activation`);
      const [kernel, bias] = layer.getWeights();
      if (!bias)
        throw new Error(`${name} has no bias: this network keeps BatchNorm layers; fine-tuning here needs them folded`);
      step.kernel = tf.variable(kernel, true);
      step.bias = tf.variable(bias, true);
      step.stride = strides[0];
      step.padding = String(cfg.padding);
    } else if (className === "ZeroPadding2D") step.pads = cfg.padding as number[][];
    else if (className === "ReLU") {
      if (cfg.maxValue !== 6) throw new Error(`${name}: expected ReLU6`);
    } else if (className === "Activation") {
      if (cfg.activation !== "relu6") throw new Error(`${name}: unsupported activation ${cfg.activation}`);
    } else if (!WEIGHTLESS.has(className))
      throw new Error(`${name}: a ${className} layer cannot be fine-tuned here (BatchNorm must be folded)`);
    index.set(node.outputTensors[0].id, steps.length);
    steps.push(step);
  }
  const features = cutInfo(model, 0, width).cutShape[0];
  const head = tf.tidy(() => ({
    kernel: tf.variable(tf.initializers.glorotUniform({ seed }).apply([features, classes]) as tfjs.Tensor, true),
    bias: tf.variable(tf.zeros([classes]), true),
  }));
  const variables = [...steps.flatMap((s) => (s.kernel && s.bias ? [s.kernel, s.bias] : [])), head.kernel, head.bias];
  return { steps, head, variables, cut, classes };
}

/** TensorFlow's SAME padding for one dimension: [before, after]. */
function samePad(size: number, stride: number, kernel = 3): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** 3×3 depthwise convolution as nine shifted (and, for stride 2, subsampled) slices times per-channel weights. */
function depthwise(
  tf: TF,
  x: tfjs.Tensor4D,
  kernel: tfjs.Tensor,
  bias: tfjs.Tensor,
  stride: number,
  same: boolean,
): tfjs.Tensor4D {
  const [n, h, w, c] = x.shape;
  let xp = x;
  if (same) {
    const [pt, pb] = samePad(h, stride);
    const [pl, pr] = samePad(w, stride);
    xp = tf.pad(x, [
      [0, 0],
      [pt, pb],
      [pl, pr],
      [0, 0],
    ]);
  }
  const [hp, wp] = [xp.shape[1], xp.shape[2]];
  const ho = Math.floor((hp - 3) / stride) + 1;
  const wo = Math.floor((wp - 3) / stride) + 1;
  let acc: tfjs.Tensor4D | null = null;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let s: tfjs.Tensor4D;
      if (stride === 1) s = xp.slice([0, i, j, 0], [n, ho, wo, c]);
      else {
        // Rows i, i+2, …: slice 2·ho rows (zero-padding where the image ends), then keep every other one.
        const rows = Math.min(2 * ho, hp - i);
        const cols = Math.min(2 * wo, wp - j);
        let t = xp.slice([0, i, j, 0], [n, rows, cols, c]);
        if (rows < 2 * ho || cols < 2 * wo)
          t = tf.pad(t, [
            [0, 0],
            [0, 2 * ho - rows],
            [0, 2 * wo - cols],
            [0, 0],
          ]);
        s = t.reshape([n, ho, 2, wo, 2, c]).slice([0, 0, 0, 0, 0, 0], [n, ho, 1, wo, 1, c]).reshape([n, ho, wo, c]);
      }
      const term = s.mul(kernel.slice([i, j, 0, 0], [1, 1, c, 1]).reshape([1, 1, 1, c])) as tfjs.Tensor4D;
      acc = acc ? (acc.add(term) as tfjs.Tensor4D) : term;
    }
  return (acc as tfjs.Tensor4D).add(bias) as tfjs.Tensor4D;
}

/** The top's forward pass: cached activations at the cut → class probabilities (logits when `logits`). */
export function topForward(tf: TF, top: Top, x: tfjs.Tensor, logits = false): tfjs.Tensor2D {
  return tf.tidy(() => {
    const outs: tfjs.Tensor[] = [];
    const get = (i: number) => (i < 0 ? x : outs[i]);
    for (const s of top.steps) {
      const a = get(s.inputs[0]) as tfjs.Tensor4D;
      let y: tfjs.Tensor;
      if (s.className === "Conv2D") {
        const [n, h, w, c] = a.shape;
        const kernel = s.kernel as tfjs.Variable;
        const cout = kernel.shape[3] as number;
        y = a
          .reshape([n * h * w, c])
          .matMul(kernel.reshape([c, cout]))
          .add(s.bias as tfjs.Variable)
          .reshape([n, h, w, cout]);
      } else if (s.className === "DepthwiseConv2D")
        y = depthwise(tf, a, s.kernel as tfjs.Variable, s.bias as tfjs.Variable, s.stride ?? 1, s.padding === "same");
      else if (s.className === "ZeroPadding2D")
        y = tf.pad(a, [[0, 0], ...(s.pads as [number, number][]), [0, 0]] as [number, number][]);
      else if (s.className === "ReLU" || s.className === "Activation") y = tf.clipByValue(a, 0, 6);
      else if (s.className === "Add") y = s.inputs.map(get).reduce((p, q) => p.add(q));
      else if (s.className === "GlobalAveragePooling2D") y = a.mean([1, 2]);
      else y = a; // Dropout: the identity outside training
      outs.push(y);
    }
    const features = top.steps.length ? outs[outs.length - 1] : x;
    const z = features.matMul(top.head.kernel).add(top.head.bias) as tfjs.Tensor2D;
    return logits ? z : (tf.softmax(z) as tfjs.Tensor2D);
  });
}

/** Dispose the top's variables. */
export function disposeTop(top: Top): void {
  for (const v of top.variables) v.dispose();
}

/** Names of the pretrained layers whose weights fine-tuning changes. */
export function trainedLayers(top: Top): string[] {
  return top.steps.filter((s) => s.kernel).map((s) => s.name);
}

/**
 * The whole trained network as one tfjs layers model (image in, probabilities out), for predictions and export:
 * a copy of `model` with the top's trained weights written into its layers and a new dense + softmax head on the
 * pooled features. The caller disposes it.
 */
export async function assembleFull(tf: TF, model: tfjs.LayersModel, top: Top): Promise<tfjs.LayersModel> {
  const copy = await cloneModel(tf, model);
  for (const s of top.steps) if (s.kernel && s.bias) copy.getLayer(s.name).setWeights([s.kernel, s.bias]);
  const dense = tf.layers.dense({ units: top.classes, name: "transfer_logits" });
  const soft = tf.layers.activation({ activation: "softmax", name: "transfer_predictions" });
  const out = soft.apply(dense.apply(copy.getLayer(POOL).getOutputAt(0) as tfjs.SymbolicTensor)) as tfjs.SymbolicTensor;
  dense.setWeights([top.head.kernel, top.head.bias]);
  const full = tf.model({ inputs: copy.inputs, outputs: out, name: "mobilenetv2_transfer" });
  // The copy's own ImageNet classifier is not part of the new network: free its weights.
  for (const l of copy.layers) if (!full.layers.includes(l)) l.dispose();
  return full;
}

/** An independent copy of a layers model (same architecture and weights), through an in-memory save. */
async function cloneModel(tf: TF, model: tfjs.LayersModel): Promise<tfjs.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(await exportArtifacts(tf, model)));
}

// ---------------------------------------------------------------------------------------------------------------
// Parameters trained, counted from the spec

export interface TrainedParams {
  /** Pretrained parameters fine-tuned (rows ≥ 8 − k and the head's 1×1 conv; BatchNorm folded into biases). */
  backbone: number;
  /** The new classifier: 1280·C + C. */
  head: number;
  total: number;
  /** All parameters of the network with the new head. */
  all: number;
}

/**
 * Parameters trained at depth k for C classes, from the analytic trace of the spec (BatchNorm folded: each conv
 * has a kernel and a bias, as in the loaded network), not from the built model.
 */
export function trainedParams(k: number, classes: number, width = 1): TrainedParams {
  const trace = traceMobileNetV2({ width, resolution: 224, classes, convention: "reference", batchNorm: false });
  const firstRow = ROWS + 1 - k;
  let backbone = 0;
  let head = 0;
  for (const l of trace.layers) {
    if (l.role === "classifier") head += l.params;
    else if (k > 0 && l.part?.kind === "row" && l.part.row >= firstRow) backbone += l.params;
    else if (k > 0 && l.part?.kind === "head") backbone += l.params;
  }
  return { backbone, head, total: backbone + head, all: trace.totals.params };
}

// ---------------------------------------------------------------------------------------------------------------
// Training

export interface EpochResult {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  heldOutLoss: number;
  heldOutAccuracy: number;
  ms: number;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed?: number;
  /** Called after every batch with (batches done, batches in all epochs). */
  onBatch?: (done: number, total: number) => void;
  onEpoch?: (r: EpochResult) => void;
  /** Checked between batches: stop after the current batch (the state is kept; train again to resume). */
  shouldStop?: () => boolean;
  /** Let the page breathe between batches (the page passes tf.nextFrame). */
  yieldFn?: () => Promise<void>;
}

/** Cached data for one mode: activations at the cut, with integer labels. */
export interface Cached {
  x: tfjs.Tensor;
  labels: number[];
}

/** The training state of one mode, kept between Stop and Resume. */
export interface TrainState {
  epochsDone: number;
  history: EpochResult[];
  optimizer: tfjs.Optimizer | null;
  learningRate: number;
}

export function newTrainState(): TrainState {
  return { epochsDone: 0, history: [], optimizer: null, learningRate: 0 };
}

/** Mean cross-entropy and accuracy of `top` on cached data, in batches. */
export async function evaluate(
  tf: TF,
  top: Top,
  data: Cached,
  batchSize = 32,
): Promise<{ loss: number; accuracy: number; predictions: number[]; probabilities: number[][] }> {
  const n = data.labels.length;
  const probabilities: number[][] = [];
  for (let s = 0; s < n; s += batchSize) {
    const p = tf.tidy(() => topForward(tf, top, data.x.slice(s, Math.min(batchSize, n - s))));
    probabilities.push(...((await p.array()) as number[][]));
    p.dispose();
  }
  let loss = 0;
  let correct = 0;
  const predictions = probabilities.map((p) => p.indexOf(Math.max(...p)));
  for (const [i, p] of probabilities.entries()) {
    loss -= Math.log(Math.max(p[data.labels[i]], 1e-7));
    if (predictions[i] === data.labels[i]) correct++;
  }
  return { loss: n ? loss / n : 0, accuracy: n ? correct / n : 0, predictions, probabilities };
}

/**
 * Train `top` on cached activations for `epochs` more epochs (continuing from `state`), evaluating the held-out
 * set after each. Adam with the given learning rate; mini-batches shuffled each epoch (seeded). Yields between
 * batches; every tensor made here is disposed. Returns whether it finished (false when stopped).
 */
export async function train(
  tf: TF,
  top: Top,
  trainData: Cached,
  heldOut: Cached,
  state: TrainState,
  o: TrainOptions,
): Promise<boolean> {
  if (!state.optimizer || state.learningRate !== o.learningRate) {
    state.optimizer?.dispose();
    state.optimizer = tf.train.adam(o.learningRate);
    state.learningRate = o.learningRate;
  }
  const optimizer = state.optimizer;
  const n = trainData.labels.length;
  const batches = Math.ceil(n / o.batchSize);
  const total = batches * o.epochs;
  const target = state.epochsDone + o.epochs;
  let done = 0;
  while (state.epochsDone < target) {
    const t0 = performance.now();
    const random = mulberry32((o.seed ?? 1) * 7919 + state.epochsDone);
    const order = shuffle(
      Array.from({ length: n }, (_, i) => i),
      random,
    );
    let lossSum = 0;
    let correct = 0;
    for (let b = 0; b < batches; b++) {
      if (o.shouldStop?.()) return false;
      const idx = order.slice(b * o.batchSize, (b + 1) * o.batchSize);
      const ys = idx.map((j) => trainData.labels[j]);
      const [loss, hits] = tf.tidy(() => {
        const xb = tf.gather(trainData.x, tf.tensor1d(idx, "int32"));
        const yb = tf.oneHot(tf.tensor1d(ys, "int32"), top.classes);
        let predicted: tfjs.Tensor | null = null;
        const cost = optimizer.minimize(
          () => {
            const logits = topForward(tf, top, xb, true);
            predicted = tf.keep(logits.argMax(1));
            return tf.losses.softmaxCrossEntropy(yb, logits) as tfjs.Scalar;
          },
          true,
          top.variables,
        ) as tfjs.Scalar;
        const acc = tf.equal(predicted as unknown as tfjs.Tensor, tf.tensor1d(ys, "int32")).sum();
        tf.dispose(predicted as unknown as tfjs.Tensor);
        return [tf.keep(cost), tf.keep(acc)];
      });
      const [l, h] = await Promise.all([loss.data(), hits.data()]);
      tf.dispose([loss, hits]);
      lossSum += l[0] * idx.length;
      correct += h[0];
      o.onBatch?.(++done, total);
      await o.yieldFn?.();
    }
    const ev = await evaluate(tf, top, heldOut);
    state.epochsDone++;
    const result: EpochResult = {
      epoch: state.epochsDone,
      trainLoss: lossSum / n,
      trainAccuracy: correct / n,
      heldOutLoss: ev.loss,
      heldOutAccuracy: ev.accuracy,
      ms: performance.now() - t0,
    };
    state.history.push(result);
    o.onEpoch?.(result);
  }
  return true;
}

/** Confusion matrix: rows = true class, columns = predicted class. */
export function confusionMatrix(truth: number[], predicted: number[], classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (const [i, t] of truth.entries()) m[t][predicted[i]]++;
  return m;
}

// ---------------------------------------------------------------------------------------------------------------
// Caching activations at the cut

/**
 * Run every image through the frozen part once: the centred crop of each, plus `copies` augmented versions of
 * the training images (random crop and flip). Returns the activations at the cut, stacked, with their labels.
 * Yields between batches; reports progress.
 */
export async function cacheActivations(
  tf: TF,
  frozen: tfjs.LayersModel,
  images: tfjs.Tensor3D[],
  labels: number[],
  resolution: number,
  o: {
    copies?: number;
    seed?: number;
    batchSize?: number;
    onProgress?: (done: number, total: number) => void;
    yieldFn?: () => Promise<void>;
    shouldStop?: () => boolean;
  } = {},
): Promise<Cached | null> {
  const random = mulberry32(o.seed ?? 1);
  const jobs: { image: number; aug?: Augment }[] = [];
  for (let i = 0; i < images.length; i++) {
    jobs.push({ image: i });
    for (let c = 0; c < (o.copies ?? 0); c++) {
      const [h, w] = images[i].shape;
      jobs.push({ image: i, aug: randomAugment(w, h, random) });
    }
  }
  const batch = o.batchSize ?? 8;
  const parts: tfjs.Tensor[] = [];
  for (let s = 0; s < jobs.length; s += batch) {
    if (o.shouldStop?.()) {
      tf.dispose(parts);
      return null;
    }
    const chunk = jobs.slice(s, s + batch);
    parts.push(
      tf.tidy(
        () =>
          frozen.predict(tf.stack(chunk.map((j) => toInput(tf, images[j.image], resolution, j.aug)))) as tfjs.Tensor,
      ),
    );
    o.onProgress?.(Math.min(s + batch, jobs.length), jobs.length);
    await o.yieldFn?.();
  }
  const x = parts.length ? tf.concat(parts) : tf.zeros([0, ...(frozen.outputs[0].shape.slice(1) as number[])]);
  tf.dispose(parts);
  return { x, labels: jobs.map((j) => labels[j.image]) };
}

// ---------------------------------------------------------------------------------------------------------------
// Export

/**
 * The trained network as TF.js layers-model artifacts (model.json + weights), e.g. for tf.io.browserDownloads
 * (and, loaded back from memory, an independent copy: cloneModel).
 */
export async function exportArtifacts(tf: TF, full: tfjs.LayersModel): Promise<tfjs.io.ModelArtifacts> {
  let saved: tfjs.io.ModelArtifacts | undefined;
  await full.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  if (!saved) throw new Error("the model could not be saved");
  return saved;
}
