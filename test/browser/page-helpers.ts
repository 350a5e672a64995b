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

/** MobileNetV2 1.0 at 224 counted independently here: Table 2 walked with the paper's formulas. */
export function walkTable2() {
  const rows = [
    [1, 16, 1, 1],
    [6, 24, 2, 2],
    [6, 32, 3, 2],
    [6, 64, 4, 2],
    [6, 96, 3, 1],
    [6, 160, 3, 2],
    [6, 320, 1, 1],
  ];
  let size = 112;
  let cin = 32;
  const stem = size * size * 27 * 32; // 3×3×3 → 32 at 112×112
  let pointwise = 0;
  let depthwise = 0;
  let blocks = 0;
  let shortcuts = 0;
  for (const [t, c, n, s] of rows) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const out = size / stride;
      const wide = cin * t;
      if (t !== 1) pointwise += size * size * cin * wide;
      depthwise += out * out * 9 * wide;
      pointwise += out * out * wide * c;
      if (stride === 1 && cin === c) shortcuts++;
      blocks++;
      cin = c;
      size = out;
    }
  }
  pointwise += 7 * 7 * 320 * 1280; // last 1×1 conv
  const classifier = 1280 * 1000;
  return { madds: stem + pointwise + depthwise + classifier, pointwise, depthwise, blocks, shortcuts };
}
