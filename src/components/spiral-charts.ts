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
  randomMatrix,
  reconstruction,
  type spiral,
} from "../lib/manifold.js";
import { yieldToEventLoop } from "../lib/steps.js";
import { chart } from "./chart.js";
import { el } from "./dom.js";
import { RAMPS, SERIES } from "./palette.js";

export const ACTIVATION_NAMES: Record<Activation, string> = { relu: "ReLU", relu6: "ReLU6", none: "no activation" };

/** The n of the paper's panels. */
const PANEL_DIMENSIONS = [2, 3, 5, 15, 30];

type Spiral = ReturnType<typeof spiral>;

/** One reconstruction panel: its n and result, and whether it is the reader's n. */
export interface SpiralPanel {
  n: number;
  result: Reconstruction;
  yours: boolean;
}

/** The paper's panels (n = 2, 3, 5, 15, 30) and, when it is none of those, the reader's n, in increasing n. */
export function spiralPanelResults(sp: Spiral, o: { act: Activation; n: number; seed: number }): SpiralPanel[] {
  const ns = [...new Set([...PANEL_DIMENSIONS, o.n])].sort((a, b) => a - b);
  return ns.map((k) => ({ n: k, result: reconstruction(sp.points, k, o.seed, o.act), yours: k === o.n }));
}

/** Panel side in CSS px: 2 across on a phone, up to 4 across on a wide page, never wider than 300 px. */
function panelSide(width: number): number {
  const gap = 12;
  const across = width >= 900 ? 4 : width >= 560 ? 3 : 2;
  return Math.max(130, Math.min(300, Math.floor((width - gap * (across - 1)) / across) - 1));
}

function panel(sp: Spiral, act: Activation, points: Point[], side: number, title: string, subtitle?: string) {
  const data = points.map(([x, y], i) => ({ x, y, along: sp.along[i] }));
  const actName = ACTIVATION_NAMES[act];
  return chart({
    width: side,
    height: side + 30,
    marginLeft: 36,
    marginBottom: 32,
    marginTop: 22,
    marginRight: 10,
    style: { fontSize: "11px" },
    title,
    subtitle,
    ariaLabel: subtitle
      ? `${title}, ${subtitle}: scatter plot of the ${points.length} spiral points after ${actName} in ${title.replace(/^n = (\d+).*/, "$1")} dimensions and back to 2-D, x₁ against x₂`
      : `${title}: scatter plot of the ${points.length} points of the 2-D spiral, x₁ against x₂`,
    x: { label: "x₁", ticks: 3, nice: true, labelAnchor: "right" },
    y: { label: "x₂", ticks: 3, nice: true, labelAnchor: "top" },
    color: { type: "sequential", interpolate: RAMPS.order, domain: [0, 1] },
    marks: [
      Plot.frame({ stroke: "currentColor", strokeOpacity: 0.15 }),
      Plot.dot(data, { x: "x", y: "y", r: side > 200 ? 2 : 1.6, fill: "along" }),
    ],
  });
}

/** The input spiral and its reconstructions (`spiralPanelResults`), the reader's n outlined and named. */
export function spiralPanels(sp: Spiral, panels: SpiralPanel[], o: { act: Activation; width: number }) {
  const { act } = o;
  const side = panelSide(o.width);
  const wrap = el("div", {
    class: "linear-bottleneck-panels",
    role: "group",
    "aria-label": `The input spiral and its reconstructions after ${ACTIVATION_NAMES[act]} in n = ${panels.map((p) => p.n).join(", ")} dimensions`,
  });
  wrap.append(panel(sp, act, sp.points, side, "Input"));
  for (const p of panels) {
    const fig = panel(
      sp,
      act,
      p.result.back,
      side,
      `n = ${p.n}${p.yours ? " (yours)" : ""}`,
      `error ${p.result.error.toFixed(3)}`,
    );
    fig.setAttribute("data-n", String(p.n));
    fig.setAttribute("data-error", p.result.error.toFixed(6));
    if (p.yours) fig.classList.add("yours");
    wrap.append(fig);
  }
  return wrap;
}

