/**
 * What the per-page browser tests share: reading numbers, messages and table cells (by column header) a page
 * shows, and its focus ring.
 */
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

export const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
export const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? "").replace(/\s+/g, " ");
/** The inline message of the numberInput whose box is labelled `label`. */
export const messageOf = (page: Page, label: string) =>
  page
    .locator(".number-input", { has: page.getByRole("textbox", { name: label, exact: true }) })
    .locator(".input-error");
/** Type `value` into the numberInput labelled `label`, then wait until its message contains `message`. */
export async function typeBad(page: Page, label: string, value: string, message: string): Promise<void> {
  await page.getByRole("textbox", { name: label, exact: true }).fill(value);
  await expect.poll(() => messageOf(page, label).textContent()).toContain(message);
}
/** Whether the focused element shows a focus ring (an outline or a box shadow). */
export const focusRing = (page: Page) =>
  page.evaluate(() => {
    const cs = getComputedStyle(document.activeElement!);
    return (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none";
  });
/**
 * Table cells found by their column's header text, never by position. `table` is a locator of a <table> (or of an
 * element inside one); `row(...)` reads one body row by its data-testid, `column(...)` one column of a table.
 */
const byHeader = (rows: Locator) =>
  rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const head = tr.closest("table")?.tHead?.rows[0];
      const names = [...(head?.cells ?? [])].map((c) => (c.textContent ?? "").trim());
      const cells = [...(tr as HTMLTableRowElement).cells];
      if (names.length !== cells.length) throw new Error(`row has ${cells.length} cells under ${names.length} headers`);
      return Object.fromEntries(cells.map((c, i) => [names[i], c.textContent ?? ""]));
    }),
  );
/** The row with data-testid `testId` as {header text: cell text}. */
export async function row(page: Page, testId: string): Promise<Record<string, string>> {
  const [r] = await byHeader(page.getByTestId(testId).first());
  if (!r) throw new Error(`no row ${testId}`);
  return r;
}
/** The body cells of `table`'s column headed `header`, top to bottom. */
export async function column(table: Locator, header: string): Promise<string[]> {
  const rows = await byHeader(table.locator("tbody tr"));
  if (rows.length && !(header in rows[0]))
    throw new Error(`no column "${header}" (the columns are ${Object.keys(rows[0]).join(", ")})`);
  return rows.map((r) => r[header]);
}
/** One cell: row `testId`'s cell in the column headed `header`. */
export async function cell(page: Page, testId: string, header: string): Promise<string> {
  const r = await row(page, testId);
  if (!(header in r)) throw new Error(`no column "${header}" (the columns are ${Object.keys(r).join(", ")})`);
  return r[header];
}

/** The number shown in `sel`, once the live cell has filled it in. */
export async function num(page: Page, sel: string): Promise<number> {
  const loc = page.locator(sel).first();
  await expect.poll(async () => /\d/.test((await loc.textContent()) ?? ""), { timeout: 120_000 }).toBe(true);
  return Number((await loc.textContent())!.replace(/[^0-9.eE+-]/g, ""));
}
