/**
 * When a live tfjs cell should refuse to run. The WASM and CPU backends compute on the page's main thread,
 * so one forward pass of a few billion multiply-adds freezes the page for seconds (a ResNet bottleneck with
 * 2048 channels at 98×98 blocked Chromium for 55 s), and a very large tensor or weight set can exhaust the
 * memory. The formulas stay exact at any size; only the live run is skipped, with a sentence saying why.
 */
import { BACKEND_LABELS, type BackendName } from "./backend.js";
import { formatMs, formatSI } from "./format.js";

export interface LiveCost {
  /** Multiply-adds of everything the cell runs (all layers, every pass). */
  madds: number;
  /** Weights the cell allocates. */
  params?: number;
  /** Values in the largest tensor the cell creates. */
  values?: number;
}

export interface LiveLimits {
  madds: number;
  params: number;
  values: number;
  /** Estimated milliseconds of work on a backend that computes on the page's thread (WASM, CPU). */
  ms: number;
}

/** At most about a second of main-thread work on a 2-core machine with WASM (measured: 2.9G multiply-adds of a ResNet block, built and run, took 1.5 s). */
export const LIVE_LIMITS: Readonly<LiveLimits> = Object.freeze({ madds: 2e9, params: 5e7, values: 3e7, ms: 5000 });

/** Multiply-adds of MobileNetV2 1.0 at 224×224, the network the throughputs below were measured on. */
const MEASURED_MADDS = 300_774_272;

/**
 * Multiply-adds per millisecond each backend sustained on one MobileNetV2 1.0 forward pass at 224×224 on a
 * 2-core machine in headless Chromium: WASM about 42 ms, WebGL 380 ms, plain JavaScript 700 ms, WebGPU in
 * software (no GPU) 2 s. A faster machine, or a real GPU, is quicker: these are the slow case.
 */
export const BACKEND_THROUGHPUT: Readonly<Record<BackendName, number>> = Object.freeze({
  wasm: MEASURED_MADDS / 42,
  webgl: MEASURED_MADDS / 380,
  cpu: MEASURED_MADDS / 700,
  webgpu: MEASURED_MADDS / 2000,
});

/** Backends that compute on the page's own thread: while they work, the page cannot answer. */
const MAIN_THREAD: readonly BackendName[] = ["wasm", "cpu"];

export interface LiveEstimate {
  backend: BackendName;
  /** Milliseconds of computing: multiply-adds ÷ the backend's throughput. */
  ms: number;
  /** Bytes of float32 weights, and of the largest float32 tensor. */
  weightBytes: number;
  tensorBytes: number;
}

/** Time and memory a live run of `cost` needs on `backend`, before it runs. */
export function liveEstimate(cost: LiveCost, backend: BackendName): LiveEstimate {
  return {
    backend,
    ms: cost.madds / BACKEND_THROUGHPUT[backend],
    weightBytes: 4 * (cost.params ?? 0),
    tensorBytes: 4 * (cost.values ?? 0),
  };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** "about 84 ms on WebAssembly (WASM) at 7.2G multiply-adds a second, 13.5 MB of weights, 4.6 MB for the largest tensor". */
export function describeEstimate(e: LiveEstimate): string {
  const parts = [
    `about ${formatMs(e.ms)} on ${BACKEND_LABELS[e.backend]} at ${formatSI(BACKEND_THROUGHPUT[e.backend] * 1000)} multiply-adds a second (measured on a 2-core laptop; faster machines take less)`,
  ];
  if (e.weightBytes) parts.push(`${megabytes(e.weightBytes)} of weights`);
  if (e.tensorBytes) parts.push(`${megabytes(e.tensorBytes)} for the largest tensor`);
  return parts.join(", ");
}

/**
 * Why `cost` is too large to run live, as the start of a sentence ("Not run live: it would need 4.4G
 * multiply-adds (the limit here is 2.0G)"), or null when it is fine. Limits not given default to LIVE_LIMITS.
 * Given the backend, the estimated time counts too (on WASM and CPU, which freeze the page while they work),
 * and the sentence ends with the estimate.
 */
export function liveLimitProblem(
  cost: LiveCost,
  limits: Partial<LiveLimits> = {},
  backend?: BackendName,
): string | null {
  const l = { ...LIVE_LIMITS, ...limits };
  const over: string[] = [];
  if (!(cost.madds <= l.madds))
    over.push(`${formatSI(cost.madds)} multiply-adds (the limit here is ${formatSI(l.madds)})`);
  if (cost.params !== undefined && !(cost.params <= l.params))
    over.push(`${formatSI(cost.params)} weights (the limit here is ${formatSI(l.params)})`);
  if (cost.values !== undefined && !(cost.values <= l.values))
    over.push(`a tensor of ${formatSI(cost.values)} values (the limit here is ${formatSI(l.values)})`);
  const estimate = backend ? liveEstimate(cost, backend) : null;
  if (estimate && MAIN_THREAD.includes(estimate.backend) && !(estimate.ms <= l.ms))
    over.push(`about ${formatMs(estimate.ms)} of work on the page's thread (the limit here is ${formatMs(l.ms)})`);
  if (!over.length) return null;
  const why = `Not run live: it would need ${over.join(" and ")}, too much to run in this page without freezing it`;
  return estimate ? `${why} (estimate: ${describeEstimate(estimate)})` : why;
}
