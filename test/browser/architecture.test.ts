/**
 * The Architecture page as a reader sees it: the live tfjs total and output shape, Table 2, the controls,
 * bad input, and both backend paths (the WASM fallback, and WebGPU where Chromium exposes it).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { COUNTS, SEED001, TABLE2, TABLE2_PRINTED, torchvision, walkTable2 } from "../references.js";
import { allProblems, NO_PROBLEMS, openPage, screenshot, useBrowser } from "./harness.js";
import { cell, column, fmt } from "./page-helpers.js";

const PATH = "/pages/architecture";

/** Wait for the live cell to finish, for the given configuration ("width/resolution/classes/convention"). */
async function liveDone(page: Page, config = "1/224/1000/reference", timeout = 120_000) {
  await page.locator(`.live-model[data-state="done"][data-config="${config}"]`).waitFor({ timeout });
}
const text = (page: Page, sel: string) => page.locator(sel).first().innerText();
/** The published figures these tests expect (torchvision's and Keras' counts, the seed tutorial's torchinfo). */
const TRAINABLE = fmt(COUNTS.torchvision.params); // 3,504,872
const BN_STATS = fmt(COUNTS.keras.nonTrainable); // 34,112
const FROM_SCRATCH = fmt(SEED001.totalParams); // 3,505,960
const MADDS = torchvision().madds; // 300,774,272
const equalsAnalytic = (n: string) => `${n} ✓ equals the analytic ${n}`;

