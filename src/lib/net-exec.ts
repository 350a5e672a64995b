/**
 * A trained MobileNetV2 (any tf.LayersModel made of the layers graph.ts uses: Conv2D, DepthwiseConv2D,
 * BatchNormalization, ReLU, Add, GlobalAveragePooling2D, Dense, Softmax) run as plain tfjs ops, layer by layer,
 * instead of through tf.LayersModel.predict. Why: gradients. Keras' conv layers use fused ops whose gradient also
 * computes the kernel's gradient, and the WebAssembly backend has no kernel for that nor for the depthwise
 * convolution's input gradient, so `tf.grad` through `model.apply` fails there. Here a conv is an unfused
 * tf.conv2d (a 1×1 conv a matMul), and the depthwise conv carries its own input gradient (a depthwise conv of
 * the zero-interleaved output gradient with the flipped kernel), so gradients with respect to the input or to
 * any layer's output run on every backend. The forward pass also lets a caller add a tensor to any layer's
 * output (to take the gradient with respect to it) or fake-quantize layer outputs (to imitate int8 inference).
 *
 * No tfjs import at run time: every function takes the caller's tfjs namespace.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { runStepsWhile, yieldToEventLoop } from "./steps.js";
import type { TF } from "./tf-type.js";

type T4 = tfjs.Tensor4D;

export type ExecOp =
  | { op: "input" }
  | { op: "conv"; kernel: number; stride: number; same: boolean; filters: number; activation: Activation }
  | { op: "depthwise"; kernel: number; stride: number; same: boolean; activation: Activation }
  | { op: "batchnorm"; epsilon: number }
  | { op: "relu"; max: number | null }
  | { op: "add" }
  | { op: "gap" }
  | { op: "dense"; units: number; activation: Activation }
  | { op: "softmax" };

export type Activation = "linear" | "relu" | "relu6" | "softmax";

export type ExecNode = ExecOp & { name: string; inputs: string[] };

/** A network ready to run: its layers in execution order and their weights (owned by the model). */
export interface ExecNet {
  nodes: ExecNode[];
  /** [height, width, channels] of the input. */
  input: [number, number, number];
  /** Name of the classifier's linear output (the logits) when the model has one, else null. */
  logits: string | null;
  /** The model's output layer. */
  output: string;
  weights: Map<string, tfjs.Tensor[]>;
  /**
   * Transposed kernels of the matrix products (1×1 convs, the classifier): their input gradient multiplies by
   * these, because a product with a transposed operand is several times slower on the WebAssembly backend.
   */
  transposed: Map<string, tfjs.Tensor>;
  /** Tensors made here (reshaped kernels): disposeNet frees them, the model's own weights stay. */
  owned: tfjs.Tensor[];
}

function activationOf(name: unknown): Activation {
  if (name === undefined || name === null || name === "linear") return "linear";
  if (name === "relu" || name === "relu6" || name === "softmax") return name;
  throw new Error(`activation "${String(name)}" is not supported`);
}

function sameOrValid(padding: unknown, layer: string): boolean {
  if (padding === "same") return true;
  if (padding === "valid") return false;
  throw new Error(`${layer}: padding "${String(padding)}" is not supported`);
}

function square(v: unknown, what: string): number {
  const a = Array.isArray(v) ? v : [v];
  if (!a.every((x) => x === a[0])) throw new Error(`${what}: only square kernels and strides are supported`);
  return Number(a[0]);
}

/**
 * Read a tf.LayersModel's layers (in the model's topological order), their configuration and weights. Throws
 * when the model uses a layer this executor does not know.
 */
