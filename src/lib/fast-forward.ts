/**
 * The fast inference path: the same network as a tfjs layers model, run as a plain function of fused ops.
 * BatchNorm is folded into the kernel and bias of the conv before it (kernel·γ/√(σ²+ε), (b−μ)·γ/√(σ²+ε)+β),
 * and every conv becomes one tf.fused.conv2d / tf.fused.depthwiseConv2d with its bias and its ReLU6 (the linear
 * projection gets none). The educational model (build.ts) keeps BatchNorm visible for counting; this path is
 * what runs when the site wants an output or a time.
 *
 * fuseModel reads any tfjs layers model made of Conv2D, DepthwiseConv2D, BatchNormalization, ReLU / Activation,
 * Add, ZeroPadding2D, GlobalAveragePooling2D, Dense, Dropout, Flatten, Reshape and Softmax layers: the
 * educational model, the converted Keras model (BatchNorm already folded) and the TFLite import alike. Weights
 * that need no folding are the model's own tensors, not copies, so holding a fused network beside its model
 * costs only the folded ones. Each step is named after the last Keras layer it covers, so the explorer's taps
 * (Conv1_relu, block_3_expand_relu, block_3_project, block_3_add, out_relu, …) are step outputs.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { runSteps, runStepsAsync } from "./steps.js";
import type { TF } from "./tf-type.js";

type Activation = "linear" | "relu" | "relu6";

/** Which part of the network a step belongs to, in the paper's terms. */
export type StepKind = "stem" | "expansion" | "depthwise" | "projection" | "add" | "head" | "classifier" | "other";

interface StepBase {
  /** The step's output name: the last Keras layer it covers. */
  name: string;
  /** Every Keras layer it covers, in order (e.g. block_3_expand, block_3_expand_BN, block_3_expand_relu). */
  layers: string[];
  /** Names of the steps (or "input") that feed it. */
  inputs: string[];
  kind: StepKind;
}

export type FusedStep = StepBase &
  (
    | {
        op: "conv" | "depthwise";
        filter: tfjs.Tensor4D;
        bias: tfjs.Tensor1D | null;
        strides: [number, number];
        dilations: [number, number];
        pad: "same" | "valid" | [[number, number], [number, number]];
        activation: Activation;
        /** Multiply-adds per output position (kernel area × input channels for a conv, × 1 for depthwise). */
        maddsPerOutput: number;
      }
    | { op: "add" }
    | { op: "gap" }
    | { op: "dense"; kernel: tfjs.Tensor2D; bias: tfjs.Tensor1D | null; activation: Activation }
    | { op: "activation"; activation: Activation | "softmax" }
    | { op: "batchnorm"; scale: tfjs.Tensor1D; offset: tfjs.Tensor1D }
    | { op: "pad"; pad: [[number, number], [number, number]] }
    | { op: "reshape"; shape: number[] }
  );

export interface FusedNetwork {
  steps: FusedStep[];
  /** The step whose output is the network's output. */
  output: string;
  /** [height, width, channels] of the input. */
  inputShape: number[];
  /** Every Keras layer name → the step whose output it equals (Dropout, for one, is its input's step). */
  outputOf: Map<string, string>;
  /** Tensors made for this network (folded weights); the model's own tensors it reuses are not here. */
  owned: tfjs.Tensor[];
  /** Frees the folded weights (not the source model's). */
  dispose(): void;
}

type AnyLayer = tfjs.layers.Layer;

function pair(v: unknown, fallback: number): [number, number] {
  if (Array.isArray(v)) return [Number(v[0]), Number(v[1] ?? v[0])];
  if (typeof v === "number") return [v, v];
  return [fallback, fallback];
}

function activationOf(name: unknown, layer: string): Activation | "softmax" {
  const a = String(name ?? "linear").toLowerCase();
  if (a === "linear" || a === "relu" || a === "relu6" || a === "softmax") return a;
  throw new Error(`layer ${layer}: activation "${a}" is not supported by the fast path`);
}

