/**
 * The Overview: live totals against Table 2 walked here with the paper's formulas, the backend, the page map.
 */
import { describe, expect, it } from "vitest";
import { allProblems, NO_PROBLEMS, openPage, screenshot, useBrowser } from "./harness.js";
import { text } from "./page-helpers.js";

/** MobileNetV2 1.0 at 224 counted independently here: Table 2 walked with the paper's formulas. */
function walkTable2() {
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

describe("Overview page", () => {
  const browser = useBrowser();

  it("overview: live totals, backend, page map", async () => {
    const o = await openPage(browser(), "/");
    const { page } = o;
    await page.getByTestId("backend").waitFor({ timeout: 60_000 });
    const { madds, blocks, shortcuts } = walkTable2();
    await expect.poll(() => text(page, "overview-headline"), { timeout: 30_000 }).toMatch(/\d parameters/);
    const headline = await text(page, "overview-headline");
    expect(headline).toContain("3,504,872 parameters"); // torchvision's count (DEVELOPERS.md)
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