export function execNet(tf: TF, model: tfjs.LayersModel): ExecNet {
  const nodes: ExecNode[] = [];
  const weights = new Map<string, tfjs.Tensor[]>();
  const owned: tfjs.Tensor[] = [];
  const transposed = new Map<string, tfjs.Tensor>();
  const inputName = model.inputLayers[0].name;
  let logits: string | null = null;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const cfg = layer.getConfig() as Record<string, unknown>;
    const inbound = layer.inboundNodes[0]?.inboundLayers.map((l) => l.name) ?? [];
    const name = layer.name;
    const w = layer.getWeights();
    let node: ExecNode;
    switch (cls) {
      case "InputLayer":
        node = { op: "input", name, inputs: [] };
        break;
      case "Conv2D": {
        const k = square(cfg.kernelSize, name);
        node = {
          op: "conv",
          name,
          inputs: inbound,
          kernel: k,
          stride: square(cfg.strides, name),
          same: sameOrValid(cfg.padding, name),
          filters: Number(cfg.filters),
          activation: activationOf(cfg.activation),
        };
        if (square(cfg.dilationRate ?? 1, name) !== 1)
          throw new Error(`${name}: dilated convolutions are not supported`);
        // 1×1 stride-1 convolutions run as one matrix product: fast forward and backward on every backend.
        if (k === 1 && node.stride === 1) {
          const [, , cin, cout] = w[0].shape;
          const m = tf.reshape(w[0], [cin, cout]);
          const mt = tf.transpose(m);
          owned.push(m, mt);
          weights.set(name, [m, ...w.slice(1)]);
          transposed.set(name, mt);
        } else weights.set(name, w);
        break;
      }
      case "DepthwiseConv2D":
        if (Number(cfg.depthMultiplier ?? 1) !== 1) throw new Error(`${name}: depth multiplier must be 1`);
        node = {
          op: "depthwise",
          name,
          inputs: inbound,
          kernel: square(cfg.kernelSize, name),
          stride: square(cfg.strides, name),
          same: sameOrValid(cfg.padding, name),
          activation: activationOf(cfg.activation),
        };
        weights.set(name, w);
        break;
      case "BatchNormalization":
        node = { op: "batchnorm", name, inputs: inbound, epsilon: Number(cfg.epsilon ?? 1e-3) };
        if (cfg.center === false || cfg.scale === false)
          throw new Error(`${name}: BatchNormalization without centre or scale is not supported`);
        weights.set(name, w);
        break;
      case "ReLU":
        if (Number(cfg.negativeSlope ?? 0) !== 0 || Number(cfg.threshold ?? 0) !== 0)
          throw new Error(`${name}: leaky or thresholded ReLU is not supported`);
        node = { op: "relu", name, inputs: inbound, max: cfg.maxValue == null ? null : Number(cfg.maxValue) };
        break;
      case "Activation":
        node =
          cfg.activation === "softmax"
            ? { op: "softmax", name, inputs: inbound }
            : {
                op: "relu",
                name,
                inputs: inbound,
                max: activationOf(cfg.activation) === "relu6" ? 6 : null,
              };
        if (cfg.activation !== "softmax" && activationOf(cfg.activation) === "linear")
          throw new Error(`${name}: linear Activation layers are not supported`);
        break;
      case "Add":
        node = { op: "add", name, inputs: inbound };
        break;
      case "GlobalAveragePooling2D":
        node = { op: "gap", name, inputs: inbound };
        break;
      case "Dense":
        node = {
          op: "dense",
          name,
          inputs: inbound,
          units: Number(cfg.units),
          activation: activationOf(cfg.activation),
        };
        if (node.activation === "linear") logits = name;
        weights.set(name, w);
        {
          const mt = tf.transpose(w[0]);
          owned.push(mt);
          transposed.set(name, mt);
        }
        break;
      case "Softmax":
        node = { op: "softmax", name, inputs: inbound };
        break;
      default:
        throw new Error(`layer ${name}: ${cls} layers are not supported by the gradient tools`);
    }
    nodes.push(node);
  }
  if (nodes[0]?.name !== inputName) throw new Error("the model's first layer is not its input");
  const shape = model.inputs[0].shape.slice(1) as [number, number, number];
  return { nodes, input: shape, logits, output: model.outputLayers[0].name, weights, transposed, owned };
}

