/**
 * Where a network spends its parameters and its multiply-adds: one bar per stem / block / head, for any number of
 * rows. Bars alternate between two series colours from one Table 2 row to the next (stem and head in grey) and
 * each row is named above its first bar, so no colour has to be matched against a legend. Early blocks work on
 * large feature maps (multiply-adds), late ones on many channels (parameters).
 */
import * as Plot from "@observablehq/plot";
import { formatInt, formatSI } from "../lib/format.js";
import { blockNumber, partName } from "../lib/spec.js";
import type { Trace } from "../lib/trace.js";
import { accessibleChart, fitWidth } from "./chart.js";
import { el } from "./dom.js";
import { SERIES } from "./palette.js";

export function costChart(trace: Trace, width = 900): HTMLElement {
  const data = trace.groups.map((g, i) => {
    const row = g.part?.kind === "row" ? g.part.row : null;
    const isBlock = row !== null;
    return {
      i,
      x: isBlock ? blockNumber(g.group) : g.group,
      name: isBlock ? `block ${blockNumber(g.group)} (${g.group}), ${partName(g.part!)}` : g.group,
      row,
      fill: row === null ? SERIES.grey : row % 2 ? SERIES.blue : SERIES.vermillion,
      params: g.params / 1e3,
      madds: g.madds / 1e6,
    };
  });
  const rowStarts = data.filter((d, i) => d.row !== null && data[i - 1]?.row !== d.row);
  const maxParams = data.reduce((a, b) => (b.params > a.params ? b : a));
  const maxMadds = data.reduce((a, b) => (b.madds > a.madds ? b : a));
  const describe = (key: "params" | "madds") =>
    key === "params"
      ? `Bar chart of trainable parameters for each of the ${data.length} parts of the network, from the stem to the head; most in ${maxParams.name} (${formatInt(maxParams.params * 1e3)}), ${formatInt(data[0].params * 1e3)} in the stem.`
      : `Bar chart of multiply-adds for one image in each of the ${data.length} parts of the network, from the stem to the head; most in ${maxMadds.name} (${formatSI(maxMadds.madds * 1e6)}), ${formatSI(data.at(-1)!.madds * 1e6)} in the head.`;
  // On a phone-wide chart the row labels over the bars are the row numbers alone, so they do not collide.
  const drawn = fitWidth(width);
  const narrow = drawn < 600;
  const rowNumbers = drawn < 800; // "row 1" and "row 2" collide below that (row 1 is one block wide)
  const chart = (key: "params" | "madds", label: string) =>
    Plot.plot({
      width: drawn,
      height: 240,
      marginLeft: 60,
      marginTop: 26,
      marginBottom: 40,
      ariaLabel: describe(key),
      x: {
        domain: data.map((d) => d.x),
        label: rowNumbers
          ? "block; above: its Table 2 row →"
          : "block (0 is Keras' expanded_conv, k is block_k), by Table 2 row →",
        // Narrow: even blocks only, and not 0 or 16, which would run into "stem" and "head".
        tickFormat: (d: string) => (narrow && /^\d+$/.test(d) && (Number(d) % 2 || d === "0" || d === "16") ? "" : d),
      },
      y: { label, grid: true },
      marks: [
        Plot.barY(data, {
          x: "x",
          y: key,
          fill: (d) => d.fill,
          tip: true,
          title: (d) =>
            `${d.name}: ${key === "params" ? `${formatInt(d.params * 1e3)} parameters` : `${formatSI(d.madds * 1e6)} multiply-adds`}`,
        }),
        Plot.text(rowStarts, {
          x: "x",
          frameAnchor: "top",
          dy: -14,
          dx: rowNumbers ? 0 : -12,
          textAnchor: rowNumbers ? "middle" : "start",
          text: (d) => (rowNumbers ? String(d.row) : `row ${d.row}`),
          fill: (d) => d.fill,
          fontWeight: "bold",
        }),
        Plot.ruleY([0]),
      ],
    });
  const alt = `Bar charts of parameters and multiply-adds per block, blocks numbered 0 to ${data.length - 3} (block 0 is Keras' expanded_conv, block k is block_k; head = last 1×1 conv + classifier); bars alternate colour from one Table 2 row to the next. Most parameters: ${maxParams.name} (${formatInt(maxParams.params * 1e3)}); most multiply-adds: ${maxMadds.name} (${formatSI(maxMadds.madds * 1e6)}).`;
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
