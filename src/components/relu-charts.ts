/**
 * The ReLU6 page's drawings: ReLU and ReLU6 as curves, the histogram of the activations being quantized with
 * the top of each quantization range, and the table of the two activations' quantization errors.
 */
import * as Plot from "@observablehq/plot";
import { formatInt } from "../lib/format.js";
import type { ReluQuantComparison, ReluRanges } from "../lib/quantize.js";
import { histogram } from "../lib/stats.js";
import { chart } from "./chart.js";
import { SERIES as C } from "./palette.js";
import { dataTable } from "./table.js";

const RELU = C.blue;
const RELU6 = C.orange;

export function reluCurvesChart(width: number) {
  const xs = Array.from({ length: 241 }, (_, i) => -3 + i * 0.05);
  const curves = xs.flatMap((x) => [
    { x, y: Math.max(0, x), f: "ReLU" },
    { x, y: Math.min(Math.max(0, x), 6), f: "ReLU6" },
  ]);
  return chart({
    width: Math.min(width, 640),
    height: 300,
    marginLeft: 45,
    title: "ReLU and ReLU6",
    subtitle: "Identical between 0 and 6; ReLU6 stays at 6 above that",
    ariaLabel:
      "Line chart of ReLU and ReLU6 for inputs from −3 to 9: both are 0 below 0 and equal x up to 6; ReLU keeps rising, ReLU6 stays at 6.",
    x: { label: "pre-activation x →", grid: true },
    y: { label: "↑ activation f(x)", grid: true, domain: [-0.5, 9] },
    color: { legend: true, domain: ["ReLU", "ReLU6"], range: [RELU, RELU6] },
    marks: [
      Plot.ruleY([0]),
      Plot.ruleY([6], { stroke: RELU6, strokeDasharray: "3 3" }),
      Plot.line(
        curves.filter((d) => d.f === "ReLU6"),
        { x: "x", y: "y", stroke: "f", strokeWidth: 4 },
      ),
      Plot.line(
        curves.filter((d) => d.f === "ReLU"),
        { x: "x", y: "y", stroke: "f", strokeWidth: 2, strokeDasharray: "6 4" },
      ),
    ],
  });
}

/** Range, step and errors of the two activations under quantization. */
export function quantizationTable(q: ReluQuantComparison): HTMLTableElement {
  const rows = [
    { f: "ReLU", range: `[0, ${q.hiRelu.toFixed(2)}]`, e: q.relu },
    { f: "ReLU6", range: "[0, 6]", e: q.relu6 },
  ];
  return dataTable(
    [
      { label: "Activation", value: (r) => r.f },
      { label: "Quantization range", value: (r) => r.range },
      { label: "Step size", value: (r) => r.e.step.toFixed(4), num: true },
      { label: "RMSE (typical values)", value: (r) => r.e.rmse.toFixed(4), num: true },
      { label: "Max error (typical values)", value: (r) => r.e.maxError.toFixed(4), num: true },
    ],
    rows,
  );
}

/** Histogram of the positive pre-activation values, with the end of ReLU's and ReLU6's ranges. */
export function activationHistogram(x: ArrayLike<number>, ranges: ReluRanges, width: number) {
  const { hiRelu, typicalTop } = ranges;
  const { bins, counted } = histogram(x, 0, Math.max(hiRelu, 1e-9), 80);
  return chart({
    width: Math.min(width, 720),
    height: 280,
    marginLeft: 55,
    title: "Where the positive activations lie",
    subtitle: `${formatInt(counted)} positive values of ${formatInt(x.length)}; dashed: the top of each quantization range`,
    ariaLabel: `Histogram of the positive pre-activation values on a square-root count scale: most lie below ${typicalTop.toFixed(1)}; ReLU's range ends at ${hiRelu.toFixed(1)}, ReLU6's at 6.`,
    x: { label: "activation value →" },
    y: { label: "↑ count (square-root scale)", type: "sqrt", grid: true },
    marks: [
      Plot.rectY(bins, {
        x1: "x0",
        x2: "x1",
        y: "count",
        fill: RELU,
        fillOpacity: 0.7,
        insetLeft: 0.5,
        insetRight: 0.5,
      }),
      Plot.ruleY([0]),
      Plot.ruleX([6], { stroke: RELU6, strokeWidth: 2, strokeDasharray: "5 3" }),
      Plot.ruleX([hiRelu], { stroke: RELU, strokeWidth: 2, strokeDasharray: "5 3" }),
      Plot.text([{ x: 6, t: "ReLU6 range ends (6)" }], {
        x: "x",
        text: "t",
        frameAnchor: "top",
        dy: 6,
        dx: 4,
        textAnchor: "start",
        fill: RELU6,
      }),
      Plot.text([{ x: hiRelu, t: `ReLU range ends (${hiRelu.toFixed(1)})` }], {
        x: "x",
        text: "t",
        frameAnchor: "top",
        dy: 20,
        dx: -4,
        textAnchor: "end",
        fill: RELU,
      }),
    ],
  });
}
