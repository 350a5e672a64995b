/**
 * Where the time goes: the fast path's measured per-step times (fast-forward.ts, timeSteps) summed by layer kind
 * (stem, expansion, depthwise, projection, residual add, head) and by Table 2 row, beside each group's share of
 * the multiply-adds. Pure arithmetic on the timings; no tfjs.
 */
import { rowOfBlock } from "./activation-taps.js";
import type { StepKind, StepTiming } from "./fast-forward.js";

export type BreakdownKind = "stem" | "expansion" | "depthwise" | "projection" | "add" | "head";

const BREAKDOWN_KINDS: readonly BreakdownKind[] = ["stem", "expansion", "depthwise", "projection", "add", "head"];

export const KIND_NAMES: Record<BreakdownKind, string> = {
  stem: "Stem (3×3 conv)",
  expansion: "Expansion (1×1 conv)",
  depthwise: "Depthwise (3×3)",
  projection: "Projection (1×1 conv, linear)",
  add: "Residual add",
  head: "Head (last 1×1 conv, pool, classifier)",
};

export interface BreakdownRow<K> {
  key: K;
  ms: number;
  madds: number;
  /** Share of the summed step times, 0..1. */
  timeShare: number;
  /** Share of the network's multiply-adds, 0..1. */
  maddsShare: number;
}

export interface Breakdown {
  byKind: BreakdownRow<BreakdownKind>[];
  /** Row 0 is the stem, 1..7 Table 2's bottleneck rows, 8 the head. */
  byRow: BreakdownRow<number>[];
  totalMs: number;
  totalMadds: number;
}

function kindOf(kind: StepKind): BreakdownKind {
  return kind === "classifier" || kind === "other" ? "head" : kind;
}

/** Table 2 row of a step from its Keras name: 0 stem, 1..7 bottleneck rows, 8 head. */
function rowOf(name: string, kind: StepKind): number {
  if (kind === "stem") return 0;
  if (name.startsWith("expanded_conv")) return rowOfBlock(0);
  const m = /^block_(\d+)_/.exec(name);
  if (m) return rowOfBlock(Number(m[1]));
  return 8;
}

function group<K>(
  keys: readonly K[],
  steps: readonly StepTiming[],
  keyOf: (s: StepTiming) => K,
  totals: [number, number],
) {
  return keys.map((key) => {
    let ms = 0;
    let madds = 0;
    for (const s of steps)
      if (keyOf(s) === key) {
        ms += s.ms;
        madds += s.madds;
      }
    return { key, ms, madds, timeShare: ms / totals[0], maddsShare: madds / totals[1] };
  });
}

export function timeBreakdown(steps: readonly StepTiming[]): Breakdown {
  let totalMs = 0;
  let totalMadds = 0;
  for (const s of steps) {
    totalMs += s.ms;
    totalMadds += s.madds;
  }
  const totals: [number, number] = [totalMs, totalMadds];
  return {
    byKind: group(BREAKDOWN_KINDS, steps, (s) => kindOf(s.kind), totals),
    byRow: group([0, 1, 2, 3, 4, 5, 6, 7, 8], steps, (s) => rowOf(s.name, s.kind), totals),
    totalMs,
    totalMadds,
  };
}