/** Free the tensors execNet made (the model keeps its own weights). */
export function disposeNet(net: ExecNet): void {
  for (const t of net.owned) t.dispose();
  net.owned.length = 0;
}

/** TensorFlow's "same" padding along one axis: [before, after]. */
export function samePadding(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * The input gradient of a depthwise convolution ("same" or "valid" padding, any stride), written with ops every
 * backend has: the output gradient is zero-interleaved (stride), padded and correlated with the flipped kernel.
 */
export function depthwiseInputGradient(
  tf: TF,
  dy: T4,
  kernel: T4,
  inShape: [number, number, number, number],
  stride: number,
  same: boolean,
): T4 {
  return tf.tidy(() => {
    const [n, h, w, c] = inShape;
    const k = kernel.shape[0];
    const [oh, ow] = [dy.shape[1], dy.shape[2]];
    const [pt] = same ? samePadding(h, k, stride) : [0];
    const [pl] = same ? samePadding(w, k, stride) : [0];
    let up: T4 = dy;
    if (stride > 1) {
      const r = tf.reshape(dy, [n, oh, 1, ow, 1, c]);
      const p = tf.pad(r, [
        [0, 0],
        [0, 0],
        [0, stride - 1],
        [0, 0],
        [0, stride - 1],
        [0, 0],
      ]);
      up = tf.reshape(p, [n, oh * stride, ow * stride, c]);
    }
    // dx[y] = Σ_m up[y + m − (k − 1 − pt)] · w[k − 1 − m]: pad by k − 1 − pt before, crop to h + k − 1.
    const before = [k - 1 - pt, k - 1 - pl];
    const needH = h + k - 1;
    const needW = w + k - 1;
    const afterH = needH - before[0] - up.shape[1];
    const afterW = needW - before[1] - up.shape[2];
    let padded = tf.pad(up, [
      [0, 0],
      [Math.max(before[0], 0), Math.max(afterH, 0)],
      [Math.max(before[1], 0), Math.max(afterW, 0)],
      [0, 0],
    ]);
    const top = before[0] < 0 ? -before[0] : 0;
    const left = before[1] < 0 ? -before[1] : 0;
    padded = tf.slice(padded, [0, top, left, 0], [n, needH, needW, c]);
    return tf.depthwiseConv2d(padded, tf.reverse(kernel, [0, 1]) as T4, 1, "valid");
  });
}

/** A depthwise convolution (no bias) whose input gradient runs on every backend; the kernel is a constant. */
function depthwise(tf: TF, x: T4, kernel: T4, stride: number, same: boolean): T4 {
  const f = tf.customGrad((...args: (tfjs.Tensor | tfjs.GradSaveFunc)[]) => {
    const x4 = args[0] as T4;
    const value = tf.depthwiseConv2d(x4, kernel, stride, same ? "same" : "valid");
    const shape = x4.shape as [number, number, number, number];
    return {
      value,
      gradFunc: (dy: tfjs.Tensor) => depthwiseInputGradient(tf, dy as T4, kernel, shape, stride, same),
    };
  });
  return f(x) as T4;
}

/** x · w with the input gradient dy · wᵀ computed from a stored wᵀ (no transposed product). */
function matMulT(tf: TF, x: tfjs.Tensor2D, w: tfjs.Tensor2D, wt: tfjs.Tensor2D | undefined): tfjs.Tensor2D {
  if (!wt) return tf.matMul(x, w);
  const f = tf.customGrad((...args: (tfjs.Tensor | tfjs.GradSaveFunc)[]) => ({
    value: tf.matMul(args[0] as tfjs.Tensor2D, w),
    gradFunc: (dy: tfjs.Tensor) => tf.matMul(dy as tfjs.Tensor2D, wt),
  }));
  return f(x) as tfjs.Tensor2D;
}

function activate(tf: TF, x: tfjs.Tensor, a: Activation): tfjs.Tensor {
  switch (a) {
    case "linear":
      return x;
    case "relu":
      return tf.relu(x);
    case "relu6":
      return tf.relu6(x);
    case "softmax":
      return tf.softmax(x);
  }
}

/** Affine quantization parameters of one tensor (as TFLite stores them). */
export interface ActQuant {
  scale: number;
  zeroPoint: number;
  /** Integer range, e.g. −128…127 for int8. */
  qmin: number;
  qmax: number;
  /** Index of the tensor in the file these parameters come from, when they come from a file. */
  tensor?: number;
}

/** Quantize and dequantize: round(x / scale) + zeroPoint clamped to [qmin, qmax], then back to float. */
export function fakeQuant(tf: TF, x: tfjs.Tensor, q: ActQuant): tfjs.Tensor {
  return tf.tidy(() => {
    const lo = (q.qmin - q.zeroPoint) * q.scale;
    const hi = (q.qmax - q.zeroPoint) * q.scale;
    return tf.mul(tf.round(tf.div(tf.clipByValue(x, lo, hi), q.scale)), q.scale);
  });
}

export interface ForwardOptions {
  /** Layer outputs to return; the pass stops once all are computed. Default: the model's output. */
  outputs?: readonly string[];
  /** Tensors added to layers' outputs (zeros whose gradient is the gradient with respect to that output). */
  add?: ReadonlyMap<string, tfjs.Tensor>;
  /** Fake-quantize these layers' outputs ("input" for the input), imitating integer inference. */
  quant?: ReadonlyMap<string, ActQuant>;
  /**
   * Start after this layer: x is its output (add and quant already applied) and only the layers after it run.
   * It must be a cut (`cutPoints`): no later layer may read an earlier layer's output. Default: the input.
   */
  from?: string;
}

/**
 * Run the network on a batch x [n, h, w, 3]. Returns the requested layers' outputs; the intermediate tensors
 * are the caller's to free (wrap the call in tf.tidy, or in tf.grad which does).
 */
export function forward(tf: TF, net: ExecNet, x: tfjs.Tensor, opts: ForwardOptions = {}): Map<string, tfjs.Tensor> {
  const want = new Set(opts.outputs ?? [net.output]);
  const values = new Map<string, tfjs.Tensor>();
  const result = new Map<string, tfjs.Tensor>();
  let first = 0;
  if (opts.from !== undefined) {
    first = net.nodes.findIndex((n) => n.name === opts.from) + 1;
    if (first === 0) throw new Error(`the network has no layer ${opts.from}`);
    values.set(opts.from, x);
    if (want.has(opts.from)) result.set(opts.from, x);
  }
  for (const n of net.nodes.slice(first)) {
    if (result.size === want.size) break;
    const ins = n.inputs.map((i) => {
      const v = values.get(i);
      if (!v) throw new Error(`layer ${n.name}: input ${i} has not been computed`);
      return v;
    });
    const w = net.weights.get(n.name) ?? [];
    let y: tfjs.Tensor;
    switch (n.op) {
      case "input":
        y = x;
        break;
      case "conv": {
        const x4 = ins[0] as T4;
        if (n.kernel === 1 && n.stride === 1) {
          const [b, h, wd, c] = x4.shape;
          const t = net.transposed.get(n.name) as tfjs.Tensor2D | undefined;
          y = tf.reshape(matMulT(tf, tf.reshape(x4, [b * h * wd, c]), w[0] as tfjs.Tensor2D, t), [b, h, wd, n.filters]);
        } else y = tf.conv2d(x4, w[0] as T4, n.stride, n.same ? "same" : "valid");
        if (w[1]) y = tf.add(y, w[1]);
        y = activate(tf, y, n.activation);
        break;
      }
      case "depthwise":
        y = depthwise(tf, ins[0] as T4, w[0] as T4, n.stride, n.same);
        if (w[1]) y = tf.add(y, w[1]);
        y = activate(tf, y, n.activation);
        break;
      case "batchnorm": {
        const [gamma, beta, mean, variance] = w;
        y = tf.add(tf.mul(tf.sub(ins[0], mean), tf.div(gamma, tf.sqrt(tf.add(variance, n.epsilon)))), beta);
        break;
      }
      case "relu":
        y = n.max === null ? tf.relu(ins[0]) : n.max === 6 ? tf.relu6(ins[0]) : tf.clipByValue(ins[0], 0, n.max);
        break;
      case "add":
        y = ins.slice(1).reduce((s, t) => tf.add(s, t), ins[0]);
        break;
      case "gap":
        y = tf.mean(ins[0], [1, 2]);
        break;
      case "dense":
        y = matMulT(tf, ins[0] as tfjs.Tensor2D, w[0] as tfjs.Tensor2D, net.transposed.get(n.name) as tfjs.Tensor2D);
        if (w[1]) y = tf.add(y, w[1]);
        y = activate(tf, y, n.activation);
        break;
      case "softmax":
        y = tf.softmax(ins[0]);
        break;
    }
    const extra = opts.add?.get(n.name);
    if (extra) y = tf.add(y, extra);
    const q = opts.quant?.get(n.name);
    if (q) y = fakeQuant(tf, y, q);
    values.set(n.name, y);
    if (want.has(n.name)) {
      result.set(n.name, y);
      if (result.size === want.size) break;
    }
  }
  for (const name of want) if (!result.has(name)) throw new Error(`the network has no layer ${name}`);
  return result;
}

/** Output shape [h, w, c] (or [c]) of every layer for the net's input size, by running no arithmetic. */
export function execShapes(net: ExecNet): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  for (const n of net.nodes) {
    const s = n.inputs.length ? shapes.get(n.inputs[0])! : [...net.input];
    switch (n.op) {
      case "input":
        shapes.set(n.name, [...net.input]);
        break;
      case "conv":
      case "depthwise": {
        const out = (v: number) => (n.same ? Math.ceil(v / n.stride) : Math.ceil((v - n.kernel + 1) / n.stride));
        shapes.set(n.name, [out(s[0]), out(s[1]), n.op === "conv" ? n.filters : s[2]]);
        break;
      }
      case "gap":
        shapes.set(n.name, [s[2]]);
        break;
      case "dense":
        shapes.set(n.name, [n.units]);
        break;
      default:
        shapes.set(n.name, s);
    }
  }
  return shapes;
}

