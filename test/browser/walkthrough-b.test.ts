/**
 * The linear-bottleneck, ReLU6 and width-resolution pages: they open cleanly, show numbers that match
 * expectations computed here independently, react to their controls, and reject bad input while keeping
 * the last good result.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { randomMatrix, spiral } from "../../src/lib/manifold.js";
import { focused } from "./a11y.js";
import { allProblems, NO_PROBLEMS, openPage, screenshot, useBrowser } from "./harness.js";

type P = [number, number];

/** Independent of src/lib/manifold's pseudoInverse/scaledError: per point, solve (TᵀT) x̂ = Tᵀ relu(T x) by Cramer's rule. */
function expectedError(n: number, seed: number, act: "relu" | "none"): number {
  const pts = spiral(300, 2.5, 1).points as P[];
  const T = randomMatrix(n, seed) as P[];
  let a = 0,
    b = 0,
    d = 0;
  for (const [p, q] of T) {
    a += p * p;
    b += p * q;
    d += q * q;
  }
  const det = a * d - b * b;
  const back = pts.map(([x, y]) => {
    let u = 0,
      v = 0;
    for (const [p, q] of T) {
      const z = p * x + q * y;
      const h = act === "relu" ? Math.max(0, z) : z;
      u += p * h;
      v += q * h;
    }
    return [(u * d - b * v) / det, (a * v - b * u) / det] as P;
  });
  // Best scale by a fine search (no closed form), relative to Σ‖x‖².
  const xx = pts.reduce((s, [x, y]) => s + x * x + y * y, 0);
  let best = Infinity;
  for (let s = 0; s <= 4; s += 0.0005) {
    let e = 0;
    for (let i = 0; i < pts.length; i++) e += (s * back[i][0] - pts[i][0]) ** 2 + (s * back[i][1] - pts[i][1]) ** 2;
    best = Math.min(best, e / xx);
  }
  return best;
}

/** The number shown in `sel`, once the live cell has filled it in. */
async function num(page: Page, sel: string): Promise<number> {
  const loc = page.locator(sel).first();
  await expect.poll(async () => /\d/.test((await loc.textContent()) ?? ""), { timeout: 120_000 }).toBe(true);
  return Number((await loc.textContent())!.replace(/[^0-9.eE+-]/g, ""));
}

/** The inline message of the numberInput whose box is labelled `label`. */
const messageOf = (page: Page, label: string) =>
  page
    .locator(".number-input", { has: page.getByRole("textbox", { name: label, exact: true }) })
    .locator(".input-error");

