/**
 * A per-layer summary in the spirit of torchinfo / Keras summary(), collapsible by part (stem, each bottleneck
 * row of Table 2, head) and block: each
 * layer's Keras name, operator, output shape (analytic, and as tfjs reports it once the live model is built),
 * trainable parameters, BatchNorm statistics and multiply-adds, with sums per block, per row and in total.
 */
import { formatInt, formatShape, formatSI } from "../lib/format.js";
import { blockNumber, type Part, partName } from "../lib/spec.js";
import type { GroupTrace, LayerTrace, Trace } from "../lib/trace.js";
import { el } from "./dom.js";
import { dataTable } from "./table.js";

export interface LiveShapes {
  /** Layer name → output shape without the batch, as tfjs reports it. */
  shapes: Map<string, number[]>;
}

type Summary = HTMLElement & {
  update(live: LiveShapes): { mismatches: string[] };
  /** The live model did not run (too large, or it failed): say so in the tfjs column instead of "…". */
  notRun(): void;
};

function partTitle(part: Part | null, groups: GroupTrace[]): string {
  if (part?.kind === "stem") return "Stem";
  if (part?.kind === "head") return "Head: last conv, pooling, classifier";
  const first = groups[0].layers[0];
  const name = part ? `Row ${part.row} of Table 2` : "Layers";
  return `${name}: ${groups.length} block${groups.length > 1 ? "s" : ""}, ${formatShape(first.inShape)} → ${formatShape(groups[groups.length - 1].outShape)}`;
}

const sum = (gs: GroupTrace[], f: (g: GroupTrace) => number) => gs.reduce((s, g) => s + f(g), 0);

const dash = (n: number) => (n ? formatInt(n) : "–");

/** One part's or block's layers; the tfjs column says "…" until the live model has run (`update`). */
function layerTable(layers: LayerTrace[]): HTMLTableElement {
  return dataTable(
    [
      { label: "Layer", value: (l) => el("code", {}, l.name) },
      { label: "Operator", value: (l) => l.operator, cls: () => "operator" },
      { label: "Output shape", num: true, value: (l) => formatShape(l.outShape) },
      { label: "tfjs shape", num: true, value: () => "…", cls: () => "live-shape", data: (l) => ({ layer: l.name }) },
      { label: "Trainable", num: true, value: (l) => dash(l.params) },
      { label: "BN statistics", num: true, value: (l) => dash(l.bnStats) },
      { label: "Multiply-adds", num: true, value: (l) => dash(l.madds) },
    ],
    layers,
    { cls: "layer-table", rowCls: (l) => `role-${l.role}`, rowData: (l) => ({ layer: l.name }) },
  );
}

function figures(params: number, bnStats: number, madds: number): HTMLElement {
  return el(
    "span",
    { class: "summary-figures" },
    `${formatInt(params)} params`,
    bnStats ? ` + ${formatInt(bnStats)} BN stats` : "",
    ` · ${formatSI(madds)} MAdds`,
  );
}

export function layerSummary(trace: Trace): Summary {
  const parts = new Map<string, { part: Part | null; groups: GroupTrace[] }>();
  for (const g of trace.groups) {
    const key = g.part ? partName(g.part) : "layers";
    const entry = parts.get(key) ?? { part: g.part, groups: [] };
    entry.groups.push(g);
    parts.set(key, entry);
  }
  const all: HTMLDetailsElement[] = [];
  const partEls = [...parts].map(([key, { part, groups }]) => {
    const inner =
      part?.kind === "stem" || part?.kind === "head"
        ? [layerTable(groups.flatMap((g) => g.layers))]
        : groups.map((g) => {
            const first = g.layers[0];
            const add = g.layers.some((l) => l.op === "add");
            const d = el(
              "details",
              { class: "summary-block", "data-group": g.group },
              el(
                "summary",
                {},
                `Block ${blockNumber(g.group)} (`,
                el("code", {}, g.group),
                `) ${formatShape(first.inShape)} → ${formatShape(g.outShape)}${add ? " + shortcut" : ""} `,
                figures(g.params, g.bnStats, g.madds),
                el("span", { class: "group-check", "data-group": g.group }, ""),
              ),
              layerTable(g.layers),
            );
            all.push(d);
            return d;
          });
    const d = el(
      "details",
      { class: "summary-part", "data-part": key },
      el(
        "summary",
        {},
        el("strong", {}, partTitle(part, groups)),
        " ",
        figures(
          sum(groups, (g) => g.params),
          sum(groups, (g) => g.bnStats),
          sum(groups, (g) => g.madds),
        ),
      ),
      ...inner,
    );
    all.push(d);
    return d;
  });
  const toggle = (open: boolean) => () => {
    for (const d of all) d.open = open;
  };
  const controls = el(
    "div",
    { class: "summary-controls" },
    el("button", { type: "button", class: "expand-all" }, "Expand all"),
    el("button", { type: "button", class: "collapse-all" }, "Collapse all"),
  );
  controls.querySelector(".expand-all")!.addEventListener("click", toggle(true));
  controls.querySelector(".collapse-all")!.addEventListener("click", toggle(false));
  const t = trace.totals;
  const totals = el(
    "div",
    { class: "summary-totals" },
    el("strong", {}, "Total: "),
    el("span", { "data-total": "params" }, formatInt(t.params)),
    " trainable parameters + ",
    el("span", { "data-total": "bn" }, formatInt(t.bnStats)),
    " BatchNorm statistics = ",
    el("span", { "data-total": "all" }, formatInt(t.params + t.bnStats)),
    " in all; ",
    el("span", { "data-total": "madds" }, formatInt(t.madds)),
    ` multiply-adds (${formatSI(t.madds)}); input ${formatShape(trace.input)} → output ${formatShape(trace.output)}.`,
  );
  const root = el("div", { class: "layer-summary" }, controls, ...partEls, totals) as unknown as Summary;
  root.update = ({ shapes }) => {
    const mismatches: string[] = [];
    for (const cell of root.querySelectorAll<HTMLElement>("td.live-shape")) {
      const name = cell.dataset.layer!;
      const analytic = trace.layers.find((l) => l.name === name)!.outShape;
      const live = shapes.get(name);
      const ok = !!live && live.join() === analytic.join();
      if (!ok) mismatches.push(name);
      // Where tfjs agrees, "✓ same" (the shape is the one beside it; the tooltip repeats tfjs' own); where it
      // does not, tfjs' shape in red.
      cell.textContent = !live ? "missing ✗" : ok ? "✓ same" : `${formatShape(live)} ✗`;
      cell.title = live ? `tfjs: ${formatShape(live)}` : "tfjs has no such layer";
      cell.className = `num live-shape ${ok ? "live-ok" : "live-bad"}`;
    }
    for (const g of trace.groups) {
      const mark = root.querySelector<HTMLElement>(`.group-check[data-group="${g.group}"]`);
      if (mark) {
        const ok = g.layers.every((l) => !mismatches.includes(l.name));
        mark.textContent = ok ? " ✓ tfjs agrees" : " ✗ tfjs differs";
        mark.className = `group-check ${ok ? "live-ok" : "live-bad"}`;
      }
    }
    return { mismatches };
  };
  root.notRun = () => {
    for (const cell of root.querySelectorAll<HTMLElement>("td.live-shape")) {
      cell.textContent = "not run";
      cell.className = "num live-shape muted";
    }
  };
  return root;
}
