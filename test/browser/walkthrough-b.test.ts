/**
 * The linear-bottleneck, ReLU6 and width-resolution pages: they open cleanly, show numbers that match
 * expectations computed here independently, react to their controls, and reject bad input while keeping
 * the last good result.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomMatrix, spiral } from "../../src/lib/manifold.js";
import { NO_PROBLEMS, allProblems, launch, openPage, screenshot } from "./harness.js";

type P = [number, number];

/** Independent of src/lib/manifold's pseudoInverse/scaledError: per point, solve (TᵀT) x̂ = Tᵀ relu(T x) by Cramer's rule. */
function expectedError(n: number, seed: number, act: "relu" | "none"): number {
  const pts = spiral(300, 2.5, 1).points as P[];
  const T = randomMatrix(n, seed) as P[];
  let a = 0, b = 0, d = 0;
  for (const [p, q] of T) { a += p * p; b += p * q; d += q * q; }
  const det = a * d - b * b;
  const back = pts.map(([x, y]) => {
    let u = 0, v = 0;
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

describe("walkthrough pages (linear bottleneck, ReLU6, width and resolution)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it("linear bottleneck: spiral errors match an independent computation; n, activation and bad input", async () => {
    const o = await openPage(browser, "/pages/linear-bottleneck");
    const { page } = o;
    const e5 = await num(page, "#lb-error");
    expect(e5).toBeCloseTo(expectedError(5, 1, "relu"), 3);

    const box = page.getByRole("textbox", { name: "Dimension n" });
    await box.fill("30");
    await expect.poll(() => num(page, "#lb-error")).toBeCloseTo(expectedError(30, 1, "relu"), 3);
    const e30 = await num(page, "#lb-error");
    expect(e30).toBeLessThan(e5);

    await box.fill("0");
    await expect.poll(() => page.locator(".input-error").first().textContent()).toContain("must be between 2 and 30 (got 0). Keeping 30.");
    expect(await num(page, "#lb-error")).toBe(e30);
    await box.fill("abc");
    await expect.poll(() => page.locator(".input-error").first().textContent()).toContain("is not a number");
    expect(await num(page, "#lb-error")).toBe(e30);

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
});
