/**
 * What the Playground shows for a configuration: the comparison with the paper's network, the per-layer table,
 * costs and receptive field by row, activation memory beside the paper's Table 3, and one block of a chosen row
 * drawn to scale. Each takes computed data (src/lib/playground.ts, memory.ts) and only draws.
 */
import * as Plot from "@observablehq/plot";
import { blockUnits } from "../lib/block-units.js";
import type { SiteConfig } from "../lib/config.js";
import { formatInt, formatPercent, formatSI } from "../lib/format.js";
import { invertedResidualGraph } from "../lib/graph.js";
import type { MemoryReport } from "../lib/memory.js";
import { type Comparison, LAYER_COLUMNS, type LayerRow, type PartCost } from "../lib/playground.js";
import type { PAPER_TABLE3 } from "../lib/reference.js";
import { blockSpecs, residualReason } from "../lib/spec.js";
import { traceGraph } from "../lib/trace.js";
import { blockDiagram } from "./block-diagram.js";
import { chart } from "./chart.js";
import { el } from "./dom.js";
import { type Column, dataTable } from "./table.js";

const signed = (n: number, f: (x: number) => string) => (n > 0 ? `+${f(n)}` : n < 0 ? `−${f(-n)}` : "±0");

/** Headline cards: parameters, multiply-adds, and their difference to the paper's network. */
export function comparisonCards(c: Comparison, output: number[]): HTMLElement {
  const card = (title: string, key: string, big: string, small: string) =>
    el(
      "div",
      { class: "card" },
      el("h2", {}, title),
      el("span", { class: "big", "data-headline": key }, big),
      el("br"),
      el("span", { class: "muted", "data-delta": key }, small),
    );
  return el(
    "div",
    { class: "headlines" },
    card(
      "Trainable parameters",
      "params",
      formatInt(c.params),
      `${signed(c.dParams, formatInt)} (${signed(c.rParams, (x) => formatPercent(x))}) vs the paper's ${formatInt(c.paperParams)}`,
    ),
    card(
      "Multiply-adds",
      "madds",
      formatSI(c.madds),
      `${signed(c.dMadds, (x) => formatSI(x))} (${signed(c.rMadds, (x) => formatPercent(x))}) vs the paper's ${formatSI(c.paperMadds)}`,
    ),
    card("Output", "output", output.join("×"), "class probabilities for one image"),
  );
}

const cellText = (r: LayerRow, key: keyof LayerRow): string => {
  const v = r[key];
  if (v === null) return "whole image";
  if (Array.isArray(v)) return v.join("×");
  if (typeof v === "number") return key === "receptiveField" || key === "jump" ? String(v) : v ? formatInt(v) : "–";
  return String(v);
};

/** Every layer: output shape, parameters, BN statistics, multiply-adds, activation size, receptive field. */
export function layerTableView(rows: LayerRow[]): HTMLElement {
  const numeric = new Set<keyof LayerRow>([
    "params",
    "bnStats",
    "madds",
    "activations",
    "receptiveField",
    "jump",
    "outputShape",
  ]);
  const table = dataTable(
    LAYER_COLUMNS.map(
      (c): Column<LayerRow> => ({
        label: c.label,
        num: numeric.has(c.key),
        value: (r) => (c.key === "layer" ? el("code", {}, r.layer) : cellText(r, c.key)),
      }),
    ),
    rows,
    {
      cls: "playground-layers",
      data: { rows: rows.length },
      caption: `All ${rows.length} layers. Activation values: numbers in the layer's output for one image. Receptive field: the side, in input pixels, of the patch one output value can see; jump: input pixels between neighbouring outputs.`,
      rowData: (r) => ({ layer: r.layer }),
    },
  );
  return el("div", { class: "table-scroll", tabindex: 0, role: "region", "aria-label": "Per-layer table" }, table);
}