function kindOf(name: string): StepKind {
  if (/^Conv1($|_)|^bn_Conv1$/.test(name)) return "stem";
  if (/_expand($|_)/.test(name)) return "expansion";
  if (/_depthwise($|_)/.test(name)) return "depthwise";
  if (/_project($|_)/.test(name)) return "projection";
  if (/_add$/.test(name)) return "add";
  if (/^Conv_1($|_)|^out_relu$/.test(name)) return "head";
  if (/logits|predictions|global_average_pooling|dense/i.test(name)) return "classifier";
  return "other";
}

/**
 * Turn a layers model into a fused network. Folding runs once here (each layer inside its own tf.tidy); the
 * returned network owns the folded tensors only. The model must stay alive while the network is used (unfolded weights are shared).
 */
export function fuseModel(tf: TF, model: tfjs.LayersModel): FusedNetwork {
  return runSteps(fuseSteps(tf, model));
}

/** fuseModel, yielding to the page every ~30 ms (folding reads every weight: ~75 ms for MobileNetV2 on WASM). */
export function fuseModelAsync(tf: TF, model: tfjs.LayersModel): Promise<FusedNetwork> {
  return runStepsAsync(fuseSteps(tf, model));
}

/** Folding as steps, one per layer (each in its own tf.tidy), then the network. */
function* fuseSteps(tf: TF, model: tfjs.LayersModel): Generator<string, FusedNetwork> {
  const layers = model.layers as AnyLayer[];
  const inputLayer = model.inputLayers[0].name;
  const producers = (l: AnyLayer) => (l.inboundNodes[0]?.inboundLayers ?? []).map((p) => p.name);
  const consumers = new Map<string, number>();
  for (const l of layers) for (const p of producers(l)) consumers.set(p, (consumers.get(p) ?? 0) + 1);
  const single = (name: string) => (consumers.get(name) ?? 0) <= 1 && !model.outputLayers.some((o) => o.name === name);

  const outputOf = new Map<string, string>([[inputLayer, "input"]]);
  const steps: FusedStep[] = [];
  const byName = new Map<string, FusedStep>();
  const owned: tfjs.Tensor[] = [];
  const keep = <T extends tfjs.Tensor>(t: T): T => {
    owned.push(tf.keep(t));
    return t;
  };
  const src = (l: AnyLayer) => {
    const ps = producers(l);
    return ps.map((p) => {
      const s = outputOf.get(p);
      if (s === undefined) throw new Error(`layer ${l.name}: input ${p} comes before it is computed`);
      return s;
    });
  };
  /** The step producing `from`, when it may absorb one more layer (its output feeds only that layer). */
  const absorbable = (from: string, layerInput: string) => {
    const s = byName.get(from);
    return s && single(layerInput) && s.name === layerInput ? s : undefined;
  };
  const push = (s: FusedStep) => {
    steps.push(s);
    byName.set(s.name, s);
    for (const l of s.layers) outputOf.set(l, s.name);
  };
  const rename = (s: FusedStep, layer: string) => {
    byName.delete(s.name);
    s.name = layer;
    s.layers.push(layer);
    byName.set(layer, s);
    for (const l of s.layers) outputOf.set(l, layer);
    if (s.kind === "other") s.kind = kindOf(layer);
  };

  const fuseLayer = (l: AnyLayer): void => {
    const cls = l.getClassName();
    if (l.name === inputLayer || cls === "InputLayer") return;
    const cfg = l.getConfig() as Record<string, unknown>;
    const ins = src(l);
    const prevLayer = producers(l)[0];
    const w = l.getWeights();
    switch (cls) {
      case "Conv2D":
      case "DepthwiseConv2D": {
        const depthwise = cls === "DepthwiseConv2D";
        const filter = w[0] as tfjs.Tensor4D;
        const useBias = cfg.useBias !== false && w.length > 1;
        let pad: "same" | "valid" | [[number, number], [number, number]] =
          String(cfg.padding) === "same" ? "same" : "valid";
        let input = ins[0];
        // A ZeroPadding2D right before a 'valid' conv becomes the conv's own padding (Keras' stride-2 pattern).
        const padStep = byName.get(ins[0]);
        // A depthwise conv takes only 'same' or 'valid' in every backend: Keras' ZeroPadding2D is TensorFlow's
        // 'same' (nothing before, one after, for an even size) and folds into it when it pads just that much.
        const asSame = depthwise && padStep?.op === "pad" && padsAsSame(padStep.pad, l, filter.shape, cfg.strides);
        if (pad === "valid" && padStep?.op === "pad" && single(padStep.name) && (!depthwise || asSame)) {
          pad = asSame ? "same" : padStep.pad;
          input = padStep.inputs[0];
          steps.splice(steps.indexOf(padStep), 1);
          byName.delete(padStep.name);
          for (const n of padStep.layers) outputOf.set(n, input);
        }
        const [kh, kw, cin] = filter.shape;
        push({
          op: depthwise ? "depthwise" : "conv",
          name: l.name,
          layers: [l.name],
          inputs: [input],
          kind: kindOf(l.name),
          filter,
          bias: useBias ? (w[1] as tfjs.Tensor1D) : null,
          strides: pair(cfg.strides, 1),
          dilations: pair(cfg.dilationRate, 1),
          pad,
          activation: activationOf(cfg.activation, l.name) as Activation,
          maddsPerOutput: kh * kw * (depthwise ? 1 : cin),
        });
        break;
      }
      case "BatchNormalization": {
        const c = cfg as { epsilon?: number; center?: boolean; scale?: boolean; axis?: number | number[] };
        const axis = Array.isArray(c.axis) ? c.axis[0] : (c.axis ?? -1);
        if (axis !== -1 && axis !== 3 && axis !== 1) throw new Error(`layer ${l.name}: BatchNorm over axis ${axis}`);
        let i = 0;
        const gamma = c.scale === false ? null : w[i++];
        const beta = c.center === false ? null : w[i++];
        const [mean, variance] = [w[i], w[i + 1]];
        const k = tf.div(gamma ?? 1, tf.sqrt(tf.add(variance, c.epsilon ?? 1e-3))) as tfjs.Tensor1D;
        const prev = absorbable(ins[0], prevLayer);
        if (prev && (prev.op === "conv" || prev.op === "depthwise") && prev.activation === "linear") {
          const f = prev.filter;
          const scale = prev.op === "depthwise" ? tf.reshape(k, [f.shape[2], f.shape[3]]) : k;
          const wasOwned = owned.includes(f);
          prev.filter = keep(tf.mul(f, scale) as tfjs.Tensor4D);
          if (wasOwned) dropOwned(owned, f);
          const b = tf.add(tf.mul(tf.sub(prev.bias ?? 0, mean), k), beta ?? 0) as tfjs.Tensor1D;
          if (prev.bias && owned.includes(prev.bias)) dropOwned(owned, prev.bias);
          prev.bias = keep(b);
          rename(prev, l.name);
        } else {
          const offset = tf.sub(beta ?? 0, tf.mul(mean, k)) as tfjs.Tensor1D;
          push({
            op: "batchnorm",
            name: l.name,
            layers: [l.name],
            inputs: ins,
            kind: kindOf(l.name),
            scale: keep(k),
            offset: keep(offset),
          });
        }
        break;
      }
      case "ReLU":
      case "Activation": {
        let act: Activation | "softmax";
        if (cls === "ReLU") {
          const max = cfg.maxValue as number | null | undefined;
          if (max != null && max !== 6) throw new Error(`layer ${l.name}: ReLU capped at ${max} is not supported`);
          if (cfg.negativeSlope || cfg.threshold)
            throw new Error(`layer ${l.name}: leaky or thresholded ReLU is not supported`);
          act = max === 6 ? "relu6" : "relu";
        } else act = activationOf(cfg.activation, l.name);
        const prev = absorbable(ins[0], prevLayer);
        if (act === "linear") outputOf.set(l.name, ins[0]);
        else if (
          prev &&
          act !== "softmax" &&
          (prev.op === "conv" || prev.op === "depthwise" || prev.op === "dense") &&
          prev.activation === "linear"
        ) {
          prev.activation = act;
          rename(prev, l.name);
        } else
          push({
            op: "activation",
            activation: act,
            name: l.name,
            layers: [l.name],
            inputs: ins,
            kind: kindOf(l.name),
          });
        break;
      }
      case "Softmax":
        push({
          op: "activation",
          activation: "softmax",
          name: l.name,
          layers: [l.name],
          inputs: ins,
          kind: "classifier",
        });
        break;
      case "Add":
        push({ op: "add", name: l.name, layers: [l.name], inputs: ins, kind: kindOf(l.name) });
        break;
      case "GlobalAveragePooling2D":
        push({ op: "gap", name: l.name, layers: [l.name], inputs: ins, kind: "classifier" });
        break;
      case "Dense": {
        const act = activationOf(cfg.activation, l.name);
        push({
          op: "dense",
          name: l.name,
          layers: [l.name],
          inputs: ins,
          kind: "classifier",
          kernel: w[0] as tfjs.Tensor2D,
          bias: cfg.useBias !== false && w.length > 1 ? (w[1] as tfjs.Tensor1D) : null,
          activation: act === "softmax" ? "linear" : act,
        });
        if (act === "softmax")
          push({
            op: "activation",
            activation: "softmax",
            name: `${l.name}/softmax`,
            layers: [],
            inputs: [l.name],
            kind: "classifier",
          });
        outputOf.set(l.name, steps[steps.length - 1].name);
        break;
      }
      case "ZeroPadding2D": {
        const p = cfg.padding as number | [number, number] | [[number, number], [number, number]];
        const both = (v: number | [number, number]): [number, number] => (Array.isArray(v) ? v : [v, v]);
        const pad: [[number, number], [number, number]] = Array.isArray(p)
          ? [both(p[0]), both(p[1])]
          : [
              [p, p],
              [p, p],
            ];
        push({ op: "pad", pad, name: l.name, layers: [l.name], inputs: ins, kind: kindOf(l.name) });
        break;
      }
      case "Dropout":
      case "SpatialDropout2D":
        outputOf.set(l.name, ins[0]);
        break;
      case "Flatten":
        push({ op: "reshape", shape: [-1], name: l.name, layers: [l.name], inputs: ins, kind: "classifier" });
        break;
      case "Reshape":
        push({
          op: "reshape",
          shape: cfg.targetShape as number[],
          name: l.name,
          layers: [l.name],
          inputs: ins,
          kind: "classifier",
        });
        break;
      default:
        throw new Error(`layer ${l.name}: ${cls} layers are not supported by the fast path`);
    }
  };
  for (const l of layers) {
    tf.tidy(() => fuseLayer(l));
    yield l.name;
  }
  const outName = model.outputLayers[0].name;
  const output = outputOf.get(outName);
  if (!output) throw new Error(`the model's output ${outName} was not computed`);
  const inputShape = (model.inputs[0].shape as (number | null)[]).slice(1) as number[];
  return {
    steps,
    output,
    inputShape,
    outputOf,
    owned,
    dispose() {
      tf.dispose(owned);
      owned.length = 0;
    },
  };
}