/*
 * Long passes in short steps. MobileNetV2 is a chain of blocks: after a block's output is computed, nothing
 * computed before it is read again. A pass can therefore run segment by segment, keeping only the tensor at each
 * cut, and a gradient can run backwards segment by segment: for segment k, tf.grad of the segment (its input →
 * its output) with the gradient at its output as the upstream gradient gives the gradient at its input. Each
 * segment is one step (a small part of the whole pass), so a page can yield to the event loop between steps; the
 * result is the same gradient as one tf.grad through the whole network (the same operations on the same values).
 */

/**
 * The layers after which the network is a chain: no tensor computed at or before the layer, other than its own
 * output, is read by a later layer (the input, each block's output, and every layer of a block without a residual
 * connection). A pass can stop at a cut and go on from its output alone (`forward`'s `from`).
 */
export function cutPoints(net: ExecNet): Set<string> {
  const index = new Map(net.nodes.map((n, i) => [n.name, i]));
  const lastUse = net.nodes.map((_, i) => i);
  net.nodes.forEach((n, i) => {
    for (const name of n.inputs) {
      const j = index.get(name);
      if (j !== undefined) lastUse[j] = Math.max(lastUse[j], i);
    }
  });
  const cuts = new Set<string>();
  let reach = -1; // the last layer reading an output computed before layer i
  net.nodes.forEach((n, i) => {
    if (reach <= i) cuts.add(n.name);
    reach = Math.max(reach, lastUse[i]);
  });
  return cuts;
}

