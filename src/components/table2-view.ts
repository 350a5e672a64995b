/** The paper's Table 2 as an HTML table, from rows computed by src/lib/table2.ts. */
import { formatInt, formatSI } from "../lib/format.js";
import type { Table2Row } from "../lib/table2.js";
import { el } from "./dom.js";

const shape = (s: number[]) => (s[0] === s[1] ? `${s[0]}²×${s[2]}` : `${s[0]}×${s[1]}×${s[2]}`);

export function table2View(rows: Table2Row[]): HTMLTableElement {
  const head = el(
    "tr",
    {},
    ...["Input", "Operator", "t", "c", "n", "s", "Parameters", "Multiply-adds"].map((h, i) =>
      el("th", { class: i >= 2 ? "num" : "", scope: "col" }, h),
    ),
  );
  const body = rows.map((r) =>
    el(
      "tr",
      { "data-operator": r.operator },
      el("td", {}, shape(r.input)),
      el("td", {}, r.operator),
      el("td", { class: "num" }, r.t ?? "–"),
      el(
        "td",
        { class: "num" },
        r.c,
        r.paperC !== null
          ? el("span", { class: "muted", title: "the paper's c at width 1.0" }, ` (paper ${r.paperC})`)
          : null,
      ),
      el("td", { class: "num" }, r.n ?? "–"),
      el("td", { class: "num" }, r.s ?? "–"),
      el("td", { class: "num" }, formatInt(r.params)),
      el("td", { class: "num" }, formatSI(r.madds)),
    ),
  );
  const total = (f: (r: Table2Row) => number) => rows.reduce((s, r) => s + f(r), 0);
  const foot = el(
    "tr",
    { class: "total" },
    el("th", { colspan: 6, scope: "row" }, "Total"),
    el("td", { class: "num", "data-total": "params" }, formatInt(total((r) => r.params))),
    el("td", { class: "num", "data-total": "madds" }, formatSI(total((r) => r.madds))),
  );
  return el(
    "table",
    { class: "num table2" },
    el(
      "caption",
      {},
      "Table 2 of the paper, computed for the configuration above. t: expansion factor, c: output channels, n: repeats, s: stride of the first repeat.",
    ),
    el("thead", {}, head),
    el("tbody", {}, body),
    el("tfoot", {}, foot),
  );
}