function dropOwned(owned: tfjs.Tensor[], t: tfjs.Tensor): void {
  owned.splice(owned.indexOf(t), 1);
  t.dispose();
}

/**
 * Whether explicit zero padding `pad` ([top, bottom], [left, right]) before a 'valid' conv with this kernel and
 * stride is what TensorFlow's 'same' padding adds to the unpadded input (the conv `l`'s input is the padded one):
 * total = max((⌈n/s⌉ − 1)·s + k − n, 0), the smaller half before.
 */
function padsAsSame(
  pad: [[number, number], [number, number]],
  l: AnyLayer,
  kernel: readonly number[],
  strides: unknown,
): boolean {
  const shape = (l.input as tfjs.SymbolicTensor).shape;
  const [sh, sw] = pair(strides, 1);
  return [0, 1].every((d) => {
    const padded = shape?.[d + 1];
    if (typeof padded !== "number") return false;
    const [before, after] = pad[d];
    const n = padded - before - after;
    const s = d === 0 ? sh : sw;
    const total = Math.max((Math.ceil(n / s) - 1) * s + kernel[d] - n, 0);
    return before === Math.floor(total / 2) && after === total - Math.floor(total / 2);
  });
}

function must(m: Map<string, tfjs.Tensor>, name: string): tfjs.Tensor {
  const t = m.get(name);
  if (!t) throw new Error(`${name} is used before it is computed`);
  return t;
}

