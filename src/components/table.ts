/**
 * The site's one table builder. Header cells are `<th scope="col">` (a column marked `rowHeader` makes its cells
 * `<th scope="row">`); numeric columns are right-aligned with tabular figures; a table wider than the screen
 * scrolls in its own box (style.css: `#observablehq-main table`, focusable while it overflows, page-a11y.ts).
 * Tests find a column by its header text. A cell may hold nodes (a <code> name, an input box with its message, a
 * row's buttons); footer rows (`foot`: totals, peaks) put their figures under columns named by header text.
 */
import { formatNumber } from "../lib/format.js";
import { el } from "./dom.js";

/** What a cell holds: text, a number, a node, or several of them (text and a note, an input and its message). */
export type CellContent = string | number | Node | (string | number | Node | null)[];

export interface Column<R> {
  /** Header text (tests find the column by it), or nodes (a unit in a note of its own). */
  label: string | Node | (string | Node)[];
  /** The header's text when `label` is not a string: the key for `foot` cells. */
  key?: string;
  /** Cell content for a row (text, or a node such as a <code> name); a number is written with thousands separators
   * and at most 4 decimals. */
  value: (r: R) => CellContent;
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
  /** Class of each row (e.g. the role of a layer). */
  rowCls?: (r: R) => string | null;
  /** data-* attributes of the table. */
  data?: Record<string, string | number>;
  /** Footer rows (a total, a peak): see `FootRow`. */
  foot?: readonly FootRow[];
}

/** A figure in a footer row, with the data-* attributes tests and tools read. */
export interface FootCell {
  value: CellContent;
  data?: Record<string, string | number>;
}

/**
 * A footer row: its header (`label`, e.g. "Total") spans the columns before the first figure; `cells` puts each
 * figure under the column of that header text (or `key`); columns without one stay empty.
 */
export interface FootRow {
  label: string;
  cells: Record<string, CellContent | FootCell>;
}

const cellText = (v: CellContent): (string | Node | null)[] =>
  (Array.isArray(v) ? v : [v]).map((x) => (typeof x === "number" ? formatNumber(x) : x));

const isFootCell = (v: CellContent | FootCell): v is FootCell =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Node);

const columnKey = <R>(c: Column<R>) => c.key ?? (typeof c.label === "string" ? c.label : "");

const dataAttrs = (d: Record<string, string | number> | undefined) =>
  Object.fromEntries(Object.entries(d ?? {}).map(([k, v]) => [`data-${k}`, v]));

export function dataTable<R>(columns: Column<R>[], rows: readonly R[], o: TableOptions<R> = {}): HTMLTableElement {
  const classes = (c: Column<R>, extra?: string | null) => [c.num ? "num" : "", extra ?? ""].filter(Boolean).join(" ");
  const footRow = (f: FootRow) => {
    const first = columns.findIndex((c) => columnKey(c) in f.cells);
    const span = Math.max(1, first);
    return el(
      "tr",
      {},
      el("th", { scope: "row", colspan: span > 1 ? span : null }, f.label),
      ...columns.slice(span).map((c) => {
        const v = f.cells[columnKey(c)];
        const fc = v === undefined ? null : isFootCell(v) ? v : { value: v };
        return el("td", { class: classes(c) || null, ...dataAttrs(fc?.data) }, fc ? cellText(fc.value) : null);
      }),
    );
  };
  return el(
    "table",
    {
      class: `num data-table${o.cls ? ` ${o.cls}` : ""}`,
      "aria-label": o.ariaLabel,
      "data-testid": o.testId,
      ...dataAttrs(o.data),
    },
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
          { "data-testid": o.rowTestId?.(r), class: o.rowCls?.(r) || null, ...dataAttrs(o.rowData?.(r)) },
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
    o.foot?.length ? el("tfoot", {}, ...o.foot.map(footRow)) : null,
  );
}
