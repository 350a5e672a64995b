/**
 * The Linear bottleneck page: spiral errors against an independent computation, its controls by mouse and keyboard, bad input that keeps the result.
 */
import { describe, expect, it } from "vitest";
import { randomMatrix, spiral } from "../../src/lib/manifold.js";
import { focused } from "./a11y.js";
import { allProblems, NO_PROBLEMS, openPage, screenshot, useBrowser } from "./harness.js";
import { messageOf, num } from "./page-helpers.js";

type P = [number, number];

/** The page's default seed of T. */
const SEED = 8;

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

describe("Linear bottleneck page", () => {
  const browser = useBrowser();

  it("panels: the paper's five and the reader's n once, outlined; the sentences say what the panels and the curve show", async () => {
    const o = await openPage(browser(), "/pages/linear-bottleneck");
    const { page } = o;
    const panels = page.locator(".linear-bottleneck-panels [data-n]");
    const shown = async () =>
      await panels.evaluateAll((els) =>
        els.map((e) => [Number(e.getAttribute("data-n")), e.classList.contains("yours")]),
      );
    // Default n = 5 is one of the paper's panels: no extra panel, that one is outlined.
    await expect.poll(shown, { timeout: 30_000 }).toEqual([
      [2, false],
      [3, false],
      [5, true],
      [15, false],
      [30, false],
    ]);
    // The default seed's panels improve at every step, and the sentence says so (errors recomputed here).
    const errs = [2, 3, 5, 15, 30].map((n) => expectedError(n, SEED, "relu"));
    for (let i = 1; i < errs.length; i++) expect(errs[i]).toBeLessThan(errs[i - 1]);
    const sentence = page.locator("#lb-panels-sentence");
    expect(await sentence.textContent()).toBe(
      `With seed ${SEED} the error falls at every step, from ${errs[0].toFixed(3)} at n = 2 to ${errs[4].toFixed(3)} at n = 30.`,
    );
    // Seed 1: n = 5 is worse than n = 3; the sentence names the panel that breaks the trend.
    await page.getByRole("textbox", { name: "Seed of T" }).fill("1");
    await page.getByRole("textbox", { name: "Seed of T" }).press("Tab");
    const e1 = [2, 3, 5].map((n) => expectedError(n, 1, "relu"));
    expect(e1[2]).toBeGreaterThan(Math.min(e1[0], e1[1]));
    await expect.poll(() => sentence.textContent()).toMatch(/^With seed 1 the panels do not improve steadily: n = 5/);
    expect(await sentence.textContent()).toContain(
      `n = 5 (error ${e1[2].toFixed(3)}) is worse than n = 3 (${e1[1].toFixed(3)})`,
    );
    // n = 7 is not one of the paper's: it gets its own panel, in order, outlined.
    await page.getByRole("textbox", { name: "Dimension n" }).fill("7");
    await expect.poll(shown).toEqual([
      [2, false],
      [3, false],
      [5, false],
      [7, true],
      [15, false],
      [30, false],
    ]);
    // ReLU6 at radius 1 changes nothing (T·x stays below 6); the sentence says so.
    expect(await page.locator("#lb-relu6-sentence").textContent()).toMatch(/^ReLU6 gives exactly what ReLU gives here/);
    // Panels are readable: at least 200 px wide on a desktop, and on a phone two fit across without sideways scroll.
    const widths = () => panels.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    for (const w of await widths()) expect(w).toBeGreaterThanOrEqual(200);
    await page.setViewportSize({ width: 375, height: 800 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBe(375);
    // Two across: after the input and n = 2, the panels of n = 3 and 5 share a line.
    const top = (n: number) =>
      page
        .locator(`.linear-bottleneck-panels [data-n="${n}"]`)
        .evaluate((e) => Math.round(e.getBoundingClientRect().top));
    expect(await top(3)).toBe(await top(5));
    for (const w of await widths()) {
      expect(w).toBeGreaterThanOrEqual(140);
      expect(w).toBeLessThanOrEqual(375 / 2);
    }
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  it("linear bottleneck: spiral errors match an independent computation; n, activation and bad input", async () => {
    const o = await openPage(browser(), "/pages/linear-bottleneck");
    const { page } = o;
    const e5 = await num(page, "#lb-error");
    expect(e5).toBeCloseTo(expectedError(5, SEED, "relu"), 3);
    await screenshot(page, "linear-bottleneck-default");

    const box = page.getByRole("textbox", { name: "Dimension n" });
    await box.fill("30");
    await expect.poll(() => num(page, "#lb-error")).toBeCloseTo(expectedError(30, SEED, "relu"), 3);
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
    expect(seed).not.toBe(SEED);
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
    await screenshot(page, "linear-bottleneck");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  it("linear bottleneck by keyboard: slider, activation radios, re-seed; bad radius and size keep the result", async () => {
    const o = await openPage(browser(), "/pages/linear-bottleneck");
    const { page } = o;
    expect(await num(page, "#lb-error")).toBeCloseTo(expectedError(5, SEED, "relu"), 3);
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
    // Slider: → gives n = 6, and the error of T(6, the default seed).
    await page.getByRole("slider", { name: "Dimension n" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.getByRole("textbox", { name: "Dimension n" }).inputValue()).toBe("6");
    await expect.poll(() => num(page, "#lb-error")).toBeCloseTo(expectedError(6, SEED, "relu"), 3);
    // Radios: → ReLU6 (same error: a radius-1 spiral never reaches 6), → none (error 0), ← ← back to ReLU.
    const choice = page.locator("p", { has: page.locator("#lb-error") });
    await page.getByRole("radio", { name: "ReLU", exact: true }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => choice.textContent()).toContain("n = 6 with ReLU6:");
    expect(await num(page, "#lb-error")).toBeCloseTo(expectedError(6, SEED, "relu"), 3);
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
    await expect.poll(() => page.getByRole("textbox", { name: "Seed of T" }).inputValue()).not.toBe(String(SEED));
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
});
