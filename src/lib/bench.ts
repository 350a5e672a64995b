/**
 * The benchmark behind `npm run bench` (the Benchmark page runs it once per backend): MobileNetV2 1.0 at several
 * resolutions as (1) the educational layers model (BatchNorm layers visible), (2) the fast path (fast-forward.ts,
 * folded and fused), (3) what a user would write with plain tfjs: the converted Keras model, i.e. a layers model
 * with BatchNorm already folded into conv biases (tf.loadLayersModel of the pretrained model.json, rebuilt at each
 * resolution), and (4) a large square tf.matMul, the backend's ceiling, measured in the same run. All three
 * networks carry the same weights (the pretrained ones when given, so their outputs can be compared).
 */
import type * as tfjs from "@tensorflow/tfjs";
import { buildGraph, buildMobileNetV2 } from "./build.js";
import { type FusedNetwork, fastPredict, fuseModel } from "./fast-forward.js";
import { mobilenetV2Graph } from "./graph.js";
import type { ArchConfig } from "./spec.js";
import type { TF } from "./tf-type.js";
import { traceMobileNetV2 } from "./trace.js";

export interface Timing {
  first: number;
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export interface SizeResult {
  resolution: number;
  /** Multiply-adds of one forward pass (analytic trace). */
  madds: number;
  buildMs: { educational: number; fastFold: number; converted: number };
  educational: Timing;
  fast: Timing;
  converted: Timing;
  /** max |p_fast − p_educational| and |p_converted − p_educational| over the class probabilities. */
  maxAbsDiff: { fast: number; converted: number };
  /** The fast path's FLOP/s (2 × multiply-adds per run) as a share of the matMul ceiling. */
  fastPctOfCeiling: number;
  convertedPctOfCeiling: number;
  educationalPctOfCeiling: number;
}

export interface Ceiling {
  n: number;
  gflops: number;
  ms: Timing;
}

const sorted = (v: number[]) => Float64Array.from(v).sort();
function summarise(first: number, runs: number[]): Timing {
  const s = sorted(runs);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { first, median, min: s[0], max: s[s.length - 1], runs };
}

async function timeOnce(f: () => tfjs.Tensor): Promise<number> {
  const t0 = performance.now();
  const y = f();
  await y.data();
  const ms = performance.now() - t0;
  y.dispose();
  return ms;
}

/** The largest square matMul's GFLOP/s: 2n³ flops per product, median of `runs` after 2 warm-ups. */
export async function matMulCeiling(
  tf: TF,
  n: number,
  runs: number,
  pause: () => Promise<void> = () => Promise.resolve(),
): Promise<Ceiling> {
  const a = tf.randomUniform([n, n], -1, 1, "float32", 1) as tfjs.Tensor2D;
  const b = tf.randomUniform([n, n], -1, 1, "float32", 2) as tfjs.Tensor2D;
  try {
    const first = await timeOnce(() => tf.matMul(a, b));
    await timeOnce(() => tf.matMul(a, b));
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      await pause();
      ms.push(await timeOnce(() => tf.matMul(a, b)));
    }
    const t = summarise(first, ms);
    return { n, gflops: (2 * n ** 3) / (t.median * 1e6), ms: t };
  } finally {
    tf.dispose([a, b]);
  }
}

/**
 * Copy weights into a freshly built model by layer name. From a BatchNorm-folded source (the converted Keras
 * model: kernel + bias per conv) into the educational model (kernel only, then BatchNorm), the bias becomes
 * BatchNorm's β with γ = 1, mean 0 and variance 1 − ε: the same function, computed the educational way.
 */
export function copyWeights(tf: TF, from: tfjs.LayersModel, to: tfjs.LayersModel): void {
  const src = new Map(from.layers.map((l) => [l.name, l.getWeights()]));
  for (const l of to.layers) {
    const w = l.getWeights();
    if (!w.length) continue;
    if (l.getClassName() === "BatchNormalization") {
      const conv = src.get(l.name.replace(/_BN$|_bn$/, "").replace(/^bn_Conv1$/, "Conv1"));
      if (!conv?.[1]) throw new Error(`no folded bias for ${l.name}`);
      const eps = (l.getConfig().epsilon as number) ?? 1e-3;
      tf.tidy(() => l.setWeights([tf.onesLike(w[0]), conv[1], tf.zerosLike(w[2]), tf.fill(w[3].shape, 1 - eps)]));
    } else {
      const s = src.get(l.name);
      if (!s) throw new Error(`no weights for ${l.name}`);
      l.setWeights(s.slice(0, w.length));
    }
  }
}

/** The converted model's topology (BatchNorm folded into conv biases) at another resolution, same weights. */
function convertedAt(tf: TF, cfg: ArchConfig, weightsFrom: tfjs.LayersModel | FusedNetwork): tfjs.LayersModel {
  const model = buildGraph(tf, mobilenetV2Graph({ ...cfg, batchNorm: false }), { zeros: true });
  if ("steps" in weightsFrom) {
    const byName = new Map<string, tfjs.Tensor[]>();
    for (const s of weightsFrom.steps) {
      if (s.op === "conv" || s.op === "depthwise") byName.set(s.layers[0], [s.filter, s.bias as tfjs.Tensor]);
      if (s.op === "dense") byName.set(s.layers[0], [s.kernel, s.bias as tfjs.Tensor]);
    }
    for (const l of model.layers) {
      const w = byName.get(l.name);
      if (w && l.getWeights().length) l.setWeights(w.slice(0, l.getWeights().length));
    }
  } else
    for (const l of model.layers) if (l.getWeights().length) l.setWeights(weightsFrom.getLayer(l.name).getWeights());
  return model;
}

