/**
 * The site's one table builder. Header cells are `<th scope="col">` (a column marked `rowHeader` makes its cells
 * `<th scope="row">`); numeric columns are right-aligned with tabular figures; a table wider than the screen
 * scrolls in its own box (style.css: `#observablehq-main table`, focusable while it overflows, page-a11y.ts).
 * Tests find a column by its header text.
 */
import { el } from "./dom.js";

export interface Column<R> {
  label: string;
  /** Cell content for a row (text, or a node such as a <code> name); a number is written with thousands separators
   * and at most 4 decimals. */
  value: (r: R) => string | number | Node;
  /** Right-aligned, tabular figures. */
  num?: boolean;
  /** The row's header cell (`<th scope="row">`). */
  rowHeader?: boolean;
  /** Class for the cell, e.g. "wr-diff" to highlight a difference, "live-bad" for a mismatch. */
  cls?: (r: R) => string | null;
  /** data-* attributes of the cell (what a reader's tools, or the tests, read instead of the text). */
  data?: (r: R) => Record<string, string | number>;
}

export interface TableOptions<R> {
  /** A visible caption (above the table). */
  caption?: string;
  /** The table's accessible name when it has no caption. */
  ariaLabel?: string;
  /** More classes for the table (a page's own styling). */
  cls?: string;
  testId?: string;
  rowTestId?: (r: R) => string;
  /** data-* attributes of each row. */
  rowData?: (r: R) => Record<string, string | number>;
}

const cellText = (v: string | number | Node) =>
  typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: 4 }) : v;

const dataAttrs = (d: Record<string, string | number> | undefined) =>
  Object.fromEntries(Object.entries(d ?? {}).map(([k, v]) => [`data-${k}`, v]));

export function dataTable<R>(columns: Column<R>[], rows: readonly R[], o: TableOptions<R> = {}): HTMLTableElement {
  const classes = (c: Column<R>, extra?: string | null) => [c.num ? "num" : "", extra ?? ""].filter(Boolean).join(" ");
  return el(
    "table",
    { class: `num data-table${o.cls ? ` ${o.cls}` : ""}`, "aria-label": o.ariaLabel, "data-testid": o.testId },
    o.caption ? el("caption", {}, o.caption) : null,
    el(
      "thead",
      {},
      el("tr", {}, ...columns.map((c) => el("th", { scope: "col", class: classes(c) || null }, c.label))),
    ),
    el(
      "tbody",
      {},
      ...rows.map((r) =>
        el(
          "tr",
          { "data-testid": o.rowTestId?.(r), ...dataAttrs(o.rowData?.(r)) },
          ...columns.map((c) =>
            el(
              c.rowHeader ? "th" : "td",
              { scope: c.rowHeader ? "row" : null, class: classes(c, c.cls?.(r)) || null, ...dataAttrs(c.data?.(r)) },
              cellText(c.value(r)),
            ),
          ),
        ),
      ),
    ),
  );
}