/**
 * Work of each layer in multiply-add equivalents, to split a pass into steps of similar length. An element-wise
 * operation counts as ELEMENTWISE multiply-adds per element and a depthwise multiply-add as DEPTHWISE: on the
 * WebAssembly backend those are memory-bound (BatchNorm alone was ~40% of an unfused pass) while a 1×1
 * convolution runs as a fast matrix product.
 */
const ELEMENTWISE = 20;
const DEPTHWISE = 4;
export function layerCosts(net: ExecNet): number[] {
  const shapes = execShapes(net);
  const size = (s: number[] | undefined) => (s ?? []).reduce((a, b) => a * b, 1);
  return net.nodes.map((n) => {
    const out = shapes.get(n.name);
    const inp = n.inputs.length ? shapes.get(n.inputs[0]) : out;
    const elements = size(out);
    switch (n.op) {
      case "input":
        return 0;
      case "conv":
        return elements * n.kernel ** 2 * (inp?.[2] ?? 1) + 2 * ELEMENTWISE * elements;
      case "depthwise":
        return DEPTHWISE * elements * n.kernel ** 2 + 2 * ELEMENTWISE * elements;
      case "batchnorm":
        return 3 * ELEMENTWISE * elements;
      case "dense":
        return size(inp) * n.units + ELEMENTWISE * elements;
      case "gap":
        return ELEMENTWISE * size(inp);
      default:
        return ELEMENTWISE * elements * Math.max(1, n.inputs.length - 1);
    }
  });
}

