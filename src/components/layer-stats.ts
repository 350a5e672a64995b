/**
 * Per-layer statistics: a table for the chosen block (zeros after ReLU6, saturation at 6, negatives, min /
 * max / mean), and a chart of every tapped layer's minimum across the whole network, which shows the linear
 * bottleneck at a glance: ReLU6 outputs never go below 0, projection outputs do.
 */
import * as Plot from "@observablehq/plot";
import type { TapGroup } from "../lib/activation-taps.js";
import { isKept, type LayerActivation } from "../lib/activations.js";
import { blockNumber } from "../lib/spec.js";
import { accessibleChart, fitWidth } from "./chart.js";
import { el } from "./dom.js";
import { drawLater } from "./next-task.js";
import { SERIES as C } from "./palette.js";
import { dataTable } from "./table.js";

const KIND_COLOURS: Record<string, string> = {
  stem: C.grey,
  expansion: C.blue,
  depthwise: C.orange,
  projection: C.bluishGreen,
  add: C.reddishPurple,
  head: C.vermillion,
};

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function blockStatsTable(group: TapGroup, layers: Map<string, LayerActivation>): HTMLTableElement {
  const rows = group.taps.flatMap((tap) => {
    const a = layers.get(tap.layer);
    return isKept(a) ? [{ tap, shape: a.shape, s: a.stats }] : [];
  });
  type Row = (typeof rows)[number];
  const fixed = (f: (r: Row) => number) => (r: Row) => f(r).toFixed(3);
  return dataTable(
    [
      { label: "Layer", value: (r) => el("code", {}, r.tap.layer) },
      { label: "Shape", value: (r) => r.shape.join("×") },
      {
        label: "Activation",
        value: (r) => (r.tap.relu6 ? "ReLU6" : r.tap.kind === "add" ? "none (sum)" : "linear"),
      },
      { label: "Min", value: fixed((r) => r.s.min), num: true },
      { label: "Max", value: fixed((r) => r.s.max), num: true },
      { label: "Mean", value: fixed((r) => r.s.mean), num: true },
      { label: "Zeros", value: (r) => pct(r.s.zeros), num: true },
      { label: "At 6", value: (r) => (r.tap.relu6 ? pct(r.s.saturated) : "—"), num: true },
      { label: "Negative", value: (r) => pct(r.s.negative), num: true },
    ],
    rows,
    {
      cls: "act-stats",
      caption: `Statistics of every layer of ${group.label}, for this image`,
      rowData: (r) => ({ layer: r.tap.layer }),
    },
  );
}

/** Minimum of every tapped layer, block by block. */
export function minimaChart(
  groups: TapGroup[],
  layers: Map<string, LayerActivation>,
  opts: { width: number; selected: string },
): HTMLElement {
  const rows = groups.flatMap((g) =>
    g.taps.flatMap((t) => {
      const a = layers.get(t.layer);
      return a
        ? [
            {
              group: blockNumber(g.id),
              id: g.id,
              kind: t.kind,
              min: a.min,
              layer: t.layer,
            },
          ]
        : [];
    }),
  );
  const order = groups.map((g) => blockNumber(g.id));
  const kinds = [...new Set(rows.map((r) => r.kind))];
  const selected = blockNumber(opts.selected);
  const negProj = rows.filter((r) => (r.kind === "projection" || r.kind === "add") && r.min < 0).length;
  const reluMin = Math.min(...rows.filter((r) => r.kind !== "projection" && r.kind !== "add").map((r) => r.min));
  const draw = () => {
    const width = fitWidth(Math.max(480, opts.width || 0));
    const chart = Plot.plot({
      width,
      height: 260,
      marginLeft: 50,
      x: {
        domain: order,
        label: "Block (stem, 0 … 16, head)",
        // On a phone-wide chart every other block is labelled, so the labels do not run into each other.
        tickFormat: (d: string, i: number) => (width < 480 && i % 2 ? "" : d),
      },
      y: { label: "Minimum activation", grid: true, zero: true },
      color: { domain: kinds, range: kinds.map((k) => KIND_COLOURS[k]), legend: true },
      marks: [
        Plot.barY([selected], {
          x: (d: string) => d,
          y1: Math.min(0, ...rows.map((r) => r.min)),
          y2: Math.max(0.5, ...rows.map((r) => r.min)),
          fill: "currentColor",
          fillOpacity: 0.08,
        }),
        Plot.ruleY([0], { stroke: "currentColor" }),
        Plot.dot(rows, {
          x: "group",
          y: "min",
          fill: "kind",
          r: 4,
          symbol: "kind",
          title: (d: { layer: string; min: number }) => `${d.layer}: min ${d.min.toFixed(3)}`,
        }),
      ],
    }) as HTMLElement;
    return accessibleChart(
      chart,
      `Minimum activation of every layer: ${negProj} of ${rows.filter((r) => r.kind === "projection" || r.kind === "add").length} projection or add outputs are negative; the smallest ReLU6 output is ${reluMin.toFixed(3)}.`,
    );
  };
  const fig = el("figure", { class: "act-minima" });
  fig.dataset.negativeProjections = String(negProj);
  fig.dataset.reluMin = String(reluMin);
  fig.append(
    el(
      "figcaption",
      {},
      `Minimum value of each layer's output for this image. ReLU6 layers (stem, expansion, depthwise, head) never go below ${reluMin.toFixed(1)}; ${negProj} linear projection or residual-add outputs go negative. The shaded column is the block shown above.`,
    ),
  );
  // Below the fold: the figure and its numbers now, the chart in a task of its own.
  return drawLater(fig, draw);
}