/**
 * What the panels show, in a sentence computed from them: whether the error falls steadily as n grows for this
 * seed, or which panel breaks the trend (one random T can be unlucky; the curve averages many).
 */
export function panelsSentence(panels: SpiralPanel[], o: { act: Activation; seed: number }): string {
  const errs = panels.map((p) => ({ n: p.n, e: p.result.error }));
  const f = (x: number) => x.toFixed(3);
  if (o.act === "none")
    return `With no activation every panel comes back exactly (largest error ${f(Math.max(...errs.map((x) => x.e)))}).`;
  const first = errs[0];
  const last = errs.at(-1)!;
  for (let i = 1; i < errs.length; i++) {
    const better = errs.slice(0, i).reduce((a, b) => (b.e < a.e ? b : a));
    if (errs[i].e > better.e)
      return `With seed ${o.seed} the panels do not improve steadily: n = ${errs[i].n} (error ${f(errs[i].e)}) is worse than n = ${better.n} (${f(better.e)}). One random T can be lucky or unlucky; the chart below averages ${CURVE_SEEDS.length} of them.`;
  }
  return `With seed ${o.seed} the error falls at every step, from ${f(first.e)} at n = ${first.n} to ${f(last.e)} at n = ${last.n}.`;
}

/** Seeds of the random matrices averaged in the error curve. */
export const CURVE_SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** The error curves (mean and range over CURVE_SEEDS, and the reader's seed) and how long they took. */
export async function spiralErrorCurves(points: Point[], act: Activation, seed: number) {
  // A task of its own: the cells before it (the panels, drawn with the same inputs) ran in the current one.
  await yieldToEventLoop();
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

/** What the averaged curve shows, in sentences computed from it (small n against large n). */
export function curveSentence(curve: ErrorCurvePoint[], act: Activation): string {
  const at = (n: number) => curve.find((c) => c.n === n)!.mean;
  const f = (x: number) => x.toFixed(2);
  if (act === "none")
    return "With no activation the error is zero for every n (up to rounding): the loss is entirely the activation's doing.";
  const small = Math.min(at(2), at(3));
  const large = Math.max(at(15), at(30));
  const verdict =
    large < small / 2
      ? `a fraction of that: ${ACTIVATION_NAMES[act]} in many dimensions keeps enough coordinates to bring the spiral back`
      : large < small
        ? "lower, but not by much at this radius"
        : "no better: at this radius the activation loses as much in many dimensions as in few";
  return `Averaged over ${CURVE_SEEDS.length} random matrices, the error with ${ACTIVATION_NAMES[act]} is ${f(at(2))} at n = 2 and ${f(at(3))} at n = 3; at n = 15 it is ${f(at(15))} and at n = 30 ${f(at(30))}, ${verdict}.`;
}

/** Whether ReLU6 differs from ReLU for this spiral, n and seed: the largest coordinate of T·x decides. */
export function relu6Sentence(sp: Spiral, n: number, seed: number, radius: number): string {
  const relu = reconstruction(sp.points, n, seed, "relu");
  const relu6 = reconstruction(sp.points, n, seed, "relu6");
  const top = Math.max(...randomMatrix(n, seed).flatMap(([p, q]) => sp.points.map(([x, y]) => p * x + q * y)));
  return top <= 6
    ? `ReLU6 gives exactly what ReLU gives here (error ${relu.error.toFixed(3)} for n = ${n}): with radius ${radius} no coordinate of T·x exceeds 6 (the largest is ${top.toFixed(2)}). Enlarge the radius and ReLU6 also clips the large values.`
    : `Here ReLU6 clips: the largest coordinate of T·x is ${top.toFixed(2)}, above 6, so for n = ${n} ReLU6's error is ${relu6.error.toFixed(3)} against ReLU's ${relu.error.toFixed(3)}.`;
}