/**
 * Work of one step: about 1/30 of a forward pass of MobileNetV2 1.0 at 224×224 in layerCosts' units (a gradient
 * step, forward and backward through its segment, gets a third of it). Small, because a network's first pass on
 * the WebAssembly backend also packs each layer's weights, which can double or triple a step's time.
 */
export const STEP_COST = 40e6;

/**
 * The cuts that split the layers after `from` up to `to` into segments of at most `budget` work each (a segment
 * between two neighbouring cuts is never split, so a single block may exceed it): [from, …, to]. `from` must be
 * a cut; `to` need not be.
 */
export function segmentBounds(net: ExecNet, from: string, to: string, budget = STEP_COST): string[] {
  const names = net.nodes.map((n) => n.name);
  const i0 = names.indexOf(from);
  const i1 = names.indexOf(to);
  if (i0 < 0) throw new Error(`the network has no layer ${from}`);
  if (i1 < 0) throw new Error(`the network has no layer ${to}`);
  if (i1 < i0) throw new Error(`${to} comes before ${from}`);
  const cuts = cutPoints(net);
  if (!cuts.has(from)) throw new Error(`a pass cannot start after ${from}: later layers read earlier outputs`);
  const cost = layerCosts(net);
  const bounds = [from];
  let acc = 0;
  let span = 0;
  let lastCut = i0;
  for (let i = i0 + 1; i <= i1; i++) {
    span += cost[i];
    if (i !== i1 && !cuts.has(names[i])) continue;
    if (acc > 0 && acc + span > budget) {
      bounds.push(names[lastCut]);
      acc = 0;
    }
    acc += span;
    span = 0;
    lastCut = i;
  }
  if (i1 > i0) bounds.push(to);
  return bounds;
}

function layerIndex(net: ExecNet, name: string): number {
  const i = net.nodes.findIndex((n) => n.name === name);
  if (i < 0) throw new Error(`the network has no layer ${name}`);
  return i;
}

/**
 * `forward` as steps of about `budget` work (see segmentBounds): each step runs one segment and keeps only its
 * output and the requested outputs in it. Returns the requested outputs, which the caller frees; stopping early
 * (the generator's return) frees everything. Takes the same options as `forward`.
 */
