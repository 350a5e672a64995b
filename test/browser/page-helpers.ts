/**
 * What the per-page browser tests share: reading numbers and messages a page shows, and its focus ring.
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";

export const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
export const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? "").replace(/\s+/g, " ");
/** The inline message of the numberInput whose box is labelled `label`. */
export const messageOf = (page: Page, label: string) =>
  page
    .locator(".number-input", { has: page.getByRole("textbox", { name: label, exact: true }) })
    .locator(".input-error");
/** Whether the focused element shows a focus ring (an outline or a box shadow). */
export const focusRing = (page: Page) =>
  page.evaluate(() => {
    const cs = getComputedStyle(document.activeElement!);
    return (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none";
  });
/** Cells of a table row, by data-testid. */
export const rowCells = async (page: Page, testId: string) => page.getByTestId(testId).locator("td").allTextContents();

/** The number shown in `sel`, once the live cell has filled it in. */
export async function num(page: Page, sel: string): Promise<number> {
  const loc = page.locator(sel).first();
  await expect.poll(async () => /\d/.test((await loc.textContent()) ?? ""), { timeout: 120_000 }).toBe(true);
  return Number((await loc.textContent())!.replace(/[^0-9.eE+-]/g, ""));
}
