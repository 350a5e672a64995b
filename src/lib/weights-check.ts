/**
 * What can be wrong with a TF.js layers model (model.json + .bin shards) or its labels file, found before tfjs
 * reads it, and tfjs's own load errors turned into a sentence for the reader. Plain functions, no tfjs, no DOM.
 */

import { formatInt } from "./format.js";

/** A weights file that cannot be used, with a message for the reader (what is wrong and what to do). */
export class WeightsProblem extends Error {
  override name = "WeightsProblem";
}

interface ManifestWeight {
  name?: string;
  shape?: number[];
  dtype?: string;
  quantization?: { dtype?: string };
}

interface ManifestGroup {
  paths?: string[];
  weights?: ManifestWeight[];
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, int8: 1 };

/** Bytes the weights of a manifest group need (quantized weights take their stored size). */
function groupBytes(g: ManifestGroup): number {
  let n = 0;
  for (const w of g.weights ?? []) {
    const count = (w.shape ?? []).reduce((a, b) => a * b, 1);
    n += count * (BYTES[w.quantization?.dtype ?? w.dtype ?? "float32"] ?? 4);
  }
  return n;
}

const base = (p: string) => p.split(/[\\/]/).pop() ?? p;

/**
 * Check a model.json's text, and the .bin files picked with it when there are any (name and size). Returns the
 * parsed JSON; throws a WeightsProblem naming the first thing wrong.
 */
export function checkModelJson(
  text: string,
  name: string,
  shards?: { name: string; size: number }[],
): { modelTopology: unknown; weightsManifest: ManifestGroup[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const end = /end of (JSON|data)|unterminated|Unexpected end/i.test(String(e));
    throw new WeightsProblem(
      end
        ? `${name} is cut short: its JSON ends in the middle (${formatInt(text.length)} characters). Download it again.`
        : `${name} is not JSON, so it is not a TF.js model.json.`,
    );
  }
  const j = json as { modelTopology?: unknown; weightsManifest?: unknown; format?: string };
  if (typeof json !== "object" || json === null || !j.modelTopology)
    throw new WeightsProblem(
      `${name} is JSON but not a TF.js layers model (it has no "modelTopology"${j?.format === "graph-model" ? "; it is a graph model, which this page cannot tap layer by layer" : ""}).`,
    );
  const groups = (Array.isArray(j.weightsManifest) ? j.weightsManifest : []) as ManifestGroup[];
  const paths = groups.flatMap((g) => g.paths ?? []);
  const weights = groups.flatMap((g) => g.weights ?? []);
  if (!paths.length || !weights.length)
    throw new WeightsProblem(
      `${name} lists no weight files, so it describes a network without trained weights. Pick a model.json whose "weightsManifest" names its .bin shards.`,
    );
  if (shards) {
    const picked = new Map(shards.map((s) => [base(s.name), s.size]));
    const missing = paths.map(base).filter((p) => !picked.has(p));
    if (missing.length)
      throw new WeightsProblem(
        `${name} lists ${missing.length === 1 ? "the weight file" : "weight files"} ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? "…" : ""}, which ${missing.length === 1 ? "was" : "were"} not picked. Select model.json and all its .bin files together.`,
      );
    const need = groups.reduce((a, g) => a + groupBytes(g), 0);
    const have = paths.map(base).reduce((a, p) => a + (picked.get(p) ?? 0), 0);
    if (have < need)
      throw new WeightsProblem(
        `the weight files hold ${formatInt(have)} bytes but ${name} describes ${formatInt(need)}: a shard is cut short. Download the .bin files again.`,
      );
  }
  return { modelTopology: j.modelTopology, weightsManifest: groups };
}

/** tfjs's error while loading a layers model, as a sentence for the reader. */
export function explainLoadError(e: unknown, name = "model.json"): string {
  if (e instanceof WeightsProblem) return e.message;
  const m = e instanceof Error ? e.message : String(e);
  const short = m.length > 200 ? `${m.slice(0, 200)}…` : m;
  if (/shape mismatch|expected.*shape|incompatible shapes/i.test(m))
    return `the weights' shapes do not fit the network ${name} describes (${short}). The .bin files probably belong to another model.`;
  if (/should have \d+ values but has \d+|fewer bytes|buffer.*(too small|out of bounds)|offset is outside/i.test(m))
    return `the weight files hold fewer numbers than ${name} describes: a shard is missing or cut short (${short}).`;
  if (/not provided|not found|404|failed to fetch/i.test(m))
    return `a weight file ${name} lists could not be found (${short}). Keep the .bin files next to model.json.`;
  if (/unknown layer|unknown (class|initializer|regularizer|constraint)/i.test(m))
    return `${name} uses a layer TensorFlow.js does not know (${short}); it is not a Keras MobileNetV2.`;
  if (/JSON/i.test(m)) return `${name} could not be read as JSON (${short}).`;
  return `${name} could not be loaded (${short}).`;
}

/** A labels file's names against the classifier's outputs: null when they fit, else the problem. */
export function labelsProblem(labels: unknown, classes: number, name = "the labels file"): string | null {
  if (labels === null || labels === undefined) return null;
  if (!Array.isArray(labels)) return `${name} is not a list of class names.`;
  const n = labels.length;
  if (n === classes || (n === classes + 1 && /background/i.test(String(labels[0])))) return null;
  return `${name} has ${formatInt(n)} class names but the network has ${formatInt(classes)} classes: it belongs to another model. Pick the labels file that came with these weights.`;
}