export function* forwardSteps(
  tf: TF,
  net: ExecNet,
  x: tfjs.Tensor,
  opts: ForwardOptions & { budget?: number } = {},
): Generator<void, Map<string, tfjs.Tensor>> {
  const want = [...new Set(opts.outputs ?? [net.output])];
  const start = opts.from ?? net.nodes[0].name;
  const i0 = layerIndex(net, start);
  const at = new Map(want.map((w) => [w, layerIndex(net, w)]));
  const last = Math.max(...at.values());
  if (last < i0) throw new Error(`${want.find((w) => at.get(w)! < i0)} comes before ${start}`);
  const bounds = segmentBounds(net, start, net.nodes[last].name, opts.budget);
  const kept = new Map<string, tfjs.Tensor>();
  let cur = x;
  let finished = false;
  try {
    if (opts.from !== undefined && want.includes(start)) kept.set(start, x.clone());
    for (let k = 0; k + 1 < bounds.length; k++) {
      const [a, b] = [layerIndex(net, bounds[k]), layerIndex(net, bounds[k + 1])];
      const inside = want.filter((w) => at.get(w)! > a && at.get(w)! <= b);
      const from = k === 0 ? opts.from : bounds[k];
      const input = cur;
      const outs = tf.tidy(() => {
        const m = forward(tf, net, input, { ...opts, from, outputs: [...inside, bounds[k + 1]] });
        return [m.get(bounds[k + 1])!.clone(), ...inside.map((w) => m.get(w)!.clone())];
      });
      for (const [i, w] of inside.entries()) kept.set(w, outs[i + 1]);
      if (cur !== x) cur.dispose();
      cur = outs[0];
      yield;
    }
    finished = true;
    return kept;
  } finally {
    if (cur !== x) cur.dispose();
    if (!finished) tf.dispose([...kept.values()]);
  }
}

export interface GradStepsOptions {
  /** The layer whose output the objective reads. */
  of: string;
  /** A scalar of that output (e.g. one class's logit); its gradient is taken. */
  objective: (y: tfjs.Tensor) => tfjs.Scalar;
  /** The layer whose output the gradient is with respect to (default: the input). */
  wrt?: string;
  /** Layer outputs from the input up to `of` to return too (for Grad-CAM, the layer's own map). */
  keep?: readonly string[];
  /** Work of one forward step (STEP_COST); a gradient step gets a third of it. */
  budget?: number;
}

export interface GradResult {
  /** ∂objective/∂(output of `wrt`), the shape of that output. */
  grad: tfjs.Tensor;
  /** The objective's value. */
  value: number;
  kept: Map<string, tfjs.Tensor>;
}

/**
 * The gradient of `objective(output of of)` with respect to the output of `wrt` (default: the input x), as steps:
 * a forward pass segment by segment keeping the tensor at each cut, then backwards one segment a step, each a
 * tf.grad of that segment given the gradient at its output. Equal to one tf.grad through the whole pass. Returns
 * tensors the caller frees; stopping early frees everything.
 */
