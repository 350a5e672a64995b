/**
 * Accessibility across every page: axe-core finds no serious or critical violation in light and dark mode (at a
 * desktop width and a phone width, where the sidebar collapses and wide boxes scroll); the page never scrolls
 * sideways at 375 px (a phone) or 640 px (a 1280-px window at 200% zoom); chart text is never drawn below 10 px;
 * the skip link is the first thing Tab reaches and moves to the content; a chart's tooltips can be read with the
 * keyboard; a changed result is announced politely.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { allProblems, NO_PROBLEMS, openPage, settled, useBrowser } from "./harness.js";

const config = readFileSync("observablehq.config.ts", "utf8");
const paths = [...new Set(["/", ...[...config.matchAll(/path: "([^"]+)"/g)].map((m) => m[1])])];
const AXE = readFileSync("node_modules/axe-core/axe.min.js", "utf8");

interface Violation {
  id: string;
  impact: string;
  nodes: string[];
}

/** Serious and critical axe-core violations of the page as it is now. */
async function axe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe-core is injected as a global for this call only
    const axe = (window as any).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical")
      .map((v: { id: string; impact: string; nodes: { target: string[]; failureSummary: string }[] }) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
      }));
  });
}

/** Document width, and chart text (SVG text in the content) rendered below 10 CSS pixels. */
async function layout(page: Page): Promise<{ scrollWidth: number; smallText: string[] }> {
  return page.evaluate(() => {
    const smallText: string[] = [];
    for (const t of document.querySelectorAll<SVGTextElement>("#observablehq-main svg text")) {
      const svg = t.ownerSVGElement;
      if (!svg || !t.textContent?.trim() || t.closest("[aria-hidden=true]")) continue;
      const vb = svg.viewBox.baseVal;
      const scale = vb?.width ? svg.getBoundingClientRect().width / vb.width : 1;
      const px = Number.parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < 9.95) smallText.push(`${px.toFixed(1)} px: ${t.textContent.slice(0, 30)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, smallText };
  });
}

describe("every page is accessible", () => {
  const browser = useBrowser();

  for (const path of paths) {
    it(`${path}: no serious axe violations (light, dark, phone); no sideways scroll at 375 and 640 px; chart text ≥ 10 px`, async () => {
      const o = await openPage(browser(), path);
      const { page } = o;
      await settled(page);
      expect(await axe(page), "light, 1280 px").toEqual([]);
      await page.emulateMedia({ colorScheme: "dark" });
      expect(await axe(page), "dark, 1280 px").toEqual([]);
      for (const width of [375, 640]) {
        await page.setViewportSize({ width, height: 800 });
        await expect.poll(() => layout(page).then((l) => l.scrollWidth), { timeout: 10_000 }).toBe(width);
        if (width === 375) {
          expect((await layout(page)).smallText).toEqual([]);
          // Scroll boxes become focusable once they overflow (a short debounce after the resize).
          await expect.poll(() => axe(page), { timeout: 10_000 }).toEqual([]);
          await page.emulateMedia({ colorScheme: "light" });
          await expect.poll(() => axe(page), { timeout: 10_000 }).toEqual([]);
        }
      }
      expect(await allProblems(o)).toEqual(NO_PROBLEMS);
      await page.close();
    });
  }
});

describe("keyboard and screen reader", () => {
  const browser = useBrowser();

  it("the skip link is the first Tab stop and moves the focus to the content", async () => {
    const { page } = await openPage(browser(), "/pages/relu6");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to the content");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("observablehq-main");
    await page.close();
  });

  it("a chart's tooltips can be read with the arrow keys, and are announced", async () => {
    const { page } = await openPage(browser(), "/");
    await settled(page);
    const svg = page.locator("#observablehq-main svg[role=img][tabindex='0']").first();
    await svg.focus();
    await page.keyboard.press("ArrowRight");
    // The first bar from the left is the stem; its tooltip shows its part name and multiply-adds.
    const tip = svg.locator('[data-mark="tip"] text');
    await expect.poll(() => tip.count()).toBeGreaterThan(0);
    expect(await tip.first().textContent()).toMatch(/stem/);
    await expect.poll(() => page.locator("#page-announcer").textContent()).toMatch(/stem/);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => tip.first().textContent()).toMatch(/row 1/);
    await page.keyboard.press("Escape");
    await expect.poll(() => tip.count()).toBe(0);
    await page.close();
  });

  it("a result changed by the reader is announced politely", async () => {
    const { page } = await openPage(browser(), "/pages/depthwise-separable");
    await settled(page);
    const live = page.locator("#page-announcer");
    expect(await live.getAttribute("aria-live")).toBe("polite");
    expect(await live.textContent()).toBe("");
    const box = page.getByRole("textbox", { name: /Output channels/ });
    await box.fill("128");
    await box.press("Tab");
    // 1/128 + 1/9, recomputed here: the ratio line says it, and so does the announcement.
    const ratio = (1 / 128 + 1 / 9).toFixed(4);
    await expect.poll(() => live.textContent(), { timeout: 20_000 }).toContain(ratio);
    await page.close();
  });
});
