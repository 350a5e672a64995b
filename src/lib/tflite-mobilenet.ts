/**
 * Turn a MobileNetV2 `.tflite` file (read by tflite.ts) into this site's network: recognise the 52 conv /
 * depthwise layers and the classifier, infer the width multiplier, resolution and class count, dequantize
 * every kernel and bias to float32 in tfjs/Keras layout under the Keras layer names of graph.ts, and build a
 * tf.LayersModel with those weights. Works for the official TF-slim / Keras conversions (float32, int8 or uint8
 * weights, per-tensor or per-channel scales, float16 weights behind DEQUANTIZE, 1000 or 1001 classes).
 *
 * The imported model computes in float32 with the dequantized weights; it does not emulate the integer
 * arithmetic of a quantized interpreter (activations are not re-quantized), so its probabilities differ
 * slightly from TFLite's own, while its kernels are exactly the file's.
 *
 * No tfjs import at run time: buildFromTflite takes the caller's tfjs namespace, like build.ts.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { buildGraphAsync, buildMobileNetV2, kerasModelName } from "./build.js";
import { mobilenetV2Graph } from "./graph.js";
import { type ArchConfig, blockSpecs, LIMITS, lastConvChannels, sameOutput, scaleChannels } from "./spec.js";
import { runSteps, runStepsAsync, yieldToEventLoop } from "./steps.js";
import type { TF } from "./tf-type.js";
import {
  dequantize,
  readTflite,
  type TensorType,
  type TfliteModel,
  type TfliteOperator,
  type TfliteTensor,
} from "./tflite.js";

/** One layer's float weights in tfjs/Keras layout. */
export interface ImportedLayer {
  kernel: Float32Array;
  /** Conv2D [kh, kw, in, out]; DepthwiseConv2D [kh, kw, channels, 1]; Dense [in, out]. */
  kernelShape: number[];
  bias: Float32Array;
}

/** Where a layer's weights came from in the file. */
export interface ImportedSource {
  layer: string;
  /** Index of the operator in the file's execution order. */
  operator: number;
  opcode: string;
  /** Name and storage type of the kernel tensor in the file. */
  tensor: string;
  type: TensorType;
  /** "per-channel", "per-tensor" or "none" (float weights). */
  quantization: "per-channel" | "per-tensor" | "none";
}

export interface ImportedMobileNet {
  /** The architecture: reference convention, BatchNorm folded, the file's width, resolution and classes. */
  config: ArchConfig;
  /** Keras layer name → float weights, for the 52 conv/depthwise layers and "logits". */
  weights: Map<string, ImportedLayer>;
  /**
   * The file's input tensor. Quantized inputs take `q = x / scale + zeroPoint`; the official uint8 files use
   * scale 1/127.5 and zero point 127 or 128, i.e. the float network's [-1, 1] input. Float inputs: scale 1,
   * zero point 0, values expected in [-1, 1].
   */
  input: { dtype: TensorType; scale: number; zeroPoint: number };
  /** 1001 outputs where output 0 is TF-slim's "background" class and output i is ImageNet class i - 1. */
  hasBackgroundClass: boolean;
  /** Storage type of the conv kernels ("float32", "int8", "uint8", "float16"). */
  weightType: TensorType;
  /** Per layer: which operator and tensor of the file it came from. */
  sources: ImportedSource[];
  /** Things that differ from the expected graph but do not change the weights (e.g. extra operators). */
  warnings: string[];
}

const WEIGHTED = new Set(["CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"]);
/** Widths of the published checkpoints, tried first. */
const OFFICIAL_WIDTHS = [1, 0.35, 0.5, 0.75, 1.3, 1.4];

interface Expected {
  name: string;
  op: "conv" | "depthwise";
  kernel: number;
  stride: number;
  /** Output channels (= input channels for depthwise). */
  channels: number;
  /** Fused activation the layer should carry. */
  relu6: boolean;
}

