/**
 * A plain, accessible HTML table (no scrolling box), with numeric columns right-aligned and optional
 * highlighted cells. Used where every row must be visible at once (e.g. the 22 slim checkpoints).
 */
export interface SimpleColumn<T> {
  header: string;
  value: (row: T) => string | number;
  numeric?: boolean;
  /** Highlight this cell (class wr-diff). */
  highlight?: (row: T) => boolean;
}

export function simpleTable<T>(
  rows: readonly T[],
  columns: readonly SimpleColumn<T>[],
  ariaLabel: string,
): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "num";
  table.setAttribute("aria-label", ariaLabel);
  const head = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = c.header;
    if (c.numeric) th.className = "num";
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const c of columns) {
      const td = tr.insertCell();
      const v = c.value(r);
      td.textContent = typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: 4 }) : v;
      if (c.numeric) td.className = "num";
      if (c.highlight?.(r)) td.classList.add("wr-diff");
    }
  }
  return table;
}