function runStep(tf: TF, s: FusedStep, a: tfjs.Tensor, b?: tfjs.Tensor): tfjs.Tensor {
  switch (s.op) {
    case "conv":
      return tf.fused.conv2d({
        x: a as tfjs.Tensor4D,
        filter: s.filter,
        strides: s.strides,
        pad: s.pad === "same" || s.pad === "valid" ? s.pad : [[0, 0], ...s.pad, [0, 0]],
        dilations: s.dilations,
        bias: s.bias ?? undefined,
        activation: s.activation,
      });
    case "depthwise": {
      let x = a as tfjs.Tensor4D;
      let pad: "same" | "valid" = "valid";
      if (s.pad === "same" || s.pad === "valid") pad = s.pad;
      else x = tf.pad(x, [[0, 0], ...s.pad, [0, 0]]);
      return tf.fused.depthwiseConv2d({
        x,
        filter: s.filter,
        strides: s.strides,
        pad,
        dilations: s.dilations,
        bias: s.bias ?? undefined,
        activation: s.activation,
      });
    }
    case "add":
      if (!b) throw new Error(`step ${s.name}: an add needs two inputs`);
      return tf.add(a, b);
    case "gap":
      return tf.mean(a, [1, 2]);
    case "dense":
      return tf.fused.matMul({
        a: a as tfjs.Tensor2D,
        b: s.kernel,
        bias: s.bias ?? undefined,
        activation: s.activation,
      });
    case "activation":
      return s.activation === "softmax"
        ? tf.softmax(a)
        : s.activation === "relu6"
          ? tf.relu6(a)
          : s.activation === "relu"
            ? tf.relu(a)
            : a;
    case "batchnorm":
      return tf.add(tf.mul(a, s.scale), s.offset);
    case "pad":
      return tf.pad(a, [[0, 0], ...s.pad, [0, 0]]);
    case "reshape":
      return tf.reshape(a, [a.shape[0], ...s.shape]);
  }
}