export function* gradSteps(tf: TF, net: ExecNet, x: tfjs.Tensor, o: GradStepsOptions): Generator<void, GradResult> {
  const budget = o.budget ?? STEP_COST;
  const names = net.nodes.map((n) => n.name);
  const wrt = o.wrt ?? names[0];
  const iw = layerIndex(net, wrt);
  const it = layerIndex(net, o.of);
  if (iw > it) throw new Error(`${wrt} comes after ${o.of}`);
  const cuts = cutPoints(net);
  let c0 = iw;
  while (!cuts.has(names[c0])) c0--;
  const keep = [...new Set(o.keep ?? [])];
  for (const k of keep) if (layerIndex(net, k) > it) throw new Error(`${k} comes after ${o.of}`);
  // Outputs at or before the first cut come from the forward steps, later ones from the backward steps.
  const early = keep.filter((k) => layerIndex(net, k) <= c0);
  const bounds = segmentBounds(net, names[c0], o.of, budget / 3);
  const kept = new Map<string, tfjs.Tensor>();
  const xs: tfjs.Tensor[] = []; // the tensor at each bound but the last
  let dy: tfjs.Tensor | null = null;
  let finished = false;
  try {
    if (c0 === 0) {
      xs.push(x.clone());
      if (early.length) kept.set(names[0], x.clone());
    } else {
      const pre = yield* forwardSteps(tf, net, x, { outputs: [names[c0], ...early], budget });
      xs.push(pre.get(names[c0])!.clone());
      for (const [k, v] of pre) if (early.includes(k)) kept.set(k, v);
      for (const [k, v] of pre) if (!early.includes(k)) v.dispose();
    }
    const K = bounds.length - 1;
    for (let k = 0; k + 1 < K; k++) {
      const input = xs[k];
      xs.push(
        tf.tidy(() => forward(tf, net, input, { from: bounds[k], outputs: [bounds[k + 1]] }).get(bounds[k + 1])!),
      );
      yield;
    }
    let value = Number.NaN;
    if (K === 0) {
      // The objective reads the first cut itself.
      const r = tf.tidy(() => {
        const g = tf.valueAndGrad(o.objective)(xs[0]);
        value = g.value.dataSync()[0];
        return g.grad;
      });
      dy = r;
    }
    for (let k = K - 1; k >= 0; k--) {
      const viaAdd = k === 0 && iw !== c0;
      const [a, b] = [layerIndex(net, bounds[k]), layerIndex(net, bounds[k + 1])];
      const inside = keep.filter((w) => layerIndex(net, w) > a && layerIndex(net, w) <= b);
      const xk = xs[k];
      const upstream: tfjs.Tensor | null = dy;
      const segment = (v: tfjs.Tensor) => {
        const outs = forward(tf, net, viaAdd ? xk : v, {
          from: bounds[k],
          outputs: [bounds[k + 1], ...inside],
          add: viaAdd ? new Map([[wrt, v]]) : undefined,
        });
        for (const w of inside) kept.set(w, tf.keep(outs.get(w)!.clone()));
        return outs.get(bounds[k + 1])!;
      };
      const next = tf.tidy(() => {
        const v = viaAdd ? tf.zeros([x.shape[0], ...(execShapes(net).get(wrt) ?? [])]) : xk;
        if (k === K - 1) {
          const g = tf.valueAndGrad((t: tfjs.Tensor) => o.objective(segment(t)))(v);
          value = g.value.dataSync()[0];
          return g.grad;
        }
        return tf.grad(segment)(v, upstream as tfjs.Tensor);
      });
      upstream?.dispose();
      dy = next;
      xs.pop()?.dispose();
      yield;
    }
    finished = true;
    return { grad: dy as tfjs.Tensor, value, kept };
  } finally {
    tf.dispose(xs);
    if (!finished) {
      dy?.dispose();
      tf.dispose([...kept.values()]);
    }
  }
}

/**
 * `layer`'s output for one input ([h, w, 3] values), the pass in steps with a pause every ~30 ms; null (and nothing
 * left behind) when `current()` turns false on the way. The caller disposes the tensor.
 */
export async function layerOutputInSteps(
  tf: TF,
  net: ExecNet,
  input: Float32Array,
  layer: string,
  current: () => boolean = () => true,
): Promise<tfjs.Tensor | null> {
  const x = tf.tensor4d(input, [1, ...net.input]);
  try {
    const outs = await runStepsWhile(forwardSteps(tf, net, x, { outputs: [layer] }), current);
    return (outs?.get(layer) as tfjs.Tensor | undefined) ?? null;
  } finally {
    x.dispose();
  }
}

/**
 * The class probabilities (softmax of the logits, or the output when the model has no logits) for one input
 * [h, w, 3], the pass in steps with a pause to the event loop first and every ~30 ms.
 */
export async function classProbabilities(tf: TF, net: ExecNet, input: Float32Array): Promise<Float32Array> {
  await yieldToEventLoop();
  const score = net.logits ?? net.output;
  const y = (await layerOutputInSteps(tf, net, input, score)) as tfjs.Tensor;
  const p = net.logits ? tf.softmax(y) : y;
  try {
    return (await p.data()) as Float32Array;
  } finally {
    tf.dispose([p, y]);
  }
}
