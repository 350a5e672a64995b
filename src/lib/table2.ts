/**
 * The paper's Table 2, derived from a configuration's trace rather than typed in: one row per operator
 * sequence (stem conv, seven bottleneck rows, last conv, pooling, classifier) with its input shape, t, c, n, s,
 * and what the row costs.
 */
import { type ArchConfig, LAST_CHANNELS, PAPER_ROWS, STEM_CHANNELS } from "./spec.js";
import type { Trace } from "./trace.js";

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

export function table2(cfg: ArchConfig, trace: Trace): Table2Row[] {
  const rows: Table2Row[] = [];
  const byGroup = new Map(trace.groups.map((g) => [g.group, g]));
  const stem = byGroup.get("stem")!;
  const stemC = stem.outShape[2];
  rows.push({
    input: trace.input,
    operator: "conv2d 3×3",
    t: null,
    c: stemC,
    paperC: stemC !== (cfg.stemChannels ?? STEM_CHANNELS) ? (cfg.stemChannels ?? STEM_CHANNELS) : null,
    n: 1,
    s: 2,
    params: stem.params,
    madds: stem.madds,
    groups: ["stem"],
  });
  let input = stem.outShape;
  (cfg.rows ?? PAPER_ROWS).forEach((row, r) => {
    const groups = trace.groups.filter((g) => g.stage === r + 1);
    const c = groups[groups.length - 1].outShape[2];
    rows.push({
      input,
      operator: "bottleneck",
      t: row.t,
      c,
      paperC: c !== row.c ? row.c : null,
      n: row.n,
      s: row.s,
      params: groups.reduce((s, g) => s + g.params, 0),
      madds: groups.reduce((s, g) => s + g.madds, 0),
      groups: groups.map((g) => g.group),
    });
    input = groups[groups.length - 1].outShape;
  });
  const head = trace.layers.filter((l) => l.group === "head");
  const last = head.filter((l) => l.name.startsWith("Conv_1"));
  const lastC = last[0].outShape[2];
  rows.push({
    input,
    operator: "conv2d 1×1",
    t: null,
    c: lastC,
    paperC: lastC !== (cfg.lastChannels ?? LAST_CHANNELS) ? (cfg.lastChannels ?? LAST_CHANNELS) : null,
    n: 1,
    s: 1,
    params: last.reduce((s, l) => s + l.params, 0),
    madds: last.reduce((s, l) => s + l.madds, 0),
    groups: ["head"],
  });
  const pooledFrom = last[last.length - 1].outShape;
  rows.push({
    input: pooledFrom,
    operator: `avgpool ${pooledFrom[0]}×${pooledFrom[1]}`,
    t: null,
    c: lastC,
    paperC: null,
    n: 1,
    s: null,
    params: 0,
    madds: 0,
    groups: ["head"],
  });
  const classifier = head.filter((l) => l.op === "dense");
  rows.push({
    input: [1, 1, lastC],
    operator: "conv2d 1×1 (classifier)",
    t: null,
    c: cfg.classes,
    paperC: null,
    n: null,
    s: null,
    params: classifier.reduce((s, l) => s + l.params, 0),
    madds: classifier.reduce((s, l) => s + l.madds, 0),
    groups: ["head"],
  });
  return rows;
}