/**
 * Run the network on x ([batch, h, w, 3]). Returns the output and, for each name in `taps` (Keras layer names
 * that are step outputs, see FusedNetwork.outputOf), that layer's activations. Intermediates are tidied; the
 * caller disposes what is returned.
 */
export function fastForward(
  tf: TF,
  net: FusedNetwork,
  x: tfjs.Tensor4D,
  taps: readonly string[] = [],
): { output: tfjs.Tensor; taps: tfjs.Tensor[] } {
  const wanted = taps.map((t) => stepFor(net, t));
  // Free each intermediate as soon as its last reader has run (the peak stays near two layers' activations).
  const lastUse = new Map<string, number>();
  for (const [i, s] of net.steps.entries()) for (const n of s.inputs) lastUse.set(n, i);
  const hold = new Set([net.output, ...wanted, "input"]);
  return tf.tidy(() => {
    const out = new Map<string, tfjs.Tensor>([["input", x]]);
    for (const [i, s] of net.steps.entries()) {
      out.set(s.name, runStep(tf, s, must(out, s.inputs[0]), out.get(s.inputs[1] ?? "")));
      for (const n of s.inputs)
        if (lastUse.get(n) === i && !hold.has(n)) {
          out.get(n)?.dispose();
          out.delete(n);
        }
    }
    return { output: must(out, net.output), taps: wanted.map((s) => must(out, s)) };
  });
}

/**
 * fastForward that gives the page its turn: between steps, whenever ~`sliceMs` have passed, it awaits `pause`
 * (e.g. a setTimeout), so no single task runs the whole network. On WASM and CPU every op runs when called, so
 * the slices are real; the first run (when XNNPACK packs every kernel) is the one that needs it most. Each step
 * is tidied; intermediates are freed at their last use; on an error everything made so far is freed.
 */
