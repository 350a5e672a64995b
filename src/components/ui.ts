/**
 * Small plain-DOM pieces shared by the walkthrough pages: a numeric table, preset buttons that set several
 * numberInputs at once, and a line of text with an optional test id.
 */
import { announce } from "./page-a11y.js";

export interface Column<R> {
  label: string;
  /** Cell text for a row. */
  value: (r: R) => string;
  /** Right-aligned, tabular figures. */
  num?: boolean;
  /** Class for the cell (e.g. to mark a mismatch). */
  cls?: (r: R) => string | null;
}

export function dataTable<R>(
  columns: Column<R>[],
  rows: R[],
  o: { caption?: string; testId?: string; rowTestId?: (r: R) => string } = {},
): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "num walkthrough-table";
  if (o.testId) table.dataset.testid = o.testId;
  if (o.caption) {
    const cap = document.createElement("caption");
    cap.textContent = o.caption;
    table.append(cap);
  }
  const thead = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement("th");
    th.textContent = c.label;
    th.scope = "col";
    if (c.num) th.className = "num";
    thead.append(th);
  }
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    if (o.rowTestId) tr.dataset.testid = o.rowTestId(r);
    for (const c of columns) {
      const td = tr.insertCell();
      td.textContent = c.value(r);
      const cls = [c.num ? "num" : "", c.cls?.(r) ?? ""].filter(Boolean).join(" ");
      if (cls) td.className = cls;
    }
  }
  return table;
}

/** Buttons that each set several inputs (anything with a `value` setter that emits "input") at once. */
export function presetButtons<P extends { label: string; values: Record<string, number> }>(
  presets: P[],
  inputs: Record<string, HTMLElement & { value: number }>,
  legend = "Presets",
): HTMLElement {
  const box = document.createElement("div");
  box.className = "preset-buttons";
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", legend);
  const span = document.createElement("span");
  span.textContent = `${legend}: `;
  box.append(span);
  for (const p of presets) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = p.label;
    b.addEventListener("click", () => {
      for (const [k, v] of Object.entries(p.values)) {
        const input = inputs[k];
        if (!input) continue;
        input.value = v;
        // numberInput's value setter clears its message but not the invalid mark on its box.
        for (const box of input.querySelectorAll("[aria-invalid]")) box.removeAttribute("aria-invalid");
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
    box.append(b);
  }
  return box;
}

/**
 * A paragraph (or other element) with text and an optional test id and class. Its text is a result the page
 * computed, so it is also announced politely to screen readers when it follows a reader's change (`quiet` to not).
 */
export function textLine(
  text: string,
  o: { tag?: string; cls?: string; testId?: string; quiet?: boolean } = {},
): HTMLElement {
  const el = document.createElement(o.tag ?? "p");
  el.textContent = text;
  if (!o.quiet) announce(text);
  if (o.cls) el.className = o.cls;
  if (o.testId) el.dataset.testid = o.testId;
  return el;
}