describe("walkthrough pages (linear bottleneck, ReLU6, width and resolution)", () => {
  const browser = useBrowser();

  it("linear bottleneck: spiral errors match an independent computation; n, activation and bad input", async () => {
    const o = await openPage(browser(), "/pages/linear-bottleneck");
    const { page } = o;
    const e5 = await num(page, "#lb-error");
    expect(e5).toBeCloseTo(expectedError(5, 1, "relu"), 3);
    await screenshot(page, "walkthrough-b-linear-bottleneck-default");

    const box = page.getByRole("textbox", { name: "Dimension n" });
    await box.fill("30");
    await expect.poll(() => num(page, "#lb-error")).toBeCloseTo(expectedError(30, 1, "relu"), 3);
    const e30 = await num(page, "#lb-error");
    expect(e30).toBeLessThan(e5);

    await box.fill("0");
    await expect
      .poll(() => page.locator(".input-error").first().textContent())
      .toContain("must be between 2 and 30 (got 0). Keeping 30.");
    expect(await num(page, "#lb-error")).toBe(e30);
    await box.fill("abc");
    await expect.poll(() => page.locator(".input-error").first().textContent()).toContain("is not a number");
    expect(await num(page, "#lb-error")).toBe(e30);

    // Re-seed: a new random T; the error is that of the new seed's matrix.
    await page.getByRole("button", { name: /Re-seed/ }).click();
    const seed = Number(await page.getByRole("textbox", { name: "Seed of T" }).inputValue());
    expect(seed).not.toBe(1);
    await expect.poll(() => num(page, "#lb-error")).toBeCloseTo(expectedError(30, seed, "relu"), 3);

    await page.getByLabel("none (linear)").check();
    await expect.poll(() => num(page, "#lb-error")).toBe(0);

    // The real block: about half of either tensor is negative, and the expansion's values are 144 channels.
    const negE = await num(page, "#lb-neg-expanded");
    const negP = await num(page, "#lb-neg-projected");
    expect(negE).toBeGreaterThan(35);
    expect(negE).toBeLessThan(65);
    expect(negP).toBeGreaterThan(25);
    expect(negP).toBeLessThan(75);
    expect(await page.locator(".live-badge").first().textContent()).toMatch(/Backend: .+ in \d/);
    await screenshot(page, "walkthrough-b-linear-bottleneck");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

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
    await screenshot(page, "walkthrough-b-relu6");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  it("width and resolution: slim's published multiply-adds, width presets, bad input, convention difference", async () => {
    const o = await openPage(browser(), "/pages/width-resolution");
    const { page } = o;
    // Default α = 1, 224, 1000 classes: the known 3,504,872 parameters (torchvision) and ~300M multiply-adds.
    expect(await num(page, "#wr-params")).toBe(3504872);
    expect(await num(page, "#wr-madds-m")).toBe(300);
    expect(await num(page, "#wr-matches")).toBe(22);
    expect(await num(page, "#wr-dparams")).toBe(3505960 - 3504872); // seed 001's from-scratch count minus torchvision's

    const w = page.getByRole("textbox", { name: "Width multiplier α" });
    await w.fill("0.5");
    await expect.poll(() => num(page, "#wr-madds-m")).toBe(97); // slim: 0.5 / 224 → 97M
    await page.getByRole("button", { name: "α = 0.35" }).click();
    await expect.poll(() => num(page, "#wr-madds-m")).toBe(59); // slim: 0.35 / 224 → 59M
    await page.getByRole("button", { name: "96×96" }).click();
    await expect.poll(() => num(page, "#wr-madds-m")).toBe(11); // slim: 0.35 / 96 → 11M
    expect(await page.getByRole("textbox", { name: "Input resolution (pixels)" }).inputValue()).toBe("96");
    await screenshot(page, "walkthrough-b-width-resolution-035-96");

    // Each message names its value, so every poll waits for its own message, not the previous one.
    for (const [bad, message] of [
      ["0", "(got 0)"],
      ["-1", "(got -1)"],
      ["x", "“x” is not a number"],
      ["50", "(got 50)"],
      ["0x1", "“0x1” is not a number"],
    ]) {
      await w.fill(bad);
      await expect
        .poll(() => page.locator(".input-error").first().textContent())
        .toBe(
          `Width multiplier α: ${bad === "x" || bad === "0x1" ? message : `must be between 0.1 and 2 ${message}`}. Keeping 0.35.`,
        );
      expect(await num(page, "#wr-madds-m")).toBe(11);
    }
    await page.getByRole("textbox", { name: "Input resolution (pixels)" }).fill("100000");
    await expect.poll(() => page.locator(".input-error").nth(1).textContent()).toContain("must be between 32 and 1024");
    expect(await num(page, "#wr-madds-m")).toBe(11);

    // Back to 1.0 / 224 with slim's 1001 classes: params without BN at 0.01M must be slim's 3.47M; params with BN = +1280 per class.
    await w.fill("1");
    await page.getByRole("textbox", { name: "Input resolution (pixels)" }).fill("224");
    await page.getByLabel("1001 (TF-slim: + background)").check();
    await expect.poll(() => num(page, "#wr-params")).toBe(3504872 + 1281);
    await screenshot(page, "walkthrough-b-width-resolution");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });
  it("linear bottleneck by keyboard: slider, activation radios, re-seed; bad radius and size keep the result", async () => {
    const o = await openPage(browser(), "/pages/linear-bottleneck");
    const { page } = o;
    expect(await num(page, "#lb-error")).toBeCloseTo(expectedError(5, 1, "relu"), 3);
    // Tab order: n's box, its slider, the activation radios, the seed, re-seed, the radius.
    await page.getByRole("textbox", { name: "Dimension n" }).focus();
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Tab");
      order.push(await focused(page));
    }
    expect(order).toEqual([
      "input[range] Dimension n",
      "input[radio] ReLU",
      "input[text] Seed of T",
      "button[button] Re-seed (new random T)",
      "input[text] Spiral radius",
    ]);
    // The radios are one named group.
    expect(await page.getByRole("radiogroup", { name: "Activation" }).count()).toBe(1);
    // Slider: → gives n = 6, and the error of T(6, seed 1).
    await page.getByRole("slider", { name: "Dimension n" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.getByRole("textbox", { name: "Dimension n" }).inputValue()).toBe("6");
    await expect.poll(() => num(page, "#lb-error")).toBeCloseTo(expectedError(6, 1, "relu"), 3);
    // Radios: → ReLU6 (same error: a radius-1 spiral never reaches 6), → none (error 0), ← ← back to ReLU.
    const choice = page.locator("p", { has: page.locator("#lb-error") });
    await page.getByRole("radio", { name: "ReLU", exact: true }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => choice.textContent()).toContain("n = 6 with ReLU6:");
    expect(await num(page, "#lb-error")).toBeCloseTo(expectedError(6, 1, "relu"), 3);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => num(page, "#lb-error")).toBe(0);
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => choice.textContent()).toContain("n = 6 with ReLU:");
    // Re-seed with the keyboard: Tab to the button, Space.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("button[button] Re-seed (new random T)");
    await page.keyboard.press("Space");
    await expect.poll(() => page.getByRole("textbox", { name: "Seed of T" }).inputValue()).not.toBe("1");
    const seed = Number(await page.getByRole("textbox", { name: "Seed of T" }).inputValue());
    await expect.poll(() => num(page, "#lb-error")).toBeCloseTo(expectedError(6, seed, "relu"), 3);
    const kept = await num(page, "#lb-error");

    // A bad radius: message, the error shown stays.
    const radius = page.getByRole("textbox", { name: "Spiral radius" });
    for (const [value, message] of [
      ["0", "must be between 0.1 and 100 (got 0). Keeping 1."],
      ["1e3", "must be between 0.1 and 100 (got 1e3). Keeping 1."],
      ["one", "“one” is not a number. Keeping 1."],
    ]) {
      await radius.fill(value);
      await expect.poll(() => messageOf(page, "Spiral radius").textContent()).toBe(`Spiral radius: ${message}`);
      expect(await num(page, "#lb-error")).toBe(kept);
    }
    // A bad feature-map size for the real block: message, its measured shares stay.
    const negE = await num(page, "#lb-neg-expanded");
    const sizeBox = page.getByRole("textbox", { name: "Feature map size" });
    await sizeBox.fill("1000");
    await expect
      .poll(() => messageOf(page, "Feature map size").textContent())
      .toBe("Feature map size: must be between 4 and 112 (got 1000). Keeping 28.");
    expect(await num(page, "#lb-neg-expanded")).toBe(negE);
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

  it("width and resolution by keyboard: preset buttons and the classes radios", async () => {
    const o = await openPage(browser(), "/pages/width-resolution");
    const { page } = o;
    expect(await num(page, "#wr-madds-m")).toBe(300);
    // Tab from the width box to the first preset, Enter: α = 0.35 → slim's 59M.
    await page.getByRole("textbox", { name: "Width multiplier α" }).focus();
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("button[button] α = 0.35");
    await page.keyboard.press("Enter");
    await expect.poll(() => num(page, "#wr-madds-m")).toBe(59);
    expect(await page.getByRole("textbox", { name: "Width multiplier α" }).inputValue()).toBe("0.35");
    // Next preset, Space: α = 0.5 → 97M.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    await expect.poll(() => num(page, "#wr-madds-m")).toBe(97);
    // Back to α = 1 by the fourth button, then → on the classes radios: 1001 classes add 1280 weights and a bias.
    await page.getByRole("button", { name: "α = 1", exact: true }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => num(page, "#wr-params")).toBe(3_504_872);
    expect(await page.getByRole("radiogroup", { name: "Classes" }).count()).toBe(1);
    await page.getByRole("radio", { name: "1000 (ImageNet)" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => num(page, "#wr-params")).toBe(3_504_872 + 1281);
    expect(await page.locator("#wr-config").textContent()).toBe("α = 1, 224×224");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });
});
