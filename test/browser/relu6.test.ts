/**
 * The ReLU6 page: quantization steps against 6/(2^b − 1), its controls, the block's activations from the graph, keyboard use.
 */
import { describe, expect, it } from "vitest";
import { allProblems, NO_PROBLEMS, openPage, screenshot, useBrowser } from "./harness.js";
import { messageOf, num } from "./page-helpers.js";

describe("ReLU6 page", () => {
  const browser = useBrowser();

  it("ReLU6: 8-bit step 6/255, bits control, outliers stretch ReLU's step, block layers from the graph", async () => {
    const o = await openPage(browser(), "/pages/relu6");
    const { page } = o;
    // Independent: 8-bit uint8 over [0, 6] → 6 / (2^8 − 1) ≈ 0.0235.
    expect(await num(page, "#r6-step-relu6")).toBeCloseTo(6 / 255, 4);
    const ratio10 = await num(page, "#r6-ratio");
    expect(ratio10).toBeGreaterThan(1.5); // outliers ×10 push ReLU's range far past 6
    const rmseRelu = await num(page, "#r6-rmse-relu");
    const rmseRelu6 = await num(page, "#r6-rmse-relu6");
    expect(rmseRelu).toBeGreaterThan(rmseRelu6);
    // Uniform rounding error: RMSE ≈ step/√12 for ReLU6's typical values (within 30%).
    expect(rmseRelu6).toBeGreaterThan(0.7 * (6 / 255 / Math.sqrt(12)));
    expect(rmseRelu6).toBeLessThan(1.3 * (6 / 255 / Math.sqrt(12)));
    expect(await num(page, "#r6-relu6-count")).toBe(2);

    const bits = page.getByRole("textbox", { name: "Bits" });
    await bits.fill("4");
    await expect.poll(() => num(page, "#r6-step-relu6")).toBeCloseTo(6 / 15, 4);
    await bits.fill("9");
    await expect
      .poll(() => page.locator(".input-error").first().textContent())
      .toContain("must be between 2 and 8 (got 9). Keeping 4.");
    expect(await num(page, "#r6-step-relu6")).toBeCloseTo(6 / 15, 4);
    await bits.fill("-3");
    // The message names this value, so the poll cannot pass on the previous one ("(got 9)").
    await expect
      .poll(() => page.locator(".input-error").first().textContent())
      .toContain("must be between 2 and 8 (got -3). Keeping 4.");
    expect(await num(page, "#r6-step-relu6")).toBeCloseTo(6 / 15, 4);

    // More outliers → a wider ReLU range; ReLU6's step does not move.
    await page.getByRole("textbox", { name: "Outlier scale" }).fill("100");
    await expect.poll(() => num(page, "#r6-ratio")).toBeGreaterThan(5 * ratio10);
    expect(await num(page, "#r6-step-relu6")).toBeCloseTo(6 / 15, 4);

    // t = 1: no expansion conv, so only the depthwise ReLU6 is left.
    await page.getByRole("textbox", { name: "Expansion factor t" }).fill("1");
    await expect.poll(() => num(page, "#r6-relu6-count")).toBe(1);
    await page.getByRole("textbox", { name: "Expansion factor t" }).fill("6");
    await expect.poll(() => num(page, "#r6-relu6-count")).toBe(2);
    expect(await page.locator(".live-badge").first().textContent()).toMatch(/Backend: .+ in \d/);
    await page.getByRole("textbox", { name: "Bits" }).fill("8");
    await page.getByRole("textbox", { name: "Outlier scale" }).fill("10");
    await expect.poll(() => num(page, "#r6-step-relu6")).toBeCloseTo(6 / 255, 4);
    await screenshot(page, "relu6");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  it("ReLU6 by keyboard: source radios, bits slider; a bad outlier scale keeps the result", async () => {
    const o = await openPage(browser(), "/pages/relu6");
    const { page } = o;
    expect(await num(page, "#r6-step-relu6")).toBeCloseTo(6 / 255, 4);
    expect(await page.getByRole("radiogroup", { name: "Activation source" }).count()).toBe(1);
    // ↓ on the source radios: the synthetic tensor, computed in plain JavaScript.
    await page.getByRole("radio", { name: /^real block/ }).focus();
    await page.keyboard.press("ArrowDown");
    await expect
      .poll(() => page.locator(".live-badge").first().textContent())
      .toMatch(/^Backend: plain JavaScript \(no tfjs\) · generated in /);
    expect(await page.getByRole("radio", { name: /^synthetic/ }).isChecked()).toBe(true);
    // Bits slider: Home → 2 bits, so ReLU6's step is 6 / (2² − 1) = 2; End → 8 bits again.
    await page.getByRole("slider", { name: "Bits" }).focus();
    await page.keyboard.press("Home");
    await expect.poll(() => num(page, "#r6-step-relu6")).toBeCloseTo(2, 4);
    expect(await page.getByRole("textbox", { name: "Bits" }).inputValue()).toBe("2");
    await page.keyboard.press("End");
    await expect.poll(() => num(page, "#r6-step-relu6")).toBeCloseTo(6 / 255, 4);
    const ratio = await num(page, "#r6-ratio");
    // Bad outlier scales: message, ReLU's step (and so the ratio) stays.
    const outliers = page.getByRole("textbox", { name: "Outlier scale" });
    for (const [value, message] of [
      ["0", "must be between 1 and 1000 (got 0)"],
      ["", "enter a number"],
      ["1e6", "must be between 1 and 1000 (got 1e6)"],
    ]) {
      await outliers.fill(value);
      await expect
        .poll(() => messageOf(page, "Outlier scale").textContent())
        .toBe(`Outlier scale: ${message}. Keeping 10.`);
      expect(await num(page, "#r6-ratio")).toBe(ratio);
    }
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });
});
