/**
 * The Bottleneck vs inverted residual page: diagrams, counts, the skip rule, live tfjs shapes, presets by keyboard, bad sizes, and a block too large to run live.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { focused } from "./a11y.js";
import { allProblems, NO_PROBLEMS, openPage, screenshot, useBrowser } from "./harness.js";
import { cell, fmt, focusRing, messageOf, row, text, typeBad } from "./page-helpers.js";

/** The MobileNetV2 block's diagram (beside the ResNet one), found by its name. */
const mnv2Diagram = (page: Page) => page.locator('svg.block-diagram[aria-label^="MobileNetV2 inverted residual"]');

describe("Bottleneck vs inverted residual page", () => {
  const browser = useBrowser();

  it("inverted residual: diagrams, counts, skip rule, live tfjs shapes", async () => {
    const o = await openPage(browser(), "/pages/inverted-residual");
    const { page } = o;
    await page.getByTestId("ir-live-mnv2").waitFor({ timeout: 60_000 });
    // Default 24→144→24 at 56×56, stride 1; ResNet 256→64→256.
    const irParams = 24 * 144 + 2 * 144 + 9 * 144 + 2 * 144 + 144 * 24 + 2 * 24;
    const irMadds = 56 * 56 * (24 * 144 + 9 * 144 + 144 * 24);
    const rnParams = 256 * 64 + 128 + 9 * 64 * 64 + 128 + 64 * 256 + 512;
    const rnMadds = 56 * 56 * (256 * 64 + 9 * 64 * 64 + 64 * 256);
    expect(await row(page, "ir-summary-mnv2")).toMatchObject({
      input: "56×56×24",
      output: "56×56×24",
      parameters: fmt(irParams),
      "multiply-adds": fmt(irMadds),
      shortcut: "identity add",
    });
    expect(await row(page, "ir-summary-resnet")).toMatchObject({
      input: "56×56×256",
      output: "56×56×256",
      parameters: fmt(rnParams),
      "multiply-adds": fmt(rnMadds),
      shortcut: "identity add",
    });
    expect(await text(page, "ir-compare")).toContain(`${(rnMadds / irMadds).toFixed(1)}× fewer multiply-adds`);
    // The paper's block cost h·w·d′·t·(d′ + k² + d″) for a stride-1 block.
    expect(56 * 56 * 24 * 6 * (24 + 9 + 24)).toBe(irMadds);
    expect(await text(page, "ir-formula")).toContain(
      `= ${fmt(irMadds)} multiply-adds, matches the layer-by-layer count ${fmt(irMadds)}`,
    );
    expect(await page.getByTestId("ir-mnv2-block_add").count()).toBe(1);
    expect(await page.locator("svg.block-diagram").count()).toBe(2);
    expect(await page.locator('svg.block-diagram .block-diagram-tensor[data-role="add"]').count()).toBe(2);
    expect(await mnv2Diagram(page).getAttribute("aria-label")).toContain("24 → 144 → 144 → 24 → 24");
    expect(await mnv2Diagram(page).getAttribute("aria-label")).toContain(
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
      const live = await row(page, `ir-live-mnv2-${name}`);
      expect(live["output, formula"], name).toBe(shape);
      expect(live["output, tfjs"], name).toBe(shape);
      expect(live.agree, name).toBe("✓");
    }
    expect(await text(page, "ir-live-summary")).toMatch(/All \d+ layer shapes reported by TensorFlow.js/);
    await screenshot(page, "inverted-residual");

    // Stride 2: the add disappears from the diagram and the tables, with the reason.
    await page.getByLabel("Stride", { exact: true }).fill("2");
    await expect.poll(() => page.getByTestId("ir-mnv2-block_add").count()).toBe(0);
    expect(await text(page, "ir-reason")).toContain("no shortcut: stride 2 changes the spatial size");
    expect(await mnv2Diagram(page).locator('.block-diagram-tensor[data-role="add"]').count()).toBe(0);
    expect(await page.locator("svg.block-diagram .block-diagram-noshortcut").count()).toBe(1);
    await expect.poll(() => page.getByTestId("ir-live-mnv2-block_add").count(), { timeout: 30_000 }).toBe(0);
    await expect
      .poll(() => cell(page, "ir-live-mnv2-block_project", "output, tfjs"), { timeout: 30_000 })
      .toBe("28×28×24");
    // ResNet keeps a shortcut, through a strided 1×1 conv.
    expect(await cell(page, "ir-summary-resnet", "shortcut")).toBe("1×1 conv, then add");

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
    expect(await cell(page, "ir-mnv2-block_project", "multiply-adds")).toBe(fmt(56 * 56 * 144 * 32));
    for (const [bad, message] of [
      ["0", "(got 0). Keeping 32."],
      ["abc", "“abc” is not a number. Keeping 32."],
    ]) {
      await typeBad(page, "Output channels", bad, message);
      expect(await page.locator(".input-error", { hasText: "Output channels" }).count()).toBe(1);
      expect(await cell(page, "ir-mnv2-block_project", "output")).toBe("56×56×32");
    }

    // Preset block_1: 16→24, stride 2 at 112 → 96 at 112×112, depthwise to 56×56, project to 24.
    await page.getByRole("button", { name: /^block 1:/ }).click();
    expect(await page.locator(".ir-controls [aria-invalid]").count()).toBe(0);
    expect(await page.getByLabel("Output channels", { exact: true }).inputValue()).toBe("24");
    const block1: [string, string][] = [
      ["block_expand", "112×112×96"],
      ["block_depthwise", "56×56×96"],
      ["block_project", "56×56×24"],
    ];
    await expect
      .poll(() => cell(page, "ir-live-mnv2-block_depthwise", "output, tfjs"), { timeout: 30_000 })
      .toBe("56×56×96");
    for (const [name, shape] of block1) {
      expect(await row(page, `ir-live-mnv2-${name}`), name).toMatchObject({
        "output, formula": shape,
        "output, tfjs": shape,
        agree: "✓",
      });
    }
    expect(await page.getByTestId("ir-live-mnv2-block_add").count()).toBe(0);
    expect(await text(page, "ir-reason")).toContain(
      "no shortcut: stride 2 halves the feature map and channels change 16→24",
    );
    expect(await cell(page, "ir-summary-mnv2", "multiply-adds")).toBe(
      fmt(112 * 112 * 16 * 96 + 56 * 56 * 9 * 96 + 56 * 56 * 96 * 24),
    );
    // Preset block_2 brings the add back.
    await page.getByRole("button", { name: /^block 2:/ }).click();
    await expect
      .poll(() => row(page, "ir-live-mnv2-block_add"), { timeout: 30_000 })
      .toMatchObject({ "output, formula": "56×56×24", "output, tfjs": "56×56×24", agree: "✓" });
    await screenshot(page, "inverted-residual-block2");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  it("inverted residual: presets by keyboard, bad sizes, and a block too large to run live", async () => {
    const o = await openPage(browser(), "/pages/inverted-residual");
    const { page } = o;
    await page.getByTestId("ir-live-mnv2").waitFor({ timeout: 60_000 });
    // Tab from the first preset to the third, then Enter: block_14, 160→960→160 at 7×7.
    await page.getByRole("button", { name: /^block 1:/ }).focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatch(/^button\[button\] block 14:/);
    expect(await focusRing(page)).toBe(true);
    await page.keyboard.press("Enter");
    const p14 = 160 * 960 + 2 * 960 + 9 * 960 + 2 * 960 + 960 * 160 + 2 * 160;
    const m14 = 7 * 7 * (160 * 960 + 9 * 960 + 960 * 160);
    await expect
      .poll(() => row(page, "ir-summary-mnv2"))
      .toMatchObject({ input: "7×7×160", output: "7×7×160", parameters: fmt(p14), "multiply-adds": fmt(m14) });
    await expect
      .poll(() => cell(page, "ir-live-mnv2-block_expand", "output, tfjs"), { timeout: 30_000 })
      .toBe("7×7×960");
    // Shift+Tab back to block_2 and Space: 24→144→24 at 56×56 again.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Space");
    await expect.poll(() => cell(page, "ir-summary-mnv2", "input")).toBe("56×56×24");
    await expect
      .poll(() => cell(page, "ir-live-mnv2-block_expand", "output, tfjs"), { timeout: 30_000 })
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
      expect(await cell(page, "ir-summary-mnv2", "input")).toBe("56×56×24");
      expect(await cell(page, "ir-live-mnv2-block_expand", "output, tfjs")).toBe("56×56×144");
    }

    // Valid but too large to run without freezing the page: a 2048-wide ResNet block at 98×98. The counts
    // update; the live cell explains instead of running (it used to block the page for about a minute).
    await sizeBox.fill("98");
    await page.getByRole("textbox", { name: "ResNet wide channels", exact: true }).fill("2048");
    await page.getByRole("textbox", { name: "ResNet middle channels", exact: true }).fill("2048");
    const rn = 98 * 98 * (2048 * 2048 + 9 * 2048 * 2048 + 2048 * 2048);
    const ir = 98 * 98 * (24 * 144 + 9 * 144 + 144 * 24);
    await expect.poll(() => cell(page, "ir-summary-resnet", "multiply-adds")).toBe(fmt(rn));
    await expect
      .poll(() => text(page, "ir-live-error"), { timeout: 30_000 })
      .toContain(`Not run live: it would need ${((rn + ir) / 1e9).toFixed(1)}G multiply-adds (the limit here is 2.0G)`);
    expect(await page.getByTestId("ir-live-status").getAttribute("data-state")).toBe("skipped");
    // Back to a small block: it runs live again.
    await page.getByRole("textbox", { name: "ResNet middle channels", exact: true }).fill("64");
    await page.getByRole("textbox", { name: "ResNet wide channels", exact: true }).fill("256");
    await sizeBox.fill("28");
    await expect
      .poll(() => cell(page, "ir-live-mnv2-block_expand", "output, tfjs"), { timeout: 30_000 })
      .toBe("28×28×144");
    expect(await page.getByTestId("ir-live-status").getAttribute("data-state")).toBe("done");
    expect(await text(page, "ir-live-status")).toMatch(/^Built and ran both blocks in [\d.]+ m?s on /);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });
});
