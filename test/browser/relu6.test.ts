/**
 * The ReLU6 page: quantization steps against 6/(2^b − 1), its controls, the block's activations from the graph, keyboard use.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAYERS_MODEL_DIR } from "../assets.js";
import { allProblems, baseURL, NO_PROBLEMS, openPage, screenshot, useBrowser } from "./harness.js";
import { messageOf, num } from "./page-helpers.js";

describe("ReLU6 page", () => {
  const browser = useBrowser();

  it("ReLU6: 8-bit step 6/255, bits control, outliers stretch ReLU's step, block layers from the graph", async () => {
    const o = await openPage(browser(), "/pages/relu6");
    const { page } = o;
    // Independent: 8-bit uint8 over [0, 6] → 6 / (2^8 − 1) ≈ 0.0235.
    expect(await num(page, "#r6-step-relu6")).toBeCloseTo(6 / 255, 4);
    // The trained block's own largest value (no outliers injected by default) sets ReLU's range: the table's
    // "[0, hi]" and the ratio hi / 6 agree, and the page says which weights produced them.
    const weights = page.locator(".r6-weights");
    expect(await weights.getAttribute("data-trained")).toBe("true");
    // The build installs the float model when it is there, else the page uses the shipped int8 checkpoint.
    const floatInstalled = existsSync(join(LAYERS_MODEL_DIR, "model.json"));
    expect(await weights.textContent()).toMatch(
      floatInstalled
        ? /^Weights: the trained MobileNetV2 that ships with this site, float32\./
        : /^Weights: the trained MobileNetV2 that ships with this site, Google's int8 checkpoint/,
    );
    const hi = Number(
      (await page
        .getByRole("cell", { name: /^\[0, [\d.]+\]$/ })
        .first()
        .textContent())!.match(/[\d.]+(?=\])/)![0],
    );
    expect(hi).toBeGreaterThan(6); // the trained network's block 1 goes past 6 by itself
    const ratio1 = await num(page, "#r6-ratio");
    expect(ratio1).toBeCloseTo(hi / 6, 1);
    expect(await page.locator("#r6-outlier-sentence").textContent()).toBe(
      `No value is scaled up here: ReLU's range ends at the largest value of the tensor itself, ${hi.toFixed(2)}, above 6 without any help.`,
    );
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

    // Injected outliers → a wider ReLU range, and the page says the range is theirs; ReLU6's step does not move.
    await page.getByRole("textbox", { name: "Outlier scale" }).fill("100");
    await expect.poll(() => num(page, "#r6-ratio")).toBeGreaterThan(2 * ratio1);
    expect(await num(page, "#r6-step-relu6")).toBeCloseTo(6 / 15, 4);
    expect(await page.locator("#r6-outlier-sentence").textContent()).toBe(
      `That range comes from the injected outliers: without them the largest value is ${hi.toFixed(2)}, and ReLU's step would be ${(hi / 6).toFixed(1)}× ReLU6's instead of ${(await num(page, "#r6-ratio")).toFixed(1)}×.`,
    );

    // t = 1: no expansion conv, so only the depthwise ReLU6 is left.
    await page.getByRole("textbox", { name: "Expansion factor t" }).fill("1");
    await expect.poll(() => num(page, "#r6-relu6-count")).toBe(1);
    await page.getByRole("textbox", { name: "Expansion factor t" }).fill("6");
    await expect.poll(() => num(page, "#r6-relu6-count")).toBe(2);
    expect(await page.locator(".live-badge").first().textContent()).toMatch(/Backend: .+ in \d/);
    await page.getByRole("textbox", { name: "Bits" }).fill("8");
    await page.getByRole("textbox", { name: "Outlier scale" }).fill("1");
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
        .toBe(`Outlier scale: ${message}. Keeping 1.`);
      expect(await num(page, "#r6-ratio")).toBe(ratio);
    }
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  it("ReLU6: when the trained weights cannot load, a random block stands in and the page says so", async () => {
    const page = await browser().newPage();
    // Every trained network's request fails (the int8 checkpoint, and the float model when one is installed): the
    // weights line turns into a notice naming the stand-in.
    await page.route(/(\.tflite|model\.json|\.bin)$/, (r) => r.abort());
    await page.goto(`${baseURL()}/pages/relu6`);
    const weights = page.locator(".r6-weights");
    await expect.poll(() => weights.getAttribute("data-trained"), { timeout: 60_000 }).toBe("false");
    expect(await weights.textContent()).toMatch(
      /^The trained weights could not be used \(.+\)\. These values come instead from a randomly initialised block/,
    );
    expect(await num(page, "#r6-step-relu6")).toBeCloseTo(6 / 255, 4);
    expect(await page.locator(".observablehq--error").count()).toBe(0);
    await page.close();
  });
});
