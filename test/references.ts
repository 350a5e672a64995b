/**
 * The independent references the unit and browser tests hold the site to, each read here once and never from
 * src/: the paper's published figures (data/reference/*.json, each with its source) and the fixtures that
 * committed scripts made from torchvision and the seed tutorial (test/fixtures/).
 */
import { readFileSync } from "node:fs";

const json = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8"));

/** One row of the paper's Table 2 as printed (null for a dash). */
interface Table2Printed {
  input: string;
  operator: string;
  t: number | null;
  c: number | "k" | null;
  n: number | null;
  s: number | null;
}
/** A bottleneck row of Table 2: expansion t, output channels c, repeats n, stride s of the first block. */
export interface Row {
  t: number;
  c: number;
  n: number;
  s: number;
}

/** The paper's Table 2, every line as printed (stem, 7 bottleneck rows, last conv, pool, classifier). */
export const TABLE2_PRINTED: Table2Printed[] = json("../data/reference/paper-table2.json").rows;
/** Table 2's seven bottleneck rows (t, c, n, s). */
export const TABLE2: Row[] = TABLE2_PRINTED.filter((r) => r.operator === "bottleneck").map(
  ({ t, c, n, s }) => ({ t, c, n, s }) as Row,
);

/** Published parameter counts (data/reference/counts.json): torchvision's, Keras', the paper's and TF-slim's. */
export const COUNTS: {
  torchvision: { params: number; convWeights: number; batchNormAffine: number; classifier: number };
  keras: { total: number; trainable: number; nonTrainable: number };
  paper: { params: string; madds: string };
  slim: { params: string };
} = json("../data/reference/counts.json");

/** TF-slim's published checkpoint table (data/reference/slim-checkpoints.json): multiply-adds in millions. */
export const SLIM: { rows: { width: number; resolution: number; maddsM: number; paramsM: number }[] } = json(
  "../data/reference/slim-checkpoints.json",
);
/** TF-slim's published multiply-adds (millions) of the checkpoint at a width and resolution. */
export function slimMadds(width: number, resolution: number): number {
  const r = SLIM.rows.find((r) => r.width === width && r.resolution === resolution);
  if (!r) throw new Error(`TF-slim publishes no checkpoint at width ${width}, ${resolution} px`);
  return r.maddsM;
}

interface TorchvisionCount {
  width: number;
  resolution: number;
  classes: number;
  params: number;
  bnStats: number;
  madds: number;
  output: number[];
}
/** torchvision's own counts of its mobilenet_v2 (scripts/torchvision_fixtures.py). */
export const TORCHVISION: { rows: number[][]; configs: TorchvisionCount[] } = json("fixtures/torchvision-counts.json");
/** torchvision's count of mobilenet_v2 at a width, resolution and class count (default: 1.0, 224, 1000). */
export function torchvision(width = 1, resolution = 224, classes = 1000): TorchvisionCount {
  const c = TORCHVISION.configs.find((c) => c.width === width && c.resolution === resolution && c.classes === classes);
  if (!c) throw new Error(`no torchvision count for width ${width}, ${resolution} px, ${classes} classes`);
  return c;
}

/** The seed tutorial's from-scratch network as torchinfo printed it (its totals and block outputs). */
export const SEED001: {
  totalParams: number;
  totalMultAddsM: number;
  blockOutputs: { printed: string; shape: number[] }[];
  layers: { type: string; shape: number[]; params: number }[];
} = json("fixtures/seed001-torchinfo.json");

/** The torchvision fixture for random row tables (scripts/torchvision_fixtures.py), print(model) for some. */
export const TORCHVISION_RANDOM_ROWS: { configs: (TorchvisionCount & { rows: number[][]; print?: string })[] } = json(
  "fixtures/torchvision-random-rows.json",
);

/** Channel rounding of torchvision and Keras (make_divisible to multiples of 8, never 10 % below), written out. */
export function makeDivisible(v: number): number {
  let r = Math.max(8, Math.floor((v + 4) / 8) * 8);
  if (r < 0.9 * v) r += 8;
  return r;
}

/** torchvision's trainable parameters for a row table (reference convention), counted with the formulas here. */
export function referenceParams(rows: Row[] = TABLE2, width = 1, classes = 1000): number {
  let cin = makeDivisible(32 * width);
  let p = 3 * 9 * cin + 2 * cin; // stem conv + BN
  for (const r of rows) {
    const cout = makeDivisible(r.c * width);
    for (let i = 0; i < r.n; i++) {
      const e = cin * r.t;
      if (r.t !== 1) p += cin * e + 2 * e; // expansion + BN
      p += 9 * e + 2 * e; // depthwise + BN
      p += e * cout + 2 * cout; // projection + BN
      cin = cout;
    }
  }
  const last = width > 1 ? makeDivisible(1280 * width) : 1280;
  return p + cin * last + 2 * last + last * classes + classes;
}

/** MobileNetV2 1.0 at 224 counted independently here: Table 2 walked with the paper's formulas. */
export function walkTable2() {
  let size = 112;
  let cin = 32;
  const stem = size * size * 27 * 32; // 3×3×3 → 32 at 112×112
  let pointwise = 0;
  let depthwise = 0;
  let blocks = 0;
  let shortcuts = 0;
  for (const { t, c, n, s } of TABLE2) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const out = size / stride;
      const wide = cin * t;
      if (t !== 1) pointwise += size * size * cin * wide;
      depthwise += out * out * 9 * wide;
      pointwise += out * out * wide * c;
      if (stride === 1 && cin === c) shortcuts++;
      blocks++;
      cin = c;
      size = out;
    }
  }
  pointwise += 7 * 7 * 320 * 1280; // last 1×1 conv
  const classifier = 1280 * 1000;
  return { madds: stem + pointwise + depthwise + classifier, pointwise, depthwise, blocks, shortcuts };
}
