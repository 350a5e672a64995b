/**
 * The Depthwise separable page's views of convolution costs (src/lib/conv-cost.ts): the per-layer cost table,
 * the saving against output channels and kernel size, the cost against the number of groups, and the table that
 * checks the layers run in tfjs against the formulas.
 */
import * as Plot from "@observablehq/plot";
import { type Comparison, type ConvShape, groupedConvCost, separableRatio, validGroups } from "../lib/conv-cost.js";
import { formatInt, formatMs, formatShape, formatSI } from "../lib/format.js";
import type { LiveComparison } from "../lib/grouped-conv.js";
import { chart } from "./chart.js";
import { SERIES, seriesRange } from "./palette.js";
import { dataTable } from "./table.js";
import { textLine } from "./text-line.js";
/** The standard conv, the depthwise and pointwise layers and their total, with the paper's ratio below. */
export function convCostTable(s: ConvShape, cmp: Comparison): HTMLElement {
  const { height, width, cin, cout, k } = s;
  const rows = [
    { layer: `standard ${k}×${k} conv`, kernel: `${k}×${k}×${cin}×${cout}`, c: cmp.standard, id: "standard" },
    { layer: `depthwise ${k}×${k}`, kernel: `${k}×${k}×${cin}×1`, c: cmp.separable.depthwise, id: "depthwise" },
    { layer: "pointwise 1×1", kernel: `1×1×${cin}×${cout}`, c: cmp.separable.pointwise, id: "pointwise" },
    { layer: "depthwise separable (total)", kernel: "", c: cmp.separable.total, id: "separable" },
  ];
  const table = dataTable(
    [
      { label: "layer", value: (r) => r.layer },
      { label: "kernel shape", value: (r) => r.kernel },
      { label: "output (h×w×c)", value: (r) => formatShape(r.c.outShape), num: true },
      { label: "parameters", value: (r) => formatInt(r.c.params), num: true },
      { label: "multiply-adds", value: (r) => formatInt(r.c.madds), num: true },
    ],
    rows,
    {
      caption: `Cost of each layer on a ${height}×${width}×${cin} input`,
      testId: "ds-cost",
      rowTestId: (r) => `ds-cost-${r.id}`,
    },
  );
  const ratio = textLine(
    `Separable / standard = 1/${cout} + 1/${k}² = ${(1 / cout).toFixed(4)} + ${(1 / (k * k)).toFixed(4)} = ${cmp.ratio.toFixed(4)}, ` +
      (cmp.saving >= 1
        ? `so the depthwise separable pair is ${cmp.saving.toFixed(2)}× cheaper: `
        : `so here the depthwise separable pair costs ${(1 / cmp.saving).toFixed(2)}× more than the standard convolution (the split only pays when 1/c_out + 1/k² is below 1): `) +
      `${formatInt(cmp.separable.total.params)} instead of ` +
      `${formatInt(cmp.standard.params)} parameters, ${formatSI(cmp.separable.total.madds)} instead of ${formatSI(cmp.standard.madds)} multiply-adds.`,
    { cls: "ds-ratio", testId: "ds-ratio" },
  );
  const box = document.createElement("div");
  box.append(table, ratio);
  return box;
}

const COUT_SWEEP = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048];

/** How many times cheaper separable is (1 / separableRatio) against c_out, one line per kernel size. */
export function savingChart(k: number, cout: number, cmp: Comparison) {
  const kernels = [...new Set([3, 5, 7, k])].sort((a, b) => a - b);
  const data = kernels.flatMap((kk) =>
    COUT_SWEEP.map((c) => ({ k: `${kk}×${kk}`, cout: c, saving: 1 / separableRatio(c, kk) })),
  );
  return chart({
    title: "How many times cheaper depthwise separable is, by output channels and kernel size",
    subtitle:
      "standard / separable = 1 / (1/c_out + 1/k²); it approaches k² as c_out grows. The dot is the calculator's setting.",
    ariaLabel: `Line chart: the saving of depthwise separable over standard convolution rises with output channels and levels off near k²: for 3×3 kernels it reaches ${(1 / separableRatio(2048, 3)).toFixed(2)}× at 2048 output channels. The current setting, ${k}×${k} with ${cout} output channels, saves ${cmp.saving.toFixed(2)}×.`,
    width: 720,
    height: 300,
    marginLeft: 50,
    x: {
      type: "log",
      base: 2,
      label: "output channels (log scale) →",
      // Every other power of 2, so the labels fit a phone-wide chart too.
      ticks: COUT_SWEEP.filter((_, i) => i % 2 === 0),
      tickFormat: (d: number) => String(d),
    },
    y: { type: "log", label: "saving (× fewer multiply-adds, log scale)", grid: true },
    color: {
      legend: true,
      label: "kernel",
      domain: kernels.map((kk) => `${kk}×${kk}`),
      range: seriesRange(kernels.length),
    },
    marks: [
      Plot.line(data, { x: "cout", y: "saving", stroke: "k" }),
      Plot.dot([{ cout, saving: cmp.saving }], { x: "cout", y: "saving", r: 6, fill: SERIES.ink, tip: true }),
      Plot.text([{ cout, saving: cmp.saving }], {
        x: "cout",
        y: "saving",
        text: (d: { saving: number }) => `${d.saving.toFixed(2)}×`,
        dy: -12,
      }),
    ],
  });
}

