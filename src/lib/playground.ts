/**
 * The Playground's arithmetic: presets, the per-layer table (shape, parameters, BatchNorm statistics,
 * multiply-adds, activation size, receptive field), costs by part, the comparison with the paper's network, and
 * the names and text of what a reader can download. No DOM.
 */
import { defaultConfig, type SiteConfig } from "./config.js";
import { mobilenetV2Graph } from "./graph.js";
import { receptiveFields } from "./receptive-field.js";
import { PAPER_ROWS, type Part, partName } from "./spec.js";
import { type Trace, traceMobileNetV2 } from "./trace.js";

export interface Preset {
  id: string;
  label: string;
  /** One sentence: what it shows. */
  note: string;
  config: SiteConfig;
}

const paper = defaultConfig();

export const PRESETS: readonly Preset[] = [
  { id: "paper", label: "The paper's network", note: "Width 1.0, 224×224, Table 2's seven rows.", config: paper },
  {
    id: "small",
    label: "0.35 at 96 px",
    note: "The smallest published checkpoint: width 0.35 on 96×96 images.",
    config: { ...paper, width: 0.35, resolution: 96 },
  },
  {
    id: "large",
    label: "1.4 at 224 px",
    note: "The largest published checkpoint: width 1.4 (the last conv widens to 1792).",
    config: { ...paper, width: 1.4 },
  },
  {
    id: "tutorial",
    label: "The from-scratch tutorial's variant",
    note: "“MobileNetV2 Paper Walkthrough: The Smarter Tiny Giant” (October 2025): int(c × α) channels and an expansion conv even where t = 1.",
    config: { ...paper, convention: "from-scratch" },
  },
  {
    id: "no-expansion",
    label: "What if t = 1 everywhere?",
    note: "No block widens its input: the depthwise convs filter only the narrow bottleneck tensors.",
    config: { ...paper, rows: PAPER_ROWS.map((r) => ({ ...r, t: 1 })) },
  },
  {
    id: "late-downsampling",
    label: "What if it downsampled later?",
    note: "Rows 2 and 3 keep stride 1 and rows 5 and 7 take stride 2 instead: the same layers work on larger maps.",
    config: { ...paper, rows: PAPER_ROWS.map((r, i) => ({ ...r, s: [1, 1, 1, 2, 2, 2, 2][i] })) },
  },
];

export interface LayerRow {
  layer: string;
  /** "stem", "row 3", "head". */
  part: string;
  /** Keras block name ("block_3") or "stem" / "head". */
  block: string;
  operator: string;
  outputShape: number[];
  params: number;
  bnStats: number;
  madds: number;
  /** Values in the output tensor (one image). */
  activations: number;
  /** Receptive field side in input pixels; null once it covers the whole image (after pooling). */
  receptiveField: number | null;
  /** Input pixels between neighbouring outputs; null after pooling. */
  jump: number | null;
}

const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
const nameOf = (p: Part | null) => (p ? partName(p) : "");

/** One row per layer of the configured network. */
export function layerRows(cfg: SiteConfig, trace: Trace = traceMobileNetV2(cfg)): LayerRow[] {
  const rf = receptiveFields(mobilenetV2Graph(cfg));
  return trace.layers.map((l, i) => ({
    layer: l.name,
    part: nameOf(l.part),
    block: l.group,
    operator: l.operator,
    outputShape: l.outShape,
    params: l.params,
    bnStats: l.bnStats,
    madds: l.madds,
    activations: prod(l.outShape),
    receptiveField: rf[i].global ? null : rf[i].size,
    jump: rf[i].global ? null : rf[i].jump,
  }));
}

export const LAYER_COLUMNS: readonly { key: keyof LayerRow; label: string }[] = [
  { key: "layer", label: "Layer" },
  { key: "part", label: "Part" },
  { key: "block", label: "Block" },
  { key: "operator", label: "Operator" },
  { key: "outputShape", label: "Output shape" },
  { key: "params", label: "Parameters" },
  { key: "bnStats", label: "BN statistics" },
  { key: "madds", label: "Multiply-adds" },
  { key: "activations", label: "Activation values" },
  { key: "receptiveField", label: "Receptive field (px)" },
  { key: "jump", label: "Jump (px)" },
];

function csvCell(v: unknown): string {
  const s = v === null ? "whole image" : Array.isArray(v) ? v.join("x") : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The per-layer table as CSV (a header line, then one line per layer). */
export function layerCsv(rows: LayerRow[]): string {
  const head = LAYER_COLUMNS.map((c) => csvCell(c.label)).join(",");
  return `${[head, ...rows.map((r) => LAYER_COLUMNS.map((c) => csvCell(r[c.key])).join(","))].join("\n")}\n`;
}

export interface PartCost {
  part: string;
  params: number;
  madds: number;
  /** Receptive field at the part's last layer (null: whole image). */
  receptiveField: number | null;
  blocks: number;
}

/** Parameters, multiply-adds and the receptive field reached, by part (stem, each row, head). */
export function partCosts(rows: LayerRow[]): PartCost[] {
  const out: PartCost[] = [];
  for (const r of rows) {
    let p = out[out.length - 1];
    if (!p || p.part !== r.part) {
      p = { part: r.part, params: 0, madds: 0, receptiveField: null, blocks: 0 };
      out.push(p);
    }
    p.params += r.params;
    p.madds += r.madds;
    if (r.receptiveField !== null) p.receptiveField = r.receptiveField;
  }
  for (const p of out) p.blocks = new Set(rows.filter((r) => r.part === p.part).map((r) => r.block)).size;
  return out;
}

export interface Comparison {
  params: number;
  madds: number;
  paperParams: number;
  paperMadds: number;
  /** Differences to the paper's network, absolute and relative. */
  dParams: number;
  dMadds: number;
  rParams: number;
  rMadds: number;
}

export function compareToPaper(trace: Trace): Comparison {
  const p = traceMobileNetV2(defaultConfig()).totals;
  const t = trace.totals;
  return {
    params: t.params,
    madds: t.madds,
    paperParams: p.params,
    paperMadds: p.madds,
    dParams: t.params - p.params,
    dMadds: t.madds - p.madds,
    rParams: (t.params - p.params) / p.params,
    rMadds: (t.madds - p.madds) / p.madds,
  };
}

/** File-name stem saying what was downloaded: "mobilenetv2_0.35_96" (+ "_custom-rows", "_from-scratch"). */
export function fileStem(cfg: SiteConfig): string {
  const d = defaultConfig();
  const rows =
    cfg.rows.length !== d.rows.length || cfg.rows.some((r, i) => JSON.stringify(r) !== JSON.stringify(d.rows[i]));
  return [
    `mobilenetv2_${cfg.width.toFixed(2)}_${cfg.resolution}`,
    rows ? `${cfg.rows.length}-custom-rows` : "",
    cfg.convention === "from-scratch" ? "from-scratch" : "",
    cfg.classes !== d.classes ? `${cfg.classes}-classes` : "",
    cfg.head === "conv1x1" ? "conv-head" : "",
  ]
    .filter(Boolean)
    .join("_");
}
