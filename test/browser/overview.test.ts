/**
 * The Overview: live totals against Table 2 walked here with the paper's formulas, the backend, the page map.
 */
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
    // The page map lists the walkthrough in the navigation's order.
    const links = await page
      .locator("main ol li a")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    expect(links).toEqual([
      "/pages/depthwise-separable",
      "/pages/inverted-residual",
      "/pages/linear-bottleneck",
      "/pages/relu6",
      "/pages/architecture",
      "/pages/width-resolution",
      "/pages/activations",
    ]);
    expect(await page.locator("figure svg[aria-label], svg[aria-label]").count()).toBeGreaterThan(0);
    await screenshot(page, "overview");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });
});
