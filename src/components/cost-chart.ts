/**
 * Where a network spends its parameters and its multiply-adds: one bar per stem / block / head, coloured by
 * part (stem, Table 2 row i, head), for any number of rows. Early blocks work on large feature maps (multiply-adds), late ones on many channels (parameters).
 */
import * as Plot from "@observablehq/plot";
import { formatInt, formatSI } from "../lib/format.js";
import { partName } from "../lib/spec.js";
import type { Trace } from "../lib/trace.js";
import { accessibleChart } from "./chart.js";
import { el } from "./dom.js";

export function costChart(trace: Trace, width = 900): HTMLElement {
  const data = trace.groups.map((g, i) => ({
    i,
    group: g.group === "expanded_conv" ? "block_0" : g.group,
    part: g.part ? partName(g.part) : "block",
    params: g.params / 1e3,
    madds: g.madds / 1e6,
  }));
  const maxParams = data.reduce((a, b) => (b.params > a.params ? b : a));
  const maxMadds = data.reduce((a, b) => (b.madds > a.madds ? b : a));
  const describe = (key: "params" | "madds") =>
    key === "params"
      ? `Bar chart of trainable parameters for each of the ${data.length} parts of the network, from the stem to the head; most in ${maxParams.group} (${formatInt(maxParams.params * 1e3)}), ${formatInt(data[0].params * 1e3)} in the stem.`
      : `Bar chart of multiply-adds for one image in each of the ${data.length} parts of the network, from the stem to the head; most in ${maxMadds.group} (${formatSI(maxMadds.madds * 1e6)}), ${formatSI(data.at(-1)!.madds * 1e6)} in the head.`;
  const chart = (key: "params" | "madds", label: string) =>
    Plot.plot({
      width,
      height: 220,
      marginLeft: 60,
      marginBottom: 66,
      ariaLabel: describe(key),
      x: { domain: data.map((d) => d.group), label: "block (Keras name) →", tickRotate: -45 },
      y: { label, grid: true },
      color: {
        legend: key === "params",
        type: "categorical",
        scheme: "Tableau10",
        label: "Table 2 row",
        domain: [...new Set(data.map((d) => d.part))],
      },
      marks: [
        Plot.barY(data, {
          x: "group",
          y: key,
          fill: "part",
          tip: true,
          title: (d) =>
            `${d.group}: ${key === "params" ? `${formatInt(d.params * 1e3)} parameters` : `${formatSI(d.madds * 1e6)} multiply-adds`}`,
        }),
        Plot.ruleY([0]),
      ],
    });
  const alt = `Bar charts of parameters and multiply-adds per block (block_0 is Keras' expanded_conv; head = last 1×1 conv + classifier). Most parameters: ${maxParams.group} (${formatInt(maxParams.params * 1e3)}); most multiply-adds: ${maxMadds.group} (${formatSI(maxMadds.madds * 1e6)}).`;
  return accessibleChart(
    el(
      "figure",
      { class: "cost-chart", role: "group", "aria-label": alt },
      el("h3", {}, "Parameters per block (thousands)"),
      chart("params", "↑ parameters (thousands)"),
      el("h3", {}, "Multiply-adds per block (millions, one image)"),
      chart("madds", "↑ multiply-adds (millions)"),
      el("figcaption", {}, alt),
    ),
  );
}