/** Parameters and multiply-adds by part (stem, each bottleneck row, head): two bar charts, each with its own scale. */
export function partCostChart(parts: PartCost[], width: number): HTMLElement {
  const most = (k: "params" | "madds") => parts.reduce((a, b) => (b[k] > a[k] ? b : a));
  const fill = (d: PartCost) => (d.part === "stem" || d.part === "head" ? "var(--role-stem)" : "var(--role-expansion)");
  const bars = (key: "params" | "madds", scale: number, label: string, title: string) =>
    chart({
      title,
      ariaLabel: `Bar chart of ${title.toLowerCase()} for the stem, each of the ${parts.length - 2} bottleneck rows and the head; most in ${most(key).part} (${key === "params" ? formatInt(most(key).params) : formatSI(most(key).madds)}).`,
      width,
      height: 200,
      marginLeft: 60,
      x: {
        domain: parts.map((p) => p.part),
        label: "part of the network: stem, bottleneck rows, head →",
        tickFormat: rowTick,
      },
      y: { label, grid: true },
      marks: [Plot.barY(parts, { x: "part", y: (d: PartCost) => d[key] / scale, fill, tip: true }), Plot.ruleY([0])],
    });
  return el(
    "figure",
    { class: "part-cost-chart" },
    bars("params", 1e3, "↑ parameters (thousands)", "Parameters by row"),
    bars("madds", 1e6, "↑ multiply-adds (millions)", "Multiply-adds by row (one image)"),
    el(
      "figcaption",
      {},
      "Early rows work on large feature maps (multiply-adds); late rows have many channels (parameters); the head's classifier is nearly all parameters.",
    ),
  );
}

/** The receptive field reached at the end of each part, in input pixels (log scale). */
export function receptiveFieldChart(parts: PartCost[], resolution: number, width: number): HTMLElement {
  const data = parts.filter((p) => p.receptiveField !== null) as (PartCost & { receptiveField: number })[];
  return el(
    "figure",
    { class: "rf-chart" },
    chart({
      title: "Receptive field by row",
      ariaLabel: `Line chart of the receptive field at the end of each part: ${data.map((d) => `${d.part} ${d.receptiveField} px`).join(", ")}; the input is ${resolution} px wide.`,
      width,
      height: 260,
      marginLeft: 60,
      x: {
        domain: data.map((d) => d.part),
        label: "end of part: stem, bottleneck rows, head →",
        padding: 0.4,
        tickFormat: rowTick,
      },
      y: { type: "log", label: "↑ receptive field (input pixels, log scale)", grid: true },
      marks: [
        Plot.ruleY([resolution], { stroke: "var(--theme-foreground-muted)", strokeDasharray: "4 3" }),
        Plot.text([resolution], {
          x: data[0]?.part,
          y: (d) => d,
          text: () => `input: ${resolution} px`,
          dy: -8,
          textAnchor: "start",
        }),
        Plot.line(data, { x: "part", y: "receptiveField", stroke: "var(--role-depthwise)" }),
        Plot.dot(data, { x: "part", y: "receptiveField", fill: "var(--role-depthwise)", tip: true }),
        Plot.text(data, { x: "part", y: "receptiveField", text: (d) => `${d.receptiveField}`, dy: -10 }),
      ],
    }),
    el(
      "figcaption",
      {},
      "Each 3×3 depthwise conv adds 2 × jump pixels; each stride 2 doubles the jump. Past the input's width, a value sees the whole image (with padding).",
    ),
  );
}

const kb = (bytes: number) => `${formatInt(bytes / 1000)} kB`;

type Table3 = typeof PAPER_TABLE3;