/** The 52 conv/depthwise layers of the reference MobileNetV2 for a width, in execution order. */
function expectedLayers(width: number, resolution: number): Expected[] {
  const cfg: ArchConfig = { width, resolution, classes: 1000, convention: "reference", batchNorm: false };
  const out: Expected[] = [];
  const stem = scaleChannels(32, width, "reference");
  out.push({ name: "Conv1", op: "conv", kernel: 3, stride: 2, channels: stem, relu6: true });
  for (const b of blockSpecs(cfg)) {
    if (b.hasExpansion)
      out.push({ name: `${b.prefix}_expand`, op: "conv", kernel: 1, stride: 1, channels: b.expanded, relu6: true });
    out.push({
      name: `${b.prefix}_depthwise`,
      op: "depthwise",
      kernel: 3,
      stride: b.stride,
      channels: b.expanded,
      relu6: true,
    });
    out.push({ name: `${b.prefix}_project`, op: "conv", kernel: 1, stride: 1, channels: b.cout, relu6: false });
  }
  out.push({
    name: "Conv_1",
    op: "conv",
    kernel: 1,
    stride: 1,
    channels: lastConvChannels(width, "reference"),
    relu6: true,
  });
  return out;
}

/** Output channels of a weighted operator's kernel (TFLite layouts: conv [O,kh,kw,I], depthwise [1,kh,kw,C]). */
function outChannels(opcode: string, kernel: TfliteTensor): number {
  return opcode === "DEPTHWISE_CONV_2D" ? kernel.shape[3] : kernel.shape[0];
}

/** Conv [O, kh, kw, I] → Keras [kh, kw, I, O]. */
function convToKeras(w: Float32Array, [o, kh, kw, i]: number[]): Float32Array {
  const out = new Float32Array(w.length);
  const hwi = kh * kw * i;
  for (let oc = 0; oc < o; oc++) for (let k = 0; k < hwi; k++) out[k * o + oc] = w[oc * hwi + k];
  return out;
}

/** Find a tensor's constant data: stored directly, or behind a DEQUANTIZE (float16 / dynamic-range files). */
function constantTensor(model: TfliteModel, index: number, what: string): TfliteTensor {
  const t = model.tensors[index];
  if (!t) throw new Error(`${what}: missing tensor ${index}.`);
  if (t.buffer) return t;
  const producer = model.operators.find((op) => op.outputs.includes(index));
  if (producer?.opcode === "DEQUANTIZE") {
    const src = model.tensors[producer.inputs[0]];
    if (src?.buffer) return src;
  }
  throw new Error(`${what}: tensor "${t.name}" has no constant data, so its weights cannot be imported.`);
}