describe("Architecture page without WebGPU (fallback path)", () => {
  const browser = useBrowser();

  it("builds the network in tfjs and shows its total and final shape, checked against the arithmetic", async () => {
    const o = await openPage(browser(), PATH);
    await liveDone(o.page);
    expect(await text(o.page, ".backend-badge")).toMatch(/WebAssembly \(WASM\)/);
    expect(await text(o.page, ".backend-reason")).toMatch(/no WebGPU adapter/);
    expect(await text(o.page, '[data-live="trainable"]')).toBe(equalsAnalytic(TRAINABLE));
    expect(await text(o.page, '[data-live="non-trainable"]')).toBe(equalsAnalytic(BN_STATS));
    expect(await text(o.page, '[data-live="output-shape"]')).toBe("[1, 1000] ✓");
    expect(Number(await text(o.page, '[data-live="prob-sum"]'))).toBeCloseTo(1, 3);
    // Every layer's tfjs shape agrees with the analytic one (152 layers, no ✗).
    expect(await o.page.locator("td.live-shape.live-ok").count()).toBe(152);
    expect(await o.page.locator("td.live-shape.live-bad").count()).toBe(0);
    expect(await text(o.page, '.summary-totals [data-total="all"]')).toBe(fmt(COUNTS.keras.total)); // 3,538,984
    // Table 2: 11 rows; the paper's input column (as printed, but for the classifier's 1×1×1280, shown as 1²×1280)
    // and the paper's t, c, n, s in the bottleneck rows; totals equal the headline.
    const table2 = o.page.locator("table.table2");
    expect(await table2.locator("tbody tr").count()).toBe(11);
    expect((await column(table2, "Input")).slice(0, 10)).toEqual(TABLE2_PRINTED.slice(0, 10).map((r) => r.input));
    expect(await cell(o.page, "table2-block_3", "Input")).toBe("56²×24"); // the third bottleneck row
    const bottleneck = (await column(table2, "Operator")).map((op) => op === "bottleneck");
    for (const key of ["t", "c", "n", "s"] as const)
      expect(
        (await column(table2, key)).filter((_, i) => bottleneck[i]),
        key,
      ).toEqual(TABLE2.map((r) => `${r[key]}`));
    expect(await text(o.page, 'table.table2 [data-total="params"]')).toBe(TRAINABLE);
    expect(await text(o.page, '[data-headline="madds"]')).toBe(`${(MADDS / 1e6).toFixed(1)}M`); // 300.8M
    // The reconciliation reproduces every published count.
    expect(await o.page.locator("table.reconcile td.live-bad").count()).toBe(0);
    expect(await o.page.locator("table.reconcile td.live-ok").count()).toBe(6);
    await screenshot(o.page, "architecture");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });

  it("times every layer kind and sets its share of the time beside its share of the multiply-adds", async () => {
    const o = await openPage(browser(), PATH);
    const section = o.page.locator('[data-testid="time-where"][data-state="done"]');
    await section.waitFor({ timeout: 240_000 });
    expect(await text(o.page, '[data-testid="time-where"]')).toMatch(
      /on WebAssembly \(WASM\), \d threads?: medians of 10 runs/,
    );
    // The table by layer kind, its columns found by header text.
    const table = o.page.locator('table[aria-label="Measured time and multiply-adds by layer kind"]');
    const kinds = await column(table, "Layer kind");
    // Independent reference: depthwise multiply-adds of MobileNetV2 1.0 at 224, Σ H·W·9·C over the 17 blocks
    // (Table 2's rows walked in the test; expansion t·c_in channels, stride on the depthwise), over torchvision's
    // count for the whole network (300,774,272).
    expect((await column(table, "Share of the multiply-adds"))[kinds.indexOf("Depthwise (3×3)")]).toBe(
      `${((100 * walkTable2().depthwise) / MADDS).toFixed(1)}%`,
    );
    const ms = (await column(table, "Measured (ms)")).map(Number);
    expect(ms.every((v) => v > 0)).toBe(true);
    const share = (await column(table, "Share of the time")).reduce((a, x) => a + Number.parseFloat(x), 0);
    expect(share).toBeGreaterThan(99.5);
    expect(share).toBeLessThan(100.5);
    expect(
      await o.page.locator('table[aria-label="Measured time and multiply-adds by Table 2 row"] tbody tr').count(),
    ).toBe(9);
    await screenshot(o.page, "architecture-time-where");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });

  it("follows the width control, and keeps the last good result on bad input", async () => {
    const o = await openPage(browser(), PATH);
    await liveDone(o.page);
    const width = o.page.getByRole("textbox", { name: "Width multiplier α" });
    await width.fill("0.5");
    await liveDone(o.page, "0.5/224/1000/reference");
    // The stage-2 row (the table's third): paper c = 24; 24 × 0.5 = 12 rounds to the nearest multiple of 8, 16.
    expect(await cell(o.page, "table2-block_1", "c")).toBe(`16 (paper ${TABLE2[1].c})`);
    // The last conv (the ninth row) keeps 1280 channels under the reference convention.
    expect(await cell(o.page, "table2-last-conv", "c")).toBe("1280");
    // tfjs' own count of the rebuilt model equals the headline computed analytically.
    const headline = await text(o.page, '[data-headline="params"]');
    const live = await text(o.page, '[data-live="trainable"]');
    expect(live).toBe(`${headline} ✓ equals the analytic ${headline}`);
    expect(Number(headline.replaceAll(",", ""))).toBeLessThan(COUNTS.torchvision.params);
    for (const bad of ["0", "-1", "abc", "99"]) {
      await width.fill(bad);
      await expect
        .poll(() => text(o.page, ".number-input .input-error"))
        .toMatch(/Width multiplier α: .*Keeping 0.5\./);
      expect(await text(o.page, '[data-headline="params"]')).toBe(headline);
    }
    await width.fill("1");
    await expect.poll(() => text(o.page, '[data-headline="params"]')).toBe(TRAINABLE);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });

  it(`switches to the from-scratch convention: ${FROM_SCRATCH} in tfjs too`, async () => {
    const o = await openPage(browser(), PATH);
    await liveDone(o.page);
    await o.page.getByLabel("from-scratch tutorial").check();
    await expect.poll(() => text(o.page, '[data-headline="params"]')).toBe(FROM_SCRATCH);
    await liveDone(o.page, "1/224/1000/from-scratch");
    expect(await text(o.page, '[data-live="trainable"]')).toBe(equalsAnalytic(FROM_SCRATCH));
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });
});

describe("Architecture page with WebGPU exposed (SwiftShader here)", () => {
  const browser = useBrowser({ webgpu: true });

  it("detects the software adapter and explains why it still prefers WASM", async () => {
    const o = await openPage(browser(), PATH);
    await liveDone(o.page);
    const reason = await text(o.page, ".backend-reason");
    const hasGpu = await o.page.evaluate(
      async () =>
        !!(await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()),
    );
    expect(hasGpu).toBe(true);
    // On a machine with a real GPU the page would pick WebGPU; here the adapter is SwiftShader.
    expect(reason).toMatch(/software-emulated|hardware WebGPU adapter/);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });

  it("runs the whole network on the WebGPU backend when asked (?backend=webgpu)", async () => {
    const o = await openPage(browser(), PATH, "?backend=webgpu");
    await liveDone(o.page, undefined, 170_000);
    expect(await text(o.page, ".backend-badge")).toMatch(/WebGPU/);
    expect(await text(o.page, '[data-live="backend"]')).toBe("WebGPU");
    expect(await text(o.page, '[data-live="trainable"]')).toBe(equalsAnalytic(TRAINABLE));
    expect(await text(o.page, '[data-live="output-shape"]')).toBe("[1, 1000] ✓");
    expect(Number(await text(o.page, '[data-live="prob-sum"]'))).toBeCloseTo(1, 3);
    await screenshot(o.page, "architecture-webgpu");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  }, 240_000);
});
