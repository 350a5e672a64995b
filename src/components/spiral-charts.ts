/**
 * The Linear bottleneck page's spiral experiment (the paper's Figure 1): the input spiral and its reconstructions
 * as small scatter panels, and the reconstruction error against the embedding dimension n. The numbers come from
 * src/lib/manifold.ts; this module only draws them.
 */
import * as Plot from "@observablehq/plot";
import {
  type Activation,
  type ErrorCurvePoint,
  errorCurve,
  type Point,
  type Reconstruction,
  reconstruction,
  type spiral,
} from "../lib/manifold.js";
import { chart } from "./chart.js";
import { el } from "./dom.js";
import { SERIES } from "./palette.js";

export const ACTIVATION_NAMES: Record<Activation, string> = { relu: "ReLU", relu6: "ReLU6", none: "no activation" };

/** The n of the paper's panels. */
const PANEL_DIMENSIONS = [2, 3, 5, 15, 30];

type Spiral = ReturnType<typeof spiral>;

function panel(sp: Spiral, act: Activation, points: Point[], title: string, subtitle?: string) {
  const data = points.map(([x, y], i) => ({ x, y, along: sp.along[i] }));
  const actName = ACTIVATION_NAMES[act];
  return chart({
    width: 150,
    height: 171,
    marginLeft: 34,
    marginBottom: 30,
    marginTop: 20,
    marginRight: 8,
    style: { fontSize: "10px" },
    title,
    subtitle,
    ariaLabel: subtitle
      ? `${title}, ${subtitle}: scatter plot of the ${points.length} spiral points after ${actName} in ${title.replace(/^Your /, "")} dimensions and back to 2-D, x₁ against x₂`
      : `${title}: scatter plot of the ${points.length} points of the 2-D spiral, x₁ against x₂`,
    x: { label: "x₁", ticks: 3, nice: true, labelAnchor: "right" },
    y: { label: "x₂", ticks: 3, nice: true, labelAnchor: "top" },
    color: { type: "sequential", scheme: "turbo", domain: [0, 1] },
    marks: [
      Plot.frame({ stroke: "currentColor", strokeOpacity: 0.15 }),
      Plot.dot(data, { x: "x", y: "y", r: 1.6, fill: "along" }),
    ],
  });
}

/** The input spiral, the paper's panels (n = 2, 3, 5, 15, 30) and the reader's n (`current`), with errors. */
export function spiralPanels(sp: Spiral, o: { act: Activation; n: number; seed: number; current: Reconstruction }) {
  const { act, n, current } = o;
  const result = (k: number) => reconstruction(sp.points, k, o.seed, act);
  const wrap = el("div", {
    class: "linear-bottleneck-panels",
    role: "group",
    "aria-label": `The input spiral and its reconstructions after ${ACTIVATION_NAMES[act]} in n = ${PANEL_DIMENSIONS.join(", ")} and ${n} dimensions`,
  });
  wrap.append(panel(sp, act, sp.points, "Input"));
  for (const k of PANEL_DIMENSIONS) {
    const r = k === n ? current : result(k);
    wrap.append(panel(sp, act, r.back, `n = ${k}`, `error ${r.error.toFixed(3)}`));
  }
  wrap.append(panel(sp, act, current.back, `Your n = ${n}`, `error ${current.error.toFixed(3)}`));
  return wrap;
}

/** Seeds of the random matrices averaged in the error curve. */
export const CURVE_SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** The error curves (mean and range over CURVE_SEEDS, and the reader's seed) and how long they took. */
export function spiralErrorCurves(points: Point[], act: Activation, seed: number) {
  const t0 = performance.now();
  const curve = errorCurve(points, act, CURVE_SEEDS);
  const mine = errorCurve(points, act, [seed]).map((c) => ({ n: c.n, error: c.mean }));
  return { curve, mine, ms: performance.now() - t0 };
}

/** Reconstruction error against n: mean over the seeds (line), their range (band), the reader's seed (dots). */
export function spiralErrorChart(
  c: { curve: ErrorCurvePoint[]; mine: { n: number; error: number }[] },
  o: { act: Activation; n: number; seed: number; width: number },
) {
  const { curve, mine } = c;
  const { n } = o;
  const actName = ACTIVATION_NAMES[o.act];
  return chart({
    width: Math.min(o.width, 720),
    height: 300,
    marginLeft: 50,
    title: `Reconstruction error against n, ${actName}`,
    subtitle: `Mean over ${CURVE_SEEDS.length} random matrices (line), their range (band), seed ${o.seed} (dots)`,
    ariaLabel: `Line chart: scale-corrected reconstruction error for n from 2 to 30 with ${actName}; it falls from ${curve[0].mean.toFixed(2)} at n = 2 to ${curve.at(-1)!.mean.toFixed(2)} at n = 30`,
    x: { label: "embedding dimension n →", domain: [2, 30], ticks: 15 },
    y: { label: "↑ error E (0 = spiral recovered)", domain: [0, 1], grid: true },
    marks: [
      Plot.areaY(curve, { x: "n", y1: "min", y2: "max", fill: SERIES.blue, fillOpacity: 0.15 }),
      Plot.line(curve, { x: "n", y: "mean", stroke: SERIES.blue, strokeWidth: 2 }),
      Plot.dot(mine, { x: "n", y: "error", fill: SERIES.vermillion, r: 3, tip: true }),
      Plot.ruleX([n], { stroke: "currentColor", strokeDasharray: "4 3" }),
      Plot.text([{ n, y: 0.97 }], { x: "n", y: "y", text: () => `n = ${n}`, dx: 4, textAnchor: "start" }),
    ],
  });
}
