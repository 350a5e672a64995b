/**
 * What int8 changes. An int8 TFLite file stores every weight as an 8-bit integer with a scale per output
 * channel, and every activation tensor between operators as an 8-bit integer with one scale and zero point.
 * The site's TFLite import (tflite-mobilenet.ts) dequantizes the weights and computes in float32, so it shows
 * the effect of int8 *weights* alone. activationQuantization reads the file's activation scales, keyed by the
 * layer names of graph.ts, so that net-exec.ts can also round every layer output to its int8 grid: a
 * simulation of integer inference, operator by operator (not bit-exact: the interpreter's fixed-point
 * requantization can differ by one step). layerDifference compares two runs of the same layer.
 */
import type { ActQuant } from "./net-exec.js";
import type { TfliteModel } from "./tflite.js";
import type { ImportedMobileNet } from "./tflite-mobilenet.js";

function quantOf(model: TfliteModel, tensor: number): ActQuant | null {
  const t = model.tensors[tensor];
  const q = t?.quantization;
  if (q?.scale.length !== 1 || !(q.scale[0] > 0)) return null;
  const range: Record<string, [number, number]> = { int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767] };
  const r = range[t.type];
  if (!r) return null;
  return { scale: q.scale[0], zeroPoint: q.zeroPoint[0] ?? 0, qmin: r[0], qmax: r[1], tensor };
}

/** The Keras layer whose output a conv operator's output tensor is (its fused ReLU6 included). */
function outputLayer(layer: string, relu6: boolean): string {
  if (!relu6) return layer;
  if (layer === "Conv_1") return "out_relu";
  return `${layer}_relu`;
}

/**
 * Per-tensor activation quantization of every layer output the int8 file stores, under the names of the
 * site's layers: the input ("input"), each conv's output after its fused ReLU6 (Conv1_relu,
 * block_N_expand_relu, …), the projections, the residual adds, the pooling and the logits. Empty for a float
 * file. Pass the parsed file and what the import found in it.
 */
export function activationQuantization(model: TfliteModel, imported: ImportedMobileNet): Map<string, ActQuant> {
  const out = new Map<string, ActQuant>();
  const put = (name: string, tensor: number) => {
    const q = quantOf(model, tensor);
    if (q) out.set(name, q);
  };
  if (model.inputs.length) put("input", model.inputs[0]);
  const producer = new Map<number, number>();
  model.operators.forEach((op, i) => {
    for (const t of op.outputs) producer.set(t, i);
  });
  for (const s of imported.sources) {
    const op = model.operators[s.operator];
    const relu6 = op.options.activation === "RELU6";
    put(s.layer === "logits" ? "logits" : outputLayer(s.layer, relu6), op.outputs[0]);
  }
  // Residual adds: block N's ADD takes block N − 1's output (its shortcut) and block N's projection: the later
  // of the two projections feeding it names it.
  const projectOut = new Map<number, { prefix: string; operator: number }>();
  for (const s of imported.sources)
    if (s.layer.endsWith("_project"))
      projectOut.set(model.operators[s.operator].outputs[0], {
        prefix: s.layer.replace(/_project$/, ""),
        operator: s.operator,
      });
  for (const op of model.operators) {
    if (op.opcode !== "ADD") continue;
    const feeding = op.inputs.map((t) => projectOut.get(t)).filter((p) => p !== undefined);
    const last = feeding.sort((a, b) => b.operator - a.operator)[0];
    if (last) put(`${last.prefix}_add`, op.outputs[0]);
  }
  // Global average pooling: the MEAN (or AVERAGE_POOL_2D) feeding the classifier.
  const mean = model.operators.find((op) => op.opcode === "MEAN" || op.opcode === "AVERAGE_POOL_2D");
  if (mean) put("global_average_pooling2d", mean.outputs[0]);
  return out;
}

export interface LayerDifference {
  /** Root mean square of (b − a). */
  rmse: number;
  /** Largest |b − a|. */
  maxAbs: number;
  /** rmse relative to a's standard deviation (0 = identical; 1 = as large as the signal). */
  relative: number;
  /** Cosine similarity of the two flattened tensors. */
  cosine: number;
}

/** How far run b's values of a layer are from run a's. */
export function layerDifference(a: ArrayLike<number>, b: ArrayLike<number>): LayerDifference {
  if (a.length !== b.length) throw new Error(`different sizes: ${a.length} and ${b.length}`);
  const n = a.length;
  let se = 0;
  let maxAbs = 0;
  let sa = 0;
  let saa = 0;
  let sab = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const d = b[i] - a[i];
    se += d * d;
    if (Math.abs(d) > maxAbs) maxAbs = Math.abs(d);
    sa += a[i];
    saa += a[i] * a[i];
    sab += a[i] * b[i];
    sbb += b[i] * b[i];
  }
  const rmse = Math.sqrt(se / n);
  const variance = saa / n - (sa / n) ** 2;
  const std = Math.sqrt(Math.max(variance, 0));
  return {
    rmse,
    maxAbs,
    relative: std > 0 ? rmse / std : rmse === 0 ? 0 : Infinity,
    cosine: saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : saa === sbb ? 1 : 0,
  };
}