export async function fastForwardAsync(
  tf: TF,
  net: FusedNetwork,
  x: tfjs.Tensor4D,
  taps: readonly string[] = [],
  opts: { sliceMs?: number; pause?: () => Promise<void> } = {},
): Promise<{ output: tfjs.Tensor; taps: tfjs.Tensor[] }> {
  const { sliceMs = 30, pause = () => new Promise<void>((ok) => setTimeout(ok, 0)) } = opts;
  const wanted = taps.map((t) => stepFor(net, t));
  const lastUse = new Map<string, number>();
  for (const [i, s] of net.steps.entries()) for (const n of s.inputs) lastUse.set(n, i);
  const hold = new Set([net.output, ...wanted]);
  const out = new Map<string, tfjs.Tensor>([["input", x]]);
  try {
    let slice = performance.now();
    for (const [i, s] of net.steps.entries()) {
      if (performance.now() - slice > sliceMs) {
        await pause();
        slice = performance.now();
      }
      out.set(
        s.name,
        tf.tidy(() => runStep(tf, s, must(out, s.inputs[0]), out.get(s.inputs[1] ?? ""))),
      );
      for (const n of s.inputs)
        if (lastUse.get(n) === i && !hold.has(n) && n !== "input") {
          out.get(n)?.dispose();
          out.delete(n);
        }
    }
    const output = must(out, net.output);
    // A tap may be the output itself or listed twice: hand back distinct tensors the caller can each dispose.
    const given = new Set<tfjs.Tensor>([output]);
    const tapped = wanted.map((n) => {
      const t = must(out, n);
      if (given.has(t) || n === "input") return tf.clone(t);
      given.add(t);
      return t;
    });
    for (const [n, t] of out) if (n !== "input" && !given.has(t)) t.dispose();
    return { output, taps: tapped };
  } catch (e) {
    for (const [n, t] of out) if (n !== "input") t.dispose();
    throw e;
  }
}

function stepFor(net: FusedNetwork, t: string): string {
  const s = net.outputOf.get(t);
  if (s === undefined) throw new Error(`no layer named ${t} in this network`);
  const step = net.steps.find((st) => st.name === s);
  if (step?.layers.includes(t) && step.name !== t && step.layers.at(-1) !== t)
    throw new Error(`layer ${t} is fused into ${step.name}: its own output is not computed`);
  return s;
}

/** Just the output (the class probabilities for a classifier). */
export function fastPredict(tf: TF, net: FusedNetwork, x: tfjs.Tensor4D): tfjs.Tensor {
  return fastForward(tf, net, x).output;
}

export interface StepTiming {
  name: string;
  kind: StepKind;
  op: FusedStep["op"];
  /** Median over runs, milliseconds. */
  ms: number;
  /** Multiply-adds of this step for the input given (0 for steps without a kernel). */
  madds: number;
}

/**
 * Time every step separately, median over `runs` runs. With `readBack` (needed on GPU backends, whose ops only
 * queue work) each step's output is read back before the clock stops; without it (WASM, CPU: every op runs when
 * called) the clock brackets the op alone. Yields to the event loop (`pause`) between runs, and between steps
 * once ~30 ms have passed.
 */
export async function timeSteps(
  tf: TF,
  net: FusedNetwork,
  x: tfjs.Tensor4D,
  runs: number,
  pause: () => Promise<void> = () => Promise.resolve(),
  readBack = true,
): Promise<StepTiming[]> {
  const times = net.steps.map(() => [] as number[]);
  const madds = new Array<number>(net.steps.length).fill(0);
  for (let r = 0; r < runs; r++) {
    const out = new Map<string, tfjs.Tensor>([["input", x]]);
    try {
      let slice = performance.now();
      for (const [i, s] of net.steps.entries()) {
        // Give the page its turn between steps once ~30 ms have passed (each step is timed on its own).
        if (performance.now() - slice > 30) {
          await pause();
          slice = performance.now();
        }
        const a = must(out, s.inputs[0]);
        const t0 = performance.now();
        const y = tf.tidy(() => runStep(tf, s, a, out.get(s.inputs[1] ?? "")));
        if (readBack) await y.data();
        times[i].push(performance.now() - t0);
        out.set(s.name, y);
        if (r === 0 && (s.op === "conv" || s.op === "depthwise"))
          madds[i] = y.shape.slice(1).reduce((p, q) => p * q, 1) * s.maddsPerOutput;
        if (r === 0 && s.op === "dense") madds[i] = s.kernel.shape[0] * s.kernel.shape[1];
      }
    } finally {
      out.delete("input");
      tf.dispose([...out.values()]);
    }
    await pause();
  }
  const median = (v: number[]) => {
    const s = Float64Array.from(v).sort();
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  return net.steps.map((s, i) => ({ name: s.name, kind: s.kind, op: s.op, ms: median(times[i]), madds: madds[i] }));
}
