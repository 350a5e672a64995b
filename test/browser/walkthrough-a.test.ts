/**
 * The Overview, depthwise separable and inverted residual pages: computed numbers against formulas written
 * here, controls driven by typing, bad input rejected with the last good result kept, live tfjs shapes.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { focused } from "./a11y.js";
import { allProblems, NO_PROBLEMS, openPage, screenshot, useBrowser } from "./harness.js";

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? "").replace(/\s+/g, " ");
/** The inline message of the numberInput whose box is labelled `label`. */
const messageOf = (page: Page, label: string) =>
  page
    .locator(".number-input", { has: page.getByRole("textbox", { name: label, exact: true }) })
    .locator(".input-error");
/** Whether the focused element shows a focus ring (an outline or a box shadow). */
const focusRing = (page: Page) =>
  page.evaluate(() => {
    const cs = getComputedStyle(document.activeElement!);
    return (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none";
  });
/** Cells of a table row, by data-testid. */
const rowCells = async (page: Page, testId: string) => page.getByTestId(testId).locator("td").allTextContents();

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

describe("walkthrough pages (overview, depthwise separable, inverted residual)", () => {
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
    await screenshot(page, "walkthrough-a-overview");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  it("depthwise separable: calculator, groups, live tfjs", async () => {
    const o = await openPage(browser(), "/pages/depthwise-separable");
    const { page } = o;
    await page.getByTestId("ds-live").waitFor({ timeout: 60_000 });
    // 56×56, cin 32, cout 64, k 3
    const std = 3 * 3 * 32 * 64; // 18,432
    const sep = 3 * 3 * 32 + 32 * 64; // 2,336
    expect(await rowCells(page, "ds-cost-standard")).toEqual([
      "standard 3×3 conv",
      "3×3×32×64",
      "56×56×64",
      fmt(std),
      fmt(56 * 56 * std),
    ]);
    expect((await rowCells(page, "ds-cost-separable")).slice(3)).toEqual([fmt(sep), fmt(56 * 56 * sep)]);
    const ratio = await text(page, "ds-ratio");
    expect(ratio).toContain(`${(std / sep).toFixed(2)}× cheaper`); // 7.89
    expect(ratio).toContain(`= ${(1 / 64 + 1 / 9).toFixed(4)}`);
    // live tfjs agrees with the formulas
    for (const id of ["standard", "depthwise", "separable", "grouped"]) {
      const cells = await rowCells(page, `ds-live-${id}`);
      expect(cells[1], id).toBe(cells[2]);
      expect(cells[3], id).toBe(cells[4]);
      expect(cells[5], id).toBe("✓");
    }
    expect((await rowCells(page, "ds-live-standard"))[3]).toBe(fmt(std));
    expect((await rowCells(page, "ds-live-grouped"))[3]).toBe(fmt(std / 4));
    await expect
      .poll(() => text(page, "backend"), { timeout: 30_000 })
      .toMatch(/Backend: (WebGPU|WebGL|WebAssembly|plain JavaScript)/);
    const net = walkTable2();
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    expect(await text(page, "ds-share")).toContain(
      `1×1 convolutions do ${pct(net.pointwise / net.madds)} and the 3×3 depthwise ones only ${pct(net.depthwise / net.madds)}`,
    );
    await screenshot(page, "walkthrough-a-depthwise");

    // Output channels 128: standard 3·3·32·128 = 36,864; separable 288 + 4,096 = 4,384.
    await page.getByLabel("Output channels", { exact: true }).fill("128");
    await expect.poll(() => rowCells(page, "ds-cost-standard").then((c) => c[3])).toBe(fmt(3 * 3 * 32 * 128));
    expect((await rowCells(page, "ds-cost-separable"))[3]).toBe(fmt(288 + 32 * 128));
    expect(await text(page, "ds-ratio")).toContain(`${((9 * 32 * 128) / (288 + 4096)).toFixed(2)}× cheaper`);
    await expect.poll(() => rowCells(page, "ds-live-standard").then((c) => c[3]), { timeout: 30_000 }).toBe(fmt(36864));

    // Bad values: message, last good result kept. Each message differs from the one before, so the poll waits
    // for this value's message rather than passing on the previous one.
    for (const [bad, message] of [
      ["0", "(got 0). Keeping 128."],
      ["abc", "“abc” is not a number. Keeping 128."],
    ]) {
      await page.getByLabel("Output channels", { exact: true }).fill(bad);
      await expect
        .poll(() => page.locator(".input-error", { hasText: "Output channels" }).first().textContent())
        .toContain(message);
      expect((await rowCells(page, "ds-cost-standard"))[3]).toBe(fmt(36864));
    }
    await page.getByLabel("Output channels", { exact: true }).fill("64");
    await expect.poll(() => rowCells(page, "ds-cost-standard").then((c) => c[3])).toBe(fmt(std));

    // Too large to run live: the formulas still update, the live cell explains instead of freezing the page.
    await page.getByLabel("Input channels", { exact: true }).fill("2048");
    await page.getByLabel("Height", { exact: true }).fill("1024");
    // The multiply-adds depend on both changes, so waiting for them waits for the height too.
    await expect.poll(() => rowCells(page, "ds-cost-standard").then((c) => c[4])).toBe(fmt(1024 * 56 * 9 * 2048 * 64));
    expect((await rowCells(page, "ds-cost-standard"))[3]).toBe(fmt(9 * 2048 * 64));
    await expect.poll(() => text(page, "ds-live-error"), { timeout: 30_000 }).toContain("Not run live");
    expect(await page.getByTestId("ds-live-status").getAttribute("data-state")).toBe("skipped");
    await page.getByLabel("Height", { exact: true }).fill("56");
    await page.getByLabel("Input channels", { exact: true }).fill("32");
    await expect.poll(() => rowCells(page, "ds-live-standard").then((c) => c[3]), { timeout: 30_000 }).toBe(fmt(std));

    // Groups: 8 → 1/8 of the standard cost; 3 does not divide 32 → message, 8 stays.
    await page.getByLabel("Groups", { exact: true }).fill("8");
    await expect.poll(() => text(page, "ds-groups")).toContain(`${fmt(std / 8)} parameters`);
    expect(await text(page, "ds-groups")).toContain("8 independent groups, each mapping 4 → 8");
    await page.getByLabel("Groups", { exact: true }).fill("3");
    await expect.poll(() => text(page, "ds-groups-error")).toContain("does not divide");
    expect(await text(page, "ds-groups")).toContain(`g = 8:`);
    await page.getByLabel("Groups", { exact: true }).fill("32");
    await expect.poll(() => text(page, "ds-groups")).toContain("depthwise convolution with channel multiplier 2");
    expect(await text(page, "ds-groups-error")).toBe("");
    await expect.poll(() => rowCells(page, "ds-live-grouped").then((c) => c[3]), { timeout: 30_000 }).toBe(fmt(9 * 64));
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  it("inverted residual: diagrams, counts, skip rule, live tfjs shapes", async () => {
    const o = await openPage(browser(), "/pages/inverted-residual");
    const { page } = o;
    await page.getByTestId("ir-live-mnv2").waitFor({ timeout: 60_000 });
    // Default 24→144→24 at 56×56, stride 1; ResNet 256→64→256.
    const irParams = 24 * 144 + 2 * 144 + 9 * 144 + 2 * 144 + 144 * 24 + 2 * 24;
    const irMadds = 56 * 56 * (24 * 144 + 9 * 144 + 144 * 24);
    const rnParams = 256 * 64 + 128 + 9 * 64 * 64 + 128 + 64 * 256 + 512;
    const rnMadds = 56 * 56 * (256 * 64 + 9 * 64 * 64 + 64 * 256);
    expect((await rowCells(page, "ir-summary-mnv2")).slice(1)).toEqual([
      "56×56×24",
      "56×56×24",
      fmt(irParams),
      fmt(irMadds),
      "identity add",
    ]);
    expect((await rowCells(page, "ir-summary-resnet")).slice(1)).toEqual([
      "56×56×256",
      "56×56×256",
      fmt(rnParams),
      fmt(rnMadds),
      "identity add",
    ]);
    expect(await text(page, "ir-compare")).toContain(`${(rnMadds / irMadds).toFixed(1)}× fewer multiply-adds`);
    // The paper's block cost h·w·d′·t·(d′ + k² + d″) for a stride-1 block.
    expect(56 * 56 * 24 * 6 * (24 + 9 + 24)).toBe(irMadds);
    expect(await text(page, "ir-formula")).toContain(
      `= ${fmt(irMadds)} multiply-adds, matches the layer-by-layer count ${fmt(irMadds)}`,
    );
    expect(await page.getByTestId("ir-mnv2-block_add").count()).toBe(1);
    expect(await page.locator("svg.block-diagram").count()).toBe(2);
    expect(await page.locator('svg.block-diagram .block-diagram-tensor[data-role="add"]').count()).toBe(2);
    expect(await page.locator("svg.block-diagram").nth(1).getAttribute("aria-label")).toContain(
      "24 → 144 → 144 → 24 → 24",
    );
    expect(await page.locator("svg.block-diagram").nth(1).getAttribute("aria-label")).toContain(
      "block_project: 1×1 conv, linear (no activation)",
    );
    expect(await text(page, "ir-reason")).toContain(
      "shortcut: stride 1 and the 24 input channels equal the 24 output channels",
    );
    // live shapes: 24→144→144→24, add 56×56×24
    const liveExpect: [string, string][] = [
      ["block_expand", "56×56×144"],
      ["block_depthwise", "56×56×144"],
      ["block_project", "56×56×24"],
      ["block_add", "56×56×24"],
    ];
    for (const [name, shape] of liveExpect) {
      const cells = await rowCells(page, `ir-live-mnv2-${name}`);
      expect(cells[2], name).toBe(shape);
      expect(cells[3], name).toBe(shape);
      expect(cells[4], name).toBe("✓");
    }
    expect(await text(page, "ir-live-summary")).toMatch(/All \d+ layer shapes reported by TensorFlow.js/);
    await screenshot(page, "walkthrough-a-inverted-residual");

    // Stride 2: the add disappears from the diagram and the tables, with the reason.
    await page.getByLabel("Stride", { exact: true }).fill("2");
    await expect.poll(() => page.getByTestId("ir-mnv2-block_add").count()).toBe(0);
    expect(await text(page, "ir-reason")).toContain("no shortcut: stride 2 changes the spatial size");
    expect(
      await page.locator("svg.block-diagram").nth(1).locator('.block-diagram-tensor[data-role="add"]').count(),
    ).toBe(0);
    expect(await page.locator("svg.block-diagram .block-diagram-noshortcut").count()).toBe(1);
    await expect.poll(() => page.getByTestId("ir-live-mnv2-block_add").count(), { timeout: 30_000 }).toBe(0);
    await expect
      .poll(() => rowCells(page, "ir-live-mnv2-block_project").then((c) => c[3]), { timeout: 30_000 })
      .toBe("28×28×24");
    // ResNet keeps a shortcut, through a strided 1×1 conv.
    expect((await rowCells(page, "ir-summary-resnet"))[5]).toBe("1×1 conv, then add");

    // Bad stride: message, last good result kept.
    await page.getByLabel("Stride", { exact: true }).fill("3");
    await expect.poll(() => page.locator(".input-error", { hasText: "Stride: must be 1 or 2" }).count()).toBe(1);
    expect(await page.getByTestId("ir-mnv2-block_add").count()).toBe(0);
    await page.getByLabel("Stride", { exact: true }).fill("1");
    await expect.poll(() => page.getByTestId("ir-mnv2-block_add").count()).toBe(1);

    // Output channels 32: channels change, no add.
    await page.getByLabel("Output channels", { exact: true }).fill("32");
    await expect.poll(() => text(page, "ir-reason")).toContain("channels change 24→32");
    expect(await page.getByTestId("ir-mnv2-block_add").count()).toBe(0);
    expect((await rowCells(page, "ir-mnv2-block_project"))[4]).toBe(fmt(56 * 56 * 144 * 32));
    for (const [bad, message] of [
      ["0", "(got 0). Keeping 32."],
      ["abc", "“abc” is not a number. Keeping 32."],
    ]) {
      await page.getByLabel("Output channels", { exact: true }).fill(bad);
      await expect
        .poll(() => page.locator(".input-error", { hasText: "Output channels" }).first().textContent())
        .toContain(message);
      expect(await page.locator(".input-error", { hasText: "Output channels" }).count()).toBe(1);
      expect((await rowCells(page, "ir-mnv2-block_project"))[2]).toBe("56×56×32");
    }

    // Preset block_1: 16→24, stride 2 at 112 → 96 at 112×112, depthwise to 56×56, project to 24.
    await page.getByRole("button", { name: /^block_1:/ }).click();
    expect(await page.locator(".ir-controls [aria-invalid]").count()).toBe(0);
    expect(await page.getByLabel("Output channels", { exact: true }).inputValue()).toBe("24");
    const block1: [string, string][] = [
      ["block_expand", "112×112×96"],
      ["block_depthwise", "56×56×96"],
      ["block_project", "56×56×24"],
    ];
    await expect
      .poll(() => rowCells(page, "ir-live-mnv2-block_depthwise").then((c) => c[3]), { timeout: 30_000 })
      .toBe("56×56×96");
    for (const [name, shape] of block1) {
      const cells = await rowCells(page, `ir-live-mnv2-${name}`);
      expect(cells.slice(2, 5), name).toEqual([shape, shape, "✓"]);
    }
    expect(await page.getByTestId("ir-live-mnv2-block_add").count()).toBe(0);
    expect(await text(page, "ir-reason")).toContain(
      "no shortcut: stride 2 halves the feature map and channels change 16→24",
    );
    expect((await rowCells(page, "ir-summary-mnv2"))[4]).toBe(
      fmt(112 * 112 * 16 * 96 + 56 * 56 * 9 * 96 + 56 * 56 * 96 * 24),
    );
    // Preset block_2 brings the add back.
    await page.getByRole("button", { name: /^block_2:/ }).click();
    await expect
      .poll(() => rowCells(page, "ir-live-mnv2-block_add").then((c) => c.slice(2, 5)), { timeout: 30_000 })
      .toEqual(["56×56×24", "56×56×24", "✓"]);
    await screenshot(page, "walkthrough-a-inverted-residual-block2");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });
  it("depthwise separable: keyboard only, and every kind of bad value keeps the last result", async () => {
    const o = await openPage(browser(), "/pages/depthwise-separable");
    const { page } = o;
    await page.getByTestId("ds-live").waitFor({ timeout: 60_000 });
    // Tab walks the calculator in reading order, with a visible focus ring.
    await page.getByRole("textbox", { name: "Height", exact: true }).focus();
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      order.push(await focused(page));
      expect(await focusRing(page), order.at(-1)).toBe(true);
    }
    expect(order).toEqual([
      "input[text] Width",
      "input[text] Input channels",
      "input[text] Output channels",
      "input[text] Kernel size",
    ]);
    // Kernel size 5, typed: standard 5·5·32·64 = 51,200 weights; separable 5·5·32 + 32·64 = 2,848.
    await page.keyboard.press("Control+A");
    await page.keyboard.type("5");
    await expect.poll(() => rowCells(page, "ds-cost-standard").then((c) => c[3])).toBe(fmt(51_200));
    expect((await rowCells(page, "ds-cost-separable"))[3]).toBe(fmt(2_848));
    expect(await text(page, "ds-ratio")).toContain(`${(51_200 / 2_848).toFixed(2)}× cheaper`);
    // The live run follows (tfjs' own count of the 5×5 kernel), with its status and timing.
    await expect
      .poll(() => rowCells(page, "ds-live-standard").then((c) => c[3]), { timeout: 30_000 })
      .toBe(fmt(51_200));
    await expect.poll(() => page.getByTestId("ds-live-status").getAttribute("data-state")).toBe("done");
    expect(await text(page, "ds-live-status")).toMatch(
      /^Ran the four layers, warm-up passes included, in [\d.]+ m?s on /,
    );
    // Every kind of bad value: a message saying what is wrong, the box marked invalid, 5 kept everywhere.
    const kernel = page.getByRole("textbox", { name: "Kernel size", exact: true });
    const bad: [string, string][] = [
      ["", "Kernel size: enter a number. Keeping 5."],
      ["abc", "Kernel size: “abc” is not a number. Keeping 5."],
      ["0", "Kernel size: must be between 1 and 11 (got 0). Keeping 5."],
      ["-3", "Kernel size: must be between 1 and 11 (got -3). Keeping 5."],
      ["1e9", "Kernel size: must be between 1 and 11 (got 1e9). Keeping 5."],
      ["3.5", "Kernel size: must be a whole number (got 3.5). Keeping 5."],
      ["0x3", "Kernel size: “0x3” is not a number. Keeping 5."],
      ["3,0", "Kernel size: “3,0” is not a number (use a point for decimals and no thousands separators). Keeping 5."],
    ];
    for (const [value, message] of bad) {
      await kernel.fill(value);
      await expect.poll(() => messageOf(page, "Kernel size").textContent()).toBe(message);
      expect(await kernel.getAttribute("aria-invalid")).toBe("true");
      // A screen reader hears the box's help and this message as its description.
      const description = await kernel.evaluate((b) =>
        b
          .getAttribute("aria-describedby")!
          .split(" ")
          .map((id) => document.getElementById(id)?.textContent)
          .join(" "),
      );
      expect(description).toBe(`k, for a k×k kernel ${message}`);
      expect((await rowCells(page, "ds-cost-standard"))[3]).toBe(fmt(51_200));
      expect((await rowCells(page, "ds-live-standard"))[3]).toBe(fmt(51_200));
    }
    // A good value clears the message and the mark.
    await kernel.fill("3");
    await expect.poll(() => rowCells(page, "ds-cost-standard").then((c) => c[3])).toBe(fmt(18_432));
    expect(await messageOf(page, "Kernel size").textContent()).toBe("");
    expect(await kernel.getAttribute("aria-invalid")).toBeNull();
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  it("inverted residual: presets by keyboard, bad sizes, and a block too large to run live", async () => {
    const o = await openPage(browser(), "/pages/inverted-residual");
    const { page } = o;
    await page.getByTestId("ir-live-mnv2").waitFor({ timeout: 60_000 });
    // Tab from the first preset to the third, then Enter: block_14, 160→960→160 at 7×7.
    await page.getByRole("button", { name: /^block_1:/ }).focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatch(/^button\[button\] block_14:/);
    expect(await focusRing(page)).toBe(true);
    await page.keyboard.press("Enter");
    const p14 = 160 * 960 + 2 * 960 + 9 * 960 + 2 * 960 + 960 * 160 + 2 * 160;
    const m14 = 7 * 7 * (160 * 960 + 9 * 960 + 960 * 160);
    await expect
      .poll(() => rowCells(page, "ir-summary-mnv2").then((c) => c.slice(1, 5)))
      .toEqual(["7×7×160", "7×7×160", fmt(p14), fmt(m14)]);
    await expect
      .poll(() => rowCells(page, "ir-live-mnv2-block_expand").then((c) => c[3]), { timeout: 30_000 })
      .toBe("7×7×960");
    // Shift+Tab back to block_2 and Space: 24→144→24 at 56×56 again.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Space");
    await expect.poll(() => rowCells(page, "ir-summary-mnv2").then((c) => c[1])).toBe("56×56×24");
    await expect
      .poll(() => rowCells(page, "ir-live-mnv2-block_expand").then((c) => c[3]), { timeout: 30_000 })
      .toBe("56×56×144");

    // Bad input sizes: message, the 56×56 result stays.
    const sizeBox = page.getByRole("textbox", { name: "Input size", exact: true });
    for (const [value, message] of [
      ["100000", "Input size: must be between 1 and 512 (got 100000). Keeping 56."],
      ["0x40", "Input size: “0x40” is not a number. Keeping 56."],
      ["", "Input size: enter a number. Keeping 56."],
    ]) {
      await sizeBox.fill(value);
      await expect.poll(() => messageOf(page, "Input size").textContent()).toBe(message);
      expect((await rowCells(page, "ir-summary-mnv2"))[1]).toBe("56×56×24");
      expect((await rowCells(page, "ir-live-mnv2-block_expand"))[3]).toBe("56×56×144");
    }

    // Valid but too large to run without freezing the page: a 2048-wide ResNet block at 98×98. The counts
    // update; the live cell explains instead of running (it used to block the page for about a minute).
    await sizeBox.fill("98");
    await page.getByRole("textbox", { name: "ResNet wide channels", exact: true }).fill("2048");
    await page.getByRole("textbox", { name: "ResNet middle channels", exact: true }).fill("2048");
    const rn = 98 * 98 * (2048 * 2048 + 9 * 2048 * 2048 + 2048 * 2048);
    const ir = 98 * 98 * (24 * 144 + 9 * 144 + 144 * 24);
    await expect.poll(() => rowCells(page, "ir-summary-resnet").then((c) => c[4])).toBe(fmt(rn));
    await expect
      .poll(() => text(page, "ir-live-error"), { timeout: 30_000 })
      .toContain(`Not run live: it would need ${((rn + ir) / 1e9).toFixed(1)}G multiply-adds (the limit here is 2.0G)`);
    expect(await page.getByTestId("ir-live-status").getAttribute("data-state")).toBe("skipped");
    // Back to a small block: it runs live again.
    await page.getByRole("textbox", { name: "ResNet middle channels", exact: true }).fill("64");
    await page.getByRole("textbox", { name: "ResNet wide channels", exact: true }).fill("256");
    await sizeBox.fill("28");
    await expect
      .poll(() => rowCells(page, "ir-live-mnv2-block_expand").then((c) => c[3]), { timeout: 30_000 })
      .toBe("28×28×144");
    expect(await page.getByTestId("ir-live-status").getAttribute("data-state")).toBe("done");
    expect(await text(page, "ir-live-status")).toMatch(/^Built and ran both blocks in [\d.]+ m?s on /);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });
});