/** This network's activation memory per resolution level, beside the paper's Table 3. */
export function memoryView(m: MemoryReport, t3: Table3 | null): HTMLElement {
  const saving = (sliced: number, whole: number) => formatPercent(1 - sliced / whole, 0);
  const ours = dataTable(
    [
      { label: "Input size", value: (l) => `${l.size}²` },
      {
        label: "Widest bottleneck tensor",
        num: true,
        value: (l) => `${l.bottleneckChannels} ch, ${kb(l.bottleneckBytes)}`,
      },
      { label: "Peak, expansion whole", num: true, value: (l) => kb(l.wholeBytes) },
      { label: "Peak, in t slices", num: true, value: (l) => kb(l.slicedBytes) },
      { label: "Saving", num: true, value: (l) => saving(l.slicedBytes, l.wholeBytes) },
    ],
    m.levels,
    {
      cls: "memory-table",
      caption:
        "This network, 16-bit values (2 bytes), kB = 1000 bytes. Peak: the most that must exist at once inside any block at that size; in t slices: computing each block's expansion in t slices (section 5.1).",
      rowData: (l) => ({ size: l.size }),
      foot: [
        {
          label: "Network peak",
          cells: {
            "Widest bottleneck tensor": { value: kb(m.peakBottleneckBytes), data: { memory: "bottleneck" } },
            "Peak, expansion whole": { value: kb(m.peakWholeBytes), data: { memory: "whole" } },
            "Peak, in t slices": { value: kb(m.peakSlicedBytes), data: { memory: "sliced" } },
            Saving: saving(m.peakSlicedBytes, m.peakWholeBytes),
          },
        },
      ],
    },
  );
  if (!t3) return ours;
  const paper = dataTable(
    [
      { label: "Size", value: (r: Table3["rows"][number]) => `${r.size}²` },
      ...t3.networks.map((n, i) => ({
        label: n,
        num: true,
        value: (r: Table3["rows"][number]) => `${r.channels[i]} / ${formatInt(r.memoryKb[i])} kB`,
      })),
    ],
    t3.rows,
    {
      cls: "memory-table paper-table3",
      caption: `Published: ${t3.source.title}${t3.source.venue ? ` (${t3.source.venue})` : ""}${t3.source.where ? `, ${t3.source.where}` : ""}. Largest channels / memory in kB (16-bit values; the paper writes kB as K) that must be materialised at each size.`,
      foot: [
        { label: "max", cells: Object.fromEntries(t3.networks.map((n, i) => [n, `${formatInt(t3.maxKb[i])} kB`])) },
      ],
    },
  );
  return el("div", { class: "memory-view" }, ours, paper);
}

/** "row 3" is labelled "3" on an axis (its label says these are rows), so many rows fit a phone-wide chart. */
function rowTick(part: string): string {
  return part.replace(/^row /, "");
}

/** The first block of a chosen row, drawn to scale (src/components/block-diagram.ts), with a row picker. */
export function rowBlockDiagram(cfg: SiteConfig, width: number): HTMLElement {
  const blocks = blockSpecs(cfg);
  const id = `rb-${Math.random().toString(36).slice(2, 8)}`;
  const select = el(
    "select",
    { id },
    cfg.rows.map((r, i) => el("option", { value: i }, `Row ${i + 1}: t=${r.t}, c=${r.c}, n=${r.n}, s=${r.s}`)),
  );
  const holder = el("div", { class: "row-block-diagram" });
  let size = Math.ceil(cfg.resolution / 2);
  const sizes = blocks.map((b) => {
    const s = size;
    size = Math.ceil(size / b.stride);
    return s;
  });
  const draw = () => {
    const row = Number(select.value) + 1;
    const bi = blocks.findIndex((b) => b.row === row);
    const b = blocks[bi];
    const graph = invertedResidualGraph({
      cin: b.cin,
      cout: b.cout,
      t: b.t,
      stride: b.stride,
      size: sizes[bi],
      expandWhenT1: cfg.convention === "from-scratch",
      prefix: b.prefix,
    });
    holder.replaceChildren(
      blockDiagram(blockUnits(graph, traceGraph(graph)), {
        title: `Row ${row}, first block (${b.prefix}): ${b.cin} → ${b.expanded} → ${b.cout} channels, stride ${b.stride}`,
        maxChannels: Math.max(b.cin, b.expanded, b.cout),
        noShortcutReason: residualReason(b.stride, b.cin, b.cout),
        width,
      }),
    );
  };
  select.addEventListener("change", draw);
  select.addEventListener("input", (e) => e.stopPropagation());
  draw();
  return el("div", { class: "row-block" }, el("label", { for: id }, "Block diagram of "), select, holder);
}

/** A wide table in a box that scrolls sideways on narrow screens instead of widening the page. */
export function scrollBox(node: HTMLElement, label: string): HTMLElement {
  return el("div", { class: "rows-editor-scroll", tabindex: 0, role: "region", "aria-label": label }, node);
}