export interface BenchOptions {
  sizes: number[];
  runs: number;
  warmup: number;
  /** The pretrained converted model (224), whose weights all three networks then carry; random otherwise. */
  pretrained?: tfjs.LayersModel | null;
  /** The matMul ceiling's measurement, done once per call. */
  ceiling: Ceiling;
  /** Runs between timed runs (yield to the page). */
  pause?: () => Promise<void>;
  onProgress?: (what: string) => void;
}

/** Build the three networks at `resolution` and time them, interleaved so that all see the same machine load. */
export async function benchSize(tf: TF, resolution: number, o: BenchOptions): Promise<SizeResult> {
  const pause = o.pause ?? (() => Promise.resolve());
  const cfg: ArchConfig = { width: 1, resolution, classes: 1000, convention: "reference" };
  o.onProgress?.(`${resolution} px: building`);
  let t0 = performance.now();
  const edu = buildMobileNetV2(tf, cfg, { seed: 7 });
  if (o.pretrained) copyWeights(tf, o.pretrained, edu);
  const eduMs = performance.now() - t0;
  t0 = performance.now();
  const net = fuseModel(tf, edu);
  const foldMs = performance.now() - t0;
  t0 = performance.now();
  const conv = convertedAt(tf, cfg, o.pretrained ?? net);
  const convMs = performance.now() - t0;
  const x = tf.randomUniform([1, resolution, resolution, 3], -1, 1, "float32", 5) as tfjs.Tensor4D;
  const fns = {
    educational: () => edu.predict(x) as tfjs.Tensor,
    fast: () => fastPredict(tf, net, x),
    converted: () => conv.predict(x) as tfjs.Tensor,
  };
  type Key = keyof typeof fns;
  const keys = Object.keys(fns) as Key[];
  try {
    const first = {} as Record<Key, number>;
    for (const k of keys) {
      await pause();
      first[k] = await timeOnce(fns[k]);
    }
    for (let i = 0; i < o.warmup; i++)
      for (const k of keys) {
        await pause();
        await timeOnce(fns[k]);
      }
    const runs: Record<Key, number[]> = { educational: [], fast: [], converted: [] };
    for (let i = 0; i < o.runs; i++) {
      o.onProgress?.(`${resolution} px: run ${i + 1} of ${o.runs}`);
      for (const k of keys) {
        await pause();
        runs[k].push(await timeOnce(fns[k]));
      }
    }
    // Read back asynchronously: a synchronous read on WebGPU goes through a canvas, which crashed SwiftShader's GPU
    // process (the device was then lost and the page fell back to WASM).
    const diff = async (k: Key) => {
      const d = tf.tidy(() => tf.max(tf.abs(tf.sub(fns[k](), fns.educational()))));
      const v = (await d.data())[0];
      d.dispose();
      return v;
    };
    const madds = traceMobileNetV2(cfg).totals.madds;
    const pct = (t: Timing) => (100 * (2 * madds)) / (t.median * 1e6) / o.ceiling.gflops;
    const timings = Object.fromEntries(keys.map((k) => [k, summarise(first[k], runs[k])])) as Record<Key, Timing>;
    return {
      resolution,
      madds,
      buildMs: { educational: eduMs, fastFold: foldMs, converted: convMs },
      ...timings,
      maxAbsDiff: { fast: await diff("fast"), converted: await diff("converted") },
      fastPctOfCeiling: pct(timings.fast),
      convertedPctOfCeiling: pct(timings.converted),
      educationalPctOfCeiling: pct(timings.educational),
    };
  } finally {
    x.dispose();
    net.dispose();
    edu.dispose();
    conv.dispose();
  }
}

/** Indices of the k largest values, largest first (k small: a selection, no sort of the whole array). */
function topIndices(values: ArrayLike<number>, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    let j = best.length;
    while (j > 0 && values[best[j - 1]] < values[i]) j--;
    if (j < k) {
      best.splice(j, 0, i);
      if (best.length > k) best.pop();
    }
  }
  return best;
}

/** Top-5 of the fast path and of the educational model on each input: equal lists, and the largest |Δp|. */
export async function top5Agreement(
  tf: TF,
  edu: tfjs.LayersModel,
  net: FusedNetwork,
  inputs: { name: string; x: tfjs.Tensor4D }[],
): Promise<{ name: string; same: boolean; educational: number[]; fast: number[]; maxAbsDiff: number }[]> {
  const out = [];
  for (const { name, x } of inputs) {
    const [pa, pb] = tf.tidy(() => [edu.predict(x) as tfjs.Tensor, fastPredict(tf, net, x)]);
    // Asynchronous reads (see benchSize's diff).
    const [a, b] = await Promise.all([pa.data(), pb.data()]);
    tf.dispose([pa, pb]);
    let d = 0;
    for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
    const educational = topIndices(a, 5);
    const fast = topIndices(b, 5);
    out.push({ name, same: educational.join() === fast.join(), educational, fast, maxAbsDiff: d });
  }
  return out;
}
