/**
 * When a live tfjs cell should refuse to run. The WASM and CPU backends compute on the page's main thread,
 * so one forward pass of a few billion multiply-adds freezes the page for seconds (a ResNet bottleneck with
 * 2048 channels at 98×98 blocked Chromium for 55 s), and a very large tensor or weight set can exhaust the
 * memory. The formulas stay exact at any size; only the live run is skipped, with a sentence saying why.
 */
import { formatSI } from "./format.js";

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
}

/** At most about a second of main-thread work on a 2-core machine with WASM (measured: 2.9G multiply-adds of a ResNet block, built and run, took 1.5 s). */
export const LIVE_LIMITS: Readonly<LiveLimits> = Object.freeze({ madds: 2e9, params: 5e7, values: 3e7 });

/**
 * Why `cost` is too large to run live, as the start of a sentence ("Not run live: it would need 4.4G
 * multiply-adds (the limit here is 2.0G)"), or null when it is fine. Limits not given default to LIVE_LIMITS.
 */
export function liveLimitProblem(cost: LiveCost, limits: Partial<LiveLimits> = {}): string | null {
  const l = { ...LIVE_LIMITS, ...limits };
  const over: string[] = [];
  if (!(cost.madds <= l.madds))
    over.push(`${formatSI(cost.madds)} multiply-adds (the limit here is ${formatSI(l.madds)})`);
  if (cost.params !== undefined && !(cost.params <= l.params))
    over.push(`${formatSI(cost.params)} weights (the limit here is ${formatSI(l.params)})`);
  if (cost.values !== undefined && !(cost.values <= l.values))
    over.push(`a tensor of ${formatSI(cost.values)} values (the limit here is ${formatSI(l.values)})`);
  return over.length
    ? `Not run live: it would need ${over.join(" and ")}, too much to run in this page without freezing it`
    : null;
}