/** SAME padding of TensorFlow for one spatial dimension: [before, after]. */
function samePads(size: number, kernel: number, stride: number): [number, number] {
  const total = Math.max((sameOutput(size, stride) - 1) * stride + kernel - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Check that a conv's padding equals TensorFlow's SAME (directly, or as PAD + VALID as Keras exports it). */
function checkPadding(model: TfliteModel, op: TfliteOperator, e: Expected): void {
  if (op.options.padding === "SAME") return;
  if (op.options.padding !== "VALID") throw new Error(`${e.name}: unknown padding ${op.options.padding}.`);
  if (e.kernel === 1) return; // 1x1: VALID = SAME
  const pad = model.operators.find((p) => p.outputs.includes(op.inputs[0]));
  const x = pad && model.tensors[pad.inputs[0]];
  const padsTensor = pad && model.tensors[pad.inputs[1]];
  if (!pad || (pad.opcode !== "PAD" && pad.opcode !== "PADV2") || !x || !padsTensor?.buffer)
    throw new Error(`${e.name}: VALID padding without a PAD before it; this importer builds "same"-padded convs.`);
  const pads = Array.from(dequantize(padsTensor));
  for (const axis of [1, 2]) {
    const [before, after] = samePads(x.shape[axis], e.kernel, e.stride);
    if (pads[2 * axis] !== before || pads[2 * axis + 1] !== after)
      throw new Error(
        `${e.name}: explicit padding [${pads}] differs from TensorFlow's "same" padding (${before}, ${after}) for size ${x.shape[axis]}.`,
      );
  }
}

/** Progress of a step-wise import: `done` of `total` steps, the step just finished named by its layer. */
export interface ImportStep {
  done: number;
  total: number;
  layer: string;
}

/**
 * Recognise a MobileNetV2 in a parsed `.tflite` model and extract its float weights in Keras layout, one
 * layer per step (dequantizing a layer's kernel is the slow part). Drive it with mobilenetFromTflite (all at
 * once) or mobilenetFromTfliteAsync (yielding to the page). Throws an Error that says what does not match when
 * the file is not a MobileNetV2 of the reference layout; the structural checks all run before the first step.
 */
function* mobilenetImportSteps(model: TfliteModel): Generator<ImportStep, ImportedMobileNet> {
  const warnings: string[] = [];
  if (model.inputs.length !== 1) throw new Error(`Expected one input tensor, the file has ${model.inputs.length}.`);
  const inputTensor = model.tensors[model.inputs[0]];
  const [n, h, w, c] = inputTensor.shape;
  if (inputTensor.shape.length !== 4 || c !== 3 || h !== w || n !== 1)
    throw new Error(
      `Expected an image input of shape [1, size, size, 3], the file's input is [${inputTensor.shape.join(", ")}].`,
    );
  const resolution = h;
  if (resolution < LIMITS.resolution.min || resolution > LIMITS.resolution.max)
    throw new Error(`Input resolution ${resolution} is outside ${LIMITS.resolution.min}..${LIMITS.resolution.max}.`);

  const weighted = model.operators.map((op, index) => ({ op, index })).filter(({ op }) => WEIGHTED.has(op.opcode));
  if (weighted.length === 0)
    throw new Error("Not a MobileNetV2: the file has no convolution or fully connected layer.");
  const classifier = weighted[weighted.length - 1];
  const body = weighted.slice(0, -1);
  const template = expectedLayers(1, resolution);
  if (body.length !== template.length)
    throw new Error(
      `Not a MobileNetV2: expected ${template.length} conv layers before the classifier ` +
        `(stem, 17 inverted residual blocks, last 1x1 conv), found ${body.length}.`,
    );
  body.forEach(({ op }, i) => {
    const want = template[i].op === "conv" ? "CONV_2D" : "DEPTHWISE_CONV_2D";
    if (op.opcode !== want)
      throw new Error(
        `Not a MobileNetV2: layer ${i + 1} (${template[i].name}) should be ${want}, the file has ${op.opcode}.`,
      );
  });
  const kernels = body.map(({ op }, i) => constantTensor(model, op.inputs[1], template[i].name));

  // Width multiplier: the first candidate whose channel counts match every layer.
  const channels = body.map(({ op }, i) => outChannels(op.opcode, kernels[i]));
  const grid = Array.from({ length: 191 }, (_, k) => Math.round((0.1 + 0.01 * k) * 100) / 100);
  const width = [...OFFICIAL_WIDTHS, ...grid].find((wd) =>
    expectedLayers(wd, resolution).every((e, i) => e.channels === channels[i]),
  );
  if (width === undefined)
    throw new Error(
      `Not a reference MobileNetV2: the channel counts (stem ${channels[0]}, last conv ${channels[channels.length - 1]}) ` +
        "match no width multiplier between 0.1 and 2.",
    );
  const layers = expectedLayers(width, resolution);

  const weights = new Map<string, ImportedLayer>();
  const sources: ImportedSource[] = [];
  const addSource = (layer: string, index: number, op: TfliteOperator, k: TfliteTensor) =>
    sources.push({
      layer,
      operator: index,
      opcode: op.opcode,
      tensor: k.name,
      type: k.type,
      quantization: !k.quantization ? "none" : k.quantization.scale.length > 1 ? "per-channel" : "per-tensor",
    });
  const biasOf = (op: TfliteOperator, count: number, name: string): Float32Array => {
    if (op.inputs.length < 3 || op.inputs[2] < 0) return new Float32Array(count);
    const b = dequantize(constantTensor(model, op.inputs[2], `${name} bias`));
    if (b.length !== count) throw new Error(`${name}: bias has ${b.length} values for ${count} channels.`);
    return b;
  };

  // Check the shape, stride, dilation and padding of every layer before the slow dequantization.
  let cin = 3;
  body.forEach(({ op }, i) => {
    const e = layers[i];
    const k = kernels[i];
    const s = k.shape;
    if (e.op === "conv") {
      if (s.length !== 4 || s[1] !== e.kernel || s[2] !== e.kernel || s[3] !== cin)
        throw new Error(
          `${e.name}: expected a ${e.kernel}x${e.kernel} kernel on ${cin} channels, the file has [${s}].`,
        );
    } else if (s.length !== 4 || s[0] !== 1 || s[1] !== e.kernel || s[2] !== e.kernel || s[3] !== cin)
      throw new Error(`${e.name}: expected a 3x3 depthwise kernel on ${cin} channels, the file has [${s}].`);
    if (op.options.strideH !== e.stride || op.options.strideW !== e.stride)
      throw new Error(
        `${e.name}: expected stride ${e.stride}, the file has ${op.options.strideH}x${op.options.strideW}.`,
      );
    if ((op.options.dilationH ?? 1) !== 1 || (op.options.dilationW ?? 1) !== 1)
      throw new Error(`${e.name}: dilated convolutions are not part of MobileNetV2.`);
    checkPadding(model, op, e);
    const act = op.options.activation;
    if (act !== (e.relu6 ? "RELU6" : "NONE"))
      warnings.push(`${e.name}: fused activation ${act}, expected ${e.relu6 ? "RELU6" : "NONE (linear bottleneck)"}.`);
    cin = e.channels;
  });

  // Residual shortcuts: every block with stride 1 and equal channels must add its input to its projection.
  const cfg0: ArchConfig = { width, resolution, classes: 1000, convention: "reference" };
  const blocks = blockSpecs(cfg0);
  const projectOutput = new Map(body.map(({ op }, i) => [layers[i].name, op.outputs[0]]));
  const adds = model.operators.filter((op) => op.opcode === "ADD");
  for (const b of blocks.filter((b) => b.residual)) {
    const out = projectOutput.get(`${b.prefix}_project`)!;
    if (!adds.some((a) => a.inputs.includes(out)))
      throw new Error(
        `Not a MobileNetV2: ${b.prefix} has stride 1 and ${b.cin}→${b.cout} channels but no residual ADD.`,
      );
  }
  const residualCount = blocks.filter((b) => b.residual).length;
  if (adds.length !== residualCount)
    warnings.push(`The file has ${adds.length} ADD operators, the network has ${residualCount} residual connections.`);

  // Global average pooling before the classifier (MEAN or AVERAGE_POOL_2D), through reshapes and (de)quantizes.
  const passThrough = new Set(["RESHAPE", "SQUEEZE", "QUANTIZE", "DEQUANTIZE"]);
  let producer = model.operators.find((op) => op.outputs.includes(classifier.op.inputs[0]));
  while (producer && passThrough.has(producer.opcode))
    producer = model.operators.find((op) => op.outputs.includes(producer!.inputs[0]));
  if (!producer || (producer.opcode !== "MEAN" && producer.opcode !== "AVERAGE_POOL_2D"))
    throw new Error(
      `Not a MobileNetV2: the classifier should follow global average pooling, it follows ${producer?.opcode ?? "nothing"}.`,
    );

  // Classifier: FULLY_CONNECTED [classes, C] or a 1x1 CONV_2D [classes, 1, 1, C] → Dense [C, classes].
  const ck = constantTensor(model, classifier.op.inputs[1], "logits");
  const cs = ck.shape;
  const last = layers[layers.length - 1].channels;
  const is1x1 = classifier.op.opcode === "CONV_2D" && cs.length === 4 && cs[1] === 1 && cs[2] === 1;
  if (!(classifier.op.opcode === "FULLY_CONNECTED" && cs.length === 2) && !is1x1)
    throw new Error(`Not a MobileNetV2: the classifier is ${classifier.op.opcode} with kernel [${cs}].`);
  const classes = cs[0];
  const features = cs[cs.length - 1];
  if (features !== last) throw new Error(`logits: expected ${last} input features, the file has ${features}.`);
  if ((classifier.op.options.activation ?? "NONE") !== "NONE")
    warnings.push(`logits: fused activation ${classifier.op.options.activation}, expected none.`);
  const total = body.length + 1;
  for (const [i, { op, index }] of body.entries()) {
    const e = layers[i];
    const k = kernels[i];
    const s = k.shape;
    const values = dequantize(k);
    weights.set(e.name, {
      kernel: e.op === "conv" ? convToKeras(values, s) : values, // [1,kh,kw,C] and [kh,kw,C,1] share one memory order
      kernelShape: e.op === "conv" ? [s[1], s[2], s[3], s[0]] : [s[1], s[2], s[3], 1],
      bias: biasOf(op, e.channels, e.name),
    });
    addSource(e.name, index, op, k);
    yield { done: i + 1, total, layer: e.name };
  }

  const logits = dequantize(ck);
  const dense = new Float32Array(logits.length);
  for (let o = 0; o < classes; o++)
    for (let i = 0; i < features; i++) dense[i * classes + o] = logits[o * features + i];
  weights.set("logits", {
    kernel: dense,
    kernelShape: [features, classes],
    bias: biasOf(classifier.op, classes, "logits"),
  });
  addSource("logits", classifier.index, classifier.op, ck);
  yield { done: total, total, layer: "logits" };
  if (classes !== 1000 && classes !== 1001)
    warnings.push(`${classes} classes: not an ImageNet classifier (1000, or 1001 with background).`);

  const q = inputTensor.quantization;
  return {
    config: { width, resolution, classes, convention: "reference", batchNorm: false },
    weights,
    input: { dtype: inputTensor.type, scale: q?.scale[0] ?? 1, zeroPoint: q?.zeroPoint[0] ?? 0 },
    hasBackgroundClass: classes === 1001,
    weightType: kernels[0].type,
    sources,
    warnings,
  };
}

/**
 * Recognise a MobileNetV2 in a parsed `.tflite` model and extract its float weights in Keras layout.
 * Throws an Error that says what does not match when the file is not a MobileNetV2 of the reference layout.
 */
export function mobilenetFromTflite(model: TfliteModel): ImportedMobileNet {
  return runSteps(mobilenetImportSteps(model));
}

/** mobilenetFromTflite without freezing the page: dequantizes layer by layer, yielding, with progress. */
export function mobilenetFromTfliteAsync(
  model: TfliteModel,
  opts: { onProgress?: (p: ImportStep) => void } = {},
): Promise<ImportedMobileNet> {
  return runStepsAsync(mobilenetImportSteps(model), opts.onProgress);
}

export interface BuildFromTfliteOptions {
  /**
   * Drop output 0 ("background") of a 1001-class file so outputs match the 1000 ImageNet classes of
   * labels.json and the layers model. Default false (keep the file's outputs).
   */
  dropBackground?: boolean;
}

/** The config the built model has (1000 classes when the background class is dropped). */
function builtConfig(imported: ImportedMobileNet, opts: BuildFromTfliteOptions = {}): ArchConfig {
  const drop = !!opts.dropBackground && imported.hasBackgroundClass;
  return { ...imported.config, classes: imported.config.classes - (drop ? 1 : 0) };
}

/** Load the imported weights into a model built for builtConfig, one layer per step. */
function* weightSteps(
  tf: TF,
  model: tfjs.LayersModel,
  imported: ImportedMobileNet,
  opts: BuildFromTfliteOptions,
): Generator<ImportStep, void> {
  const drop = !!opts.dropBackground && imported.hasBackgroundClass;
  const missing = model.layers.filter((l) => l.getWeights().length > 0 && !imported.weights.has(l.name));
  if (missing.length) throw new Error(`No weights in the file for ${missing.map((l) => l.name).join(", ")}.`);
  let done = 0;
  for (const [name, w] of imported.weights) {
    let { kernel, kernelShape, bias } = w;
    if (name === "logits" && drop) {
      const [features, classes] = kernelShape;
      const k = new Float32Array(features * (classes - 1));
      for (let i = 0; i < features; i++) k.set(kernel.subarray(i * classes + 1, (i + 1) * classes), i * (classes - 1));
      kernel = k;
      kernelShape = [features, classes - 1];
      bias = bias.slice(1);
    }
    const layer = model.getLayer(name);
    const want = layer.weights.map((v) => v.shape.join("x"));
    const got = [kernelShape, bias.length].map((sh) => [sh].flat().join("x"));
    if (want.join() !== got.join())
      throw new Error(`${name}: the model expects weights ${want.join(", ")}, the file gives ${got.join(", ")}.`);
    const tensors = [tf.tensor(kernel, kernelShape), tf.tensor1d(bias)];
    layer.setWeights(tensors);
    tf.dispose(tensors);
    yield { done: ++done, total: imported.weights.size, layer: name };
  }
}

/**
 * Build the tfjs model (buildMobileNetV2's layers and names, BatchNorm folded) and load the imported weights
 * into every layer.
 */
export function buildFromTflite(
  tf: TF,
  imported: ImportedMobileNet,
  opts: BuildFromTfliteOptions = {},
): tfjs.LayersModel {
  const cfg = builtConfig(imported, opts);
  const model = buildMobileNetV2(tf, cfg, { zeros: true });
  try {
    runSteps(weightSteps(tf, model, imported, opts));
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** What a step-wise build reports: building the layers, then loading the file's weights into them. */
export interface BuildStep extends ImportStep {
  phase: "building" | "weights";
}

/** buildFromTflite without freezing the page: builds and loads weights layer by layer, yielding, with progress. */
async function buildFromTfliteAsync(
  tf: TF,
  imported: ImportedMobileNet,
  opts: BuildFromTfliteOptions & { onProgress?: (p: BuildStep) => void } = {},
): Promise<tfjs.LayersModel> {
  const cfg = builtConfig(imported, opts);
  const model = await buildGraphAsync(tf, mobilenetV2Graph(cfg), {
    name: kerasModelName(cfg),
    zeros: true,
    onProgress: (p) => opts.onProgress?.({ ...p, phase: "building" }),
  });
  try {
    await runStepsAsync(weightSteps(tf, model, imported, opts), (p) => opts.onProgress?.({ ...p, phase: "weights" }));
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** How a file stores its conv kernels, in words: "int8 with per-channel scales", "float32", "float32 + float16". */
export function weightStorage(imported: ImportedMobileNet): string {
  const body = imported.sources.filter((s) => s.layer !== "logits");
  const types = [...new Set(body.map((s) => s.type))];
  const quant = [...new Set(body.map((s) => s.quantization).filter((q) => q !== "none"))];
  return `${types.join(" + ")}${quant.length ? ` with ${quant.join(" / ")} scales` : ""}`;
}

/**
 * One line saying what was imported: width, resolution, classes (and the background class dropped), how the
 * weights are stored, and the input the file expects, e.g. "width 1, 224×224 input, 1001 classes (background
 * dropped: 1000 outputs), weights stored as int8 with per-channel scales (dequantized to float32), the file's
 * input uint8 with scale 1/127.5 and zero point 127".
 */
export function describeImport(imported: ImportedMobileNet, opts: BuildFromTfliteOptions = {}): string {
  const { width, resolution, classes } = imported.config;
  const built = builtConfig(imported, opts).classes;
  const cls =
    built !== classes
      ? `${classes} classes (background dropped: ${built} outputs)`
      : `${classes} classes${imported.hasBackgroundClass ? " (output 0 is background)" : ""}`;
  const storage = weightStorage(imported);
  const weights = `weights stored as ${storage}${storage === "float32" ? "" : " (dequantized to float32)"}`;
  const inp = imported.input;
  const input =
    inp.dtype === "float32"
      ? "the file's input float32"
      : `the file's input ${inp.dtype} with scale 1/${+(1 / inp.scale).toFixed(2)} and zero point ${inp.zeroPoint}`;
  return `width ${width}, ${resolution}×${resolution} input, ${cls}, ${weights}, ${input}`;
}

export interface TfliteImportProgress {
  /** 0..1 over the whole import. */
  fraction: number;
  phase: "reading" | "converting" | "building" | "weights";
  /** What is happening, for a reader, e.g. "building layer block_3_add (40 of 154)". */
  what: string;
}

/**
 * The whole import as the page runs it, yielding to the event loop throughout: parse the flatbuffer, recognise
 * the network and dequantize its weights, build the layers, load the weights. Returns the model and what was
 * imported.
 */
export async function importMobileNetTflite(
  tf: TF,
  bytes: Uint8Array | ArrayBuffer,
  opts: BuildFromTfliteOptions & { onProgress?: (p: TfliteImportProgress) => void } = {},
): Promise<{ model: tfjs.LayersModel; imported: ImportedMobileNet }> {
  const report = opts.onProgress ?? (() => {});
  // Rough share of the time each phase takes (parsing is quick, dequantizing and building dominate; in Node the
  // int8 file took ~15 ms to parse and ~85 ms to dequantize); only the progress bar depends on it.
  const span = { reading: [0, 0.05], converting: [0.05, 0.35], building: [0.35, 0.8], weights: [0.8, 1] } as const;
  const at = (phase: TfliteImportProgress["phase"], f: number, what: string) =>
    report({ phase, fraction: span[phase][0] + (span[phase][1] - span[phase][0]) * f, what });
  at("reading", 0, "reading the TFLite flatbuffer");
  await yieldToEventLoop();
  const parsed = readTflite(bytes);
  at("converting", 0, "recognising the network");
  await yieldToEventLoop();
  const imported = await mobilenetFromTfliteAsync(parsed, {
    onProgress: (p) => at("converting", p.done / p.total, `dequantizing ${p.layer} (${p.done} of ${p.total} layers)`),
  });
  at("building", 0, "building the layers");
  await yieldToEventLoop();
  const model = await buildFromTfliteAsync(tf, imported, {
    dropBackground: opts.dropBackground,
    onProgress: (p) =>
      p.phase === "building"
        ? at("building", p.done / p.total, `building layer ${p.layer} (${p.done} of ${p.total})`)
        : at("weights", p.done / p.total, `loading weights into ${p.layer} (${p.done} of ${p.total})`),
  });
  at("weights", 1, "done");
  return { model, imported };
}
