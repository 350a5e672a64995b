/** The published parameter counts, each recomputed from its convention (src/lib/reconcile.ts). */
import { formatInt } from "../lib/format.js";
import type { Reconciliation } from "../lib/reconcile.js";
import { dataTable } from "./table.js";

export function reconcileView(rows: Reconciliation[]): HTMLTableElement {
  return dataTable(
    [
      { label: "Source", value: (r) => r.source },
      { label: "Published", value: (r) => r.published, num: true },
      {
        label: "Computed here",
        value: (r) => `${formatInt(r.computed)} ${r.matches ? "✓" : "✗"}`,
        num: true,
        cls: (r) => (r.matches ? "live-ok" : "live-bad"),
        data: (r) => ({ computed: r.computed }),
      },
      {
        label: "vs torchvision",
        value: (r) => (r.delta === 0 ? "–" : `${r.delta > 0 ? "+" : "−"}${formatInt(Math.abs(r.delta))}`),
        num: true,
      },
      { label: "What is counted", value: (r) => r.what },
    ],
    rows,
    {
      cls: "reconcile",
      caption:
        "Published figures are quoted from their sources; the computed column and the difference are recomputed in your browser from each convention.",
      rowData: (r) => ({ source: r.source }),
    },
  );
}
