/**
 * The paper's Table 2, derived from a configuration's trace rather than typed in: one row per operator
 * sequence (stem conv, one per bottleneck row however many there are, last conv, pooling, classifier) with its
 * input shape, t, c, n, s, and what the row costs. Rows are found by each layer group's part (stem, row i,
 * head), so the rows' costs always add up to the trace's totals.
 */
import { type ArchConfig, LAST_CHANNELS, PAPER_ROWS, partName, STEM_CHANNELS } from "./spec.js";
import type { GroupTrace, LayerTrace, Trace } from "./trace.js";

export interface Table2Row {
  /** Input tensor of the row, [h, w, c] (or [1, 1, c] for the classifier). */
  input: number[];
  operator: string;
  t: number | null;
  /** Output channels under this configuration. */
  c: number;
  /** The paper's c (width 1.0) when it differs from `c`. */
  paperC: number | null;
  n: number | null;
  s: number | null;
  params: number;
  madds: number;
  /** Trace groups (block prefixes, "stem", "head") the row covers. */
  groups: string[];
}

const sum = (xs: (GroupTrace | LayerTrace)[], f: (x: GroupTrace | LayerTrace) => number) =>
  xs.reduce((s, x) => s + f(x), 0);

export function table2(cfg: ArchConfig, trace: Trace): Table2Row[] {
  const rows: Table2Row[] = [];
  const stem = trace.groups.filter((g) => g.part?.kind === "stem");
  const stemOut = stem[stem.length - 1].outShape;
  const stemPaper = cfg.stemChannels ?? STEM_CHANNELS;
  rows.push({
    input: trace.input,
    operator: "conv2d 3×3",
    t: null,
    c: stemOut[2],
    paperC: stemOut[2] !== stemPaper ? stemPaper : null,
    n: 1,
    s: 2,
    params: sum(stem, (g) => g.params),
    madds: sum(stem, (g) => g.madds),
    groups: stem.map((g) => g.group),
  });
  let input = stemOut;
  (cfg.rows ?? PAPER_ROWS).forEach((row, r) => {
    const groups = trace.groups.filter((g) => g.part?.kind === "row" && g.part.row === r + 1);
    const out = groups[groups.length - 1].outShape;
    rows.push({
      input,
      operator: "bottleneck",
      t: row.t,
      c: out[2],
      paperC: out[2] !== row.c ? row.c : null,
      n: row.n,
      s: row.s,
      params: sum(groups, (g) => g.params),
      madds: sum(groups, (g) => g.madds),
      groups: groups.map((g) => g.group),
    });
    input = out;
  });
  const head = trace.layers.filter((l) => l.part?.kind === "head");
  const last = head.filter((l) => l.role === "last");
  const lastC = last[0].outShape[2];
  const lastPaper = cfg.lastChannels ?? LAST_CHANNELS;
  rows.push({
    input,
    operator: "conv2d 1×1",
    t: null,
    c: lastC,
    paperC: lastC !== lastPaper ? lastPaper : null,
    n: 1,
    s: 1,
    params: sum(last, (l) => l.params),
    madds: sum(last, (l) => l.madds),
    groups: ["head"],
  });
  const pooledFrom = last[last.length - 1].outShape;
  const pool = head.filter((l) => l.role === "pool");
  rows.push({
    input: pooledFrom,
    operator: `avgpool ${pooledFrom[0]}×${pooledFrom[1]}`,
    t: null,
    c: lastC,
    paperC: null,
    n: 1,
    s: null,
    params: sum(pool, (l) => l.params),
    madds: sum(pool, (l) => l.madds),
    groups: ["head"],
  });
  const classifier = head.filter((l) => l.role === "classifier");
  rows.push({
    input: [1, 1, lastC],
    operator: "conv2d 1×1 (classifier)",
    t: null,
    c: cfg.classes,
    paperC: null,
    n: null,
    s: null,
    params: sum(classifier, (l) => l.params),
    madds: sum(classifier, (l) => l.madds),
    groups: ["head"],
  });
  return rows;
}

/** Multiply-adds and parameters per part of the network ("stem", "row 1" … "head"), in network order. */
export function costByPart(trace: Trace): { part: string; madds: number; params: number }[] {
  const sums = new Map<string, { part: string; madds: number; params: number }>();
  for (const g of trace.groups) {
    if (!g.part) continue;
    const part = partName(g.part);
    const s = sums.get(part) ?? { part, madds: 0, params: 0 };
    s.madds += g.madds;
    s.params += g.params;
    sums.set(part, s);
  }
  return [...sums.values()];
}
