/**
 * The Depthwise separable page: the calculator against the formulas written here, groups, live tfjs layers, keyboard use and bad values that keep the last result.
 */
import { describe, expect, it } from "vitest";
import { walkTable2 } from "../references.js";
import { focused } from "./a11y.js";
import { allProblems, NO_PROBLEMS, openPage, screenshot, useBrowser } from "./harness.js";
import { cell, fmt, focusRing, messageOf, row, text, typeBad } from "./page-helpers.js";

describe("Depthwise separable convolution page", () => {
  const browser = useBrowser();

  it("depthwise separable: calculator, groups, live tfjs", async () => {
    const o = await openPage(browser(), "/pages/depthwise-separable");
    const { page } = o;
    await page.getByTestId("ds-live").waitFor({ timeout: 60_000 });
    // 56×56, cin 32, cout 64, k 3
    const std = 3 * 3 * 32 * 64; // 18,432
    const sep = 3 * 3 * 32 + 32 * 64; // 2,336
    expect(await row(page, "ds-cost-standard")).toEqual({
      layer: "standard 3×3 conv",
      "kernel shape": "3×3×32×64",
      "output (h×w×c)": "56×56×64",
      parameters: fmt(std),
      "multiply-adds": fmt(56 * 56 * std),
    });
    expect(await row(page, "ds-cost-separable")).toMatchObject({
      parameters: fmt(sep),
      "multiply-adds": fmt(56 * 56 * sep),
    });
    const ratio = await text(page, "ds-ratio");
    expect(ratio).toContain(`${(std / sep).toFixed(2)}× cheaper`); // 7.89
    expect(ratio).toContain(`= ${(1 / 64 + 1 / 9).toFixed(4)}`);
    // live tfjs agrees with the formulas
    for (const id of ["standard", "depthwise", "separable", "grouped"]) {
      const live = await row(page, `ds-live-${id}`);
      expect(live["output, tfjs"], id).toBe(live["output, formula"]);
      expect(live["parameters, tfjs"], id).toBe(live["parameters, formula"]);
      expect(live.agree, id).toBe("✓");
    }
    expect(await cell(page, "ds-live-standard", "parameters, tfjs")).toBe(fmt(std));
    expect(await cell(page, "ds-live-grouped", "parameters, tfjs")).toBe(fmt(std / 4));
    await expect
      .poll(() => text(page, "backend"), { timeout: 30_000 })
      .toMatch(/Backend: (WebGPU|WebGL|WebAssembly|plain JavaScript)/);
    const net = walkTable2();
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    expect(await text(page, "ds-share")).toContain(
      `1×1 convolutions do ${pct(net.pointwise / net.madds)} and the 3×3 depthwise ones only ${pct(net.depthwise / net.madds)}`,
    );
    await screenshot(page, "depthwise");

    // Output channels 128: standard 3·3·32·128 = 36,864; separable 288 + 4,096 = 4,384.
    await page.getByLabel("Output channels", { exact: true }).fill("128");
    await expect.poll(() => cell(page, "ds-cost-standard", "parameters")).toBe(fmt(3 * 3 * 32 * 128));
    expect(await cell(page, "ds-cost-separable", "parameters")).toBe(fmt(288 + 32 * 128));
    expect(await text(page, "ds-ratio")).toContain(`${((9 * 32 * 128) / (288 + 4096)).toFixed(2)}× cheaper`);
    await expect.poll(() => cell(page, "ds-live-standard", "parameters, tfjs"), { timeout: 30_000 }).toBe(fmt(36864));

    // Bad values: message, last good result kept. Each message differs from the one before, so the poll waits
    // for this value's message rather than passing on the previous one.
    for (const [bad, message] of [
      ["0", "(got 0). Keeping 128."],
      ["abc", "“abc” is not a number. Keeping 128."],
    ]) {
      await typeBad(page, "Output channels", bad, message);
      expect(await cell(page, "ds-cost-standard", "parameters")).toBe(fmt(36864));
    }
    await page.getByLabel("Output channels", { exact: true }).fill("64");
    await expect.poll(() => cell(page, "ds-cost-standard", "parameters")).toBe(fmt(std));

    // Too large to run live: the formulas still update, the live cell explains instead of freezing the page.
    await page.getByLabel("Input channels", { exact: true }).fill("2048");
    await page.getByLabel("Height", { exact: true }).fill("1024");
    // The multiply-adds depend on both changes, so waiting for them waits for the height too.
    await expect.poll(() => cell(page, "ds-cost-standard", "multiply-adds")).toBe(fmt(1024 * 56 * 9 * 2048 * 64));
    expect(await cell(page, "ds-cost-standard", "parameters")).toBe(fmt(9 * 2048 * 64));
    await expect.poll(() => text(page, "ds-live-error"), { timeout: 30_000 }).toContain("Not run live");
    expect(await page.getByTestId("ds-live-status").getAttribute("data-state")).toBe("skipped");
    await page.getByLabel("Height", { exact: true }).fill("56");
    await page.getByLabel("Input channels", { exact: true }).fill("32");
    await expect.poll(() => cell(page, "ds-live-standard", "parameters, tfjs"), { timeout: 30_000 }).toBe(fmt(std));

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
    await expect.poll(() => cell(page, "ds-live-grouped", "parameters, tfjs"), { timeout: 30_000 }).toBe(fmt(9 * 64));
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
    await expect.poll(() => cell(page, "ds-cost-standard", "parameters")).toBe(fmt(51_200));
    expect(await cell(page, "ds-cost-separable", "parameters")).toBe(fmt(2_848));
    expect(await text(page, "ds-ratio")).toContain(`${(51_200 / 2_848).toFixed(2)}× cheaper`);
    // The live run follows (tfjs' own count of the 5×5 kernel), with its status and timing.
    await expect.poll(() => cell(page, "ds-live-standard", "parameters, tfjs"), { timeout: 30_000 }).toBe(fmt(51_200));
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
      expect(await cell(page, "ds-cost-standard", "parameters")).toBe(fmt(51_200));
      expect(await cell(page, "ds-live-standard", "parameters, tfjs")).toBe(fmt(51_200));
    }
    // A good value clears the message and the mark.
    await kernel.fill("3");
    await expect.poll(() => cell(page, "ds-cost-standard", "parameters")).toBe(fmt(18_432));
    expect(await messageOf(page, "Kernel size").textContent()).toBe("");
    expect(await kernel.getAttribute("aria-invalid")).toBeNull();
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });
});
