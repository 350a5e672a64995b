/**
 * The Overview: live totals against Table 2 walked here with the paper's formulas, the backend, the page map.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COUNTS, walkTable2 } from "../references.js";
import { allProblems, NO_PROBLEMS, openPage, screenshot, useBrowser } from "./harness.js";
import { fmt, text } from "./page-helpers.js";

describe("Overview page", () => {
  const browser = useBrowser();

  it("overview: live totals, backend, page map", async () => {
    const o = await openPage(browser(), "/");
    const { page } = o;
    await page.getByTestId("backend").waitFor({ timeout: 60_000 });
    const { madds, blocks, shortcuts } = walkTable2();
    await expect.poll(() => text(page, "overview-headline"), { timeout: 30_000 }).toMatch(/\d parameters/);
    const headline = await text(page, "overview-headline");
    expect(headline).toContain(`${fmt(COUNTS.torchvision.params)} parameters`); // torchvision's 3,504,872
    expect(headline).toContain(`${(madds / 1e6).toFixed(1)}M multiply-adds`); // 300.8M
    expect(headline).toContain(`${blocks} inverted residual blocks, ${shortcuts} with a shortcut`); // 17, 10
    await expect
      .poll(() => text(page, "backend"), { timeout: 30_000 })
      .toMatch(/Backend on this device: (WebGPU|WebGL|WebAssembly|plain JavaScript)/);
    // The page map lists every page of the navigation in its order; the Teacher's guide is linked after it.
    const paths = (selector: string) =>
      page.locator(selector).evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    const nav = (await paths("#observablehq-sidebar a")).filter((p) => p.startsWith("/pages/"));
    expect(nav).toContain("/pages/transfer");
    expect(await paths("main ol li a")).toEqual(nav.filter((p) => p !== "/pages/teacher"));
    expect(await paths("main p a")).toContain("/pages/teacher");
    expect(await page.locator("figure svg[aria-label], svg[aria-label]").count()).toBeGreaterThan(0);
    // The comparison with MobileNetV1 follows the paper's Table 4 as published (read here from its data file).
    const table4 = JSON.parse(readFileSync(new URL("../../data/reference/paper-table4.json", import.meta.url), "utf8"));
    const row = (n: string) => table4.rows.find((r: { network: string }) => r.network === n);
    const [v1, v2] = [row("MobileNetV1"), row("MobileNetV2")];
    expect(v2.params).toBeLessThan(v1.params);
    expect(await page.locator("#overview-v1").textContent()).toBe(
      `MobileNetV2 has fewer parameters, needs ${(v1.madds / v2.madds).toFixed(1)}× fewer multiply-adds and is ${(v2.top1 - v1.top1).toFixed(1)} points more accurate.`,
    );
    await screenshot(page, "overview");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });
  it("on a phone (375 px), the charts are drawn at the text column's width, whole, with labels that do not collide", async () => {
    for (const path of ["/", "/pages/depthwise-separable", "/pages/architecture", "/pages/playground"]) {
      const o = await openPage(browser(), path, "", { width: 375, height: 800 });
      const { page } = o;
      await page.locator("#observablehq-main svg[role=img]").first().waitFor();
      const charts = await page.locator("#observablehq-main .chart-box svg[role=img]").evaluateAll((svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          const main = document.getElementById("observablehq-main") as HTMLElement;
          const m = main.getBoundingClientRect();
          // Tick labels on the x axis: no two overlap.
          const ticks = [...svg.querySelectorAll('[data-mark="x-axis tick label"] text')]
            .filter((t) => t.textContent)
            .map((t) => t.getBoundingClientRect());
          const overlaps = ticks.slice(1).filter((r, i) => r.left < ticks[i].right - 0.5).length;
          return {
            name: svg.getAttribute("aria-label")?.slice(0, 40),
            right: box.right,
            mainRight: m.right,
            ticks: ticks.length,
            overlaps,
          };
        }),
      );
      expect(charts.length, path).toBeGreaterThan(0);
      expect(
        charts.reduce((n, c) => n + c.ticks, 0),
        `${path}: x tick labels found`,
      ).toBeGreaterThan(5);
      for (const c of charts) {
        expect(c.right, `${path}: ${c.name}`).toBeLessThanOrEqual(c.mainRight + 0.5);
        expect(c.overlaps, `${path}: ${c.name}`).toBe(0);
      }
      expect(await allProblems(o), path).toEqual(NO_PROBLEMS);
      await page.close();
    }
  });
});
