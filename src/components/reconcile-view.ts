/** The published parameter counts, each recomputed from its convention (src/lib/reconcile.ts). */
import { formatInt } from "../lib/format.js";
import type { Reconciliation } from "../lib/reconcile.js";
import { el } from "./dom.js";

export function reconcileView(rows: Reconciliation[]): HTMLTableElement {
  return el(
    "table",
    { class: "num reconcile" },
    el(
      "caption",
      {},
      "Published figures are quoted from their sources; the computed column and the difference are recomputed in your browser from each convention.",
    ),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ...["Source", "Published", "Computed here", "vs torchvision", "What is counted"].map((h, i) =>
          el("th", { scope: "col", class: i >= 1 && i <= 3 ? "num" : "" }, h),
        ),
      ),
    ),
    el(
      "tbody",
      {},
      rows.map((r) =>
        el(
          "tr",
          { "data-source": r.source },
          el("td", {}, r.source),
          el("td", { class: "num" }, r.published),
          el(
            "td",
            { class: `num ${r.matches ? "live-ok" : "live-bad"}`, "data-computed": r.computed },
            `${formatInt(r.computed)} ${r.matches ? "✓" : "✗"}`,
          ),
          el("td", { class: "num" }, r.delta === 0 ? "–" : `${r.delta > 0 ? "+" : "−"}${formatInt(Math.abs(r.delta))}`),
          el("td", {}, r.what),
        ),
      ),
    ),
  );
}