/** Multiply-adds of every valid group count, the reader's marked, against the separable pair (dashed). */
export function groupsChart(s: ConvShape, groups: number, cmp: Comparison) {
  const { height, width, cin, cout, k } = s;
  const sweep = validGroups(cin, cout).map((g) => ({ groups: g, madds: groupedConvCost(s, g).madds / 1e6 }));
  const sepM = cmp.separable.total.madds / 1e6;
  const last = sweep.at(-1)!;
  return chart({
    title: `Multiply-adds of a ${k}×${k} conv ${cin}→${cout} at ${height}×${width}, by number of groups`,
    subtitle: "Every valid group count (a divisor of both channel counts); the dashed line is depthwise + pointwise.",
    ariaLabel: `Chart: multiply-adds fall from ${formatSI(sweep[0].madds * 1e6)} with 1 group to ${formatSI(last.madds * 1e6)} with ${last.groups} groups, each doubling of groups halving the cost; depthwise separable costs ${formatSI(sepM * 1e6)}.`,
    width: 720,
    height: 320,
    marginLeft: 60,
    x: {
      type: "log",
      base: 2,
      label: "groups g (log scale)",
      ticks: sweep.map((d) => d.groups),
      tickFormat: (d: number) => String(d),
    },
    y: { type: "log", label: "multiply-adds (millions, log scale)", grid: true },
    marks: [
      Plot.line(sweep, { x: "groups", y: "madds", stroke: "var(--role-expansion)" }),
      Plot.dot(sweep, {
        x: "groups",
        y: "madds",
        fill: (d: { groups: number }) => (d.groups === groups ? "var(--role-add)" : "var(--role-expansion)"),
        r: (d: { groups: number }) => (d.groups === groups ? 7 : 3.5),
        tip: true,
      }),
      Plot.ruleY([sepM], { stroke: "var(--role-projection)", strokeDasharray: "5 4" }),
      Plot.text([{ x: sweep[0].groups, y: sepM }], {
        x: "x",
        y: "y",
        text: () => `depthwise separable: ${formatSI(sepM * 1e6, 2)}`,
        dy: -8,
        textAnchor: "start",
        fill: "var(--role-projection)",
      }),
      Plot.text(
        sweep.filter((d) => d.groups === groups),
        {
          x: "groups",
          y: "madds",
          text: (d: { groups: number; madds: number }) => `g = ${d.groups}: ${formatSI(d.madds * 1e6, 2)}`,
          dx: 10,
          dy: -10,
          textAnchor: "start",
        },
      ),
    ],
  });
}

/** The four layers as tfjs ran them next to the formulas, and a summary line. */
export function convLiveTable(s: ConvShape, groups: number, cmp: Comparison, live: LiveComparison, backend: string) {
  const g = groupedConvCost(s, groups);
  const rows = [
    { id: "standard", l: live.standard, shape: cmp.standard.outShape, params: cmp.standard.params },
    {
      id: "depthwise",
      l: live.depthwise,
      shape: cmp.separable.depthwise.outShape,
      params: cmp.separable.depthwise.params,
    },
    { id: "separable", l: live.separable, shape: cmp.separable.total.outShape, params: cmp.separable.total.params },
    { id: "grouped", l: live.grouped, shape: g.outShape, params: g.params },
  ];
  type Row = (typeof rows)[number];
  const same = (r: Row) => formatShape(r.l.outShape) === formatShape(r.shape) && r.l.params === r.params;
  const table = dataTable(
    [
      { label: "layer (run in tfjs)", value: (r) => r.l.name },
      { label: "output, tfjs", value: (r) => formatShape(r.l.outShape), num: true },
      { label: "output, formula", value: (r) => formatShape(r.shape), num: true },
      { label: "parameters, tfjs", value: (r) => formatInt(r.l.params), num: true },
      { label: "parameters, formula", value: (r) => formatInt(r.params), num: true },
      {
        label: "agree",
        value: (r) => (same(r) ? "✓" : "✗ differs"),
        cls: (r) => (same(r) ? "live-ok" : "live-bad"),
      },
      { label: "time", value: (r) => formatMs(r.l.ms), num: true },
    ],
    rows,
    {
      caption: `Input ${formatShape(live.inShape)} (random normal), backend ${backend}`,
      testId: "ds-live",
      rowTestId: (r) => `ds-live-${r.id}`,
    },
  );
  const summary = textLine(
    `${rows.every(same) ? "All shapes and parameter counts agree with the formulas." : "Some counts differ from the formulas."} ` +
      `Timings on small layers are dominated by fixed per-call overhead, so they track the multiply-add counts only loosely; on ${backend} the ` +
      `separable pair took ${formatMs(live.separable.ms)} against ${formatMs(live.standard.ms)} for the standard conv.`,
    { cls: "ds-live-summary", testId: "ds-live-summary" },
  );
  const box = document.createElement("div");
  box.append(table, summary);
  return box;
}
