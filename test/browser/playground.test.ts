/**
 * The Playground as a reader uses it: editing cells, adding and removing rows (totals checked against a
 * parameter count written out again here), the address keeping the network (a copied link reloads the same
 * state), every download validated, and bad input at every field and in the address.
 */
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import type { Download, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { COUNTS, TABLE2 as PAPER, referenceParams } from "../references.js";
import { decodePng } from "../unit/png.js";
import { allProblems, NO_PROBLEMS, openPage, screenshot, useBrowser } from "./harness.js";
import { column, fmt } from "./page-helpers.js";

const PATH = "/pages/playground";
const headline = (page: Page) => page.locator('[data-headline="params"]').innerText();
const cell = (page: Page, row: number, key: string) => page.locator(`input[data-row="${row - 1}"][data-key="${key}"]`);
async function ready(page: Page) {
  await page.locator('.config-editor[data-state="valid"]').waitFor();
  await page.locator('[data-headline="params"]').waitFor();
}
async function expectParams(page: Page, n: number) {
  await page.locator('[data-headline="params"]', { hasText: new RegExp(`^${fmt(n)}$`) }).waitFor({ timeout: 10_000 });
}
async function saved(page: Page, click: () => Promise<void>): Promise<{ name: string; data: Buffer }> {
  const [d] = (await Promise.all([page.waitForEvent("download"), click()])) as [Download, unknown];
  const path = await d.path();
  return { name: d.suggestedFilename(), data: readFileSync(path) };
}

/**
 * Every word of the block diagram lies inside the drawing (long Keras names such as expanded_conv_project wrap
 * instead of running off its edge), and each tensor names its layer in full on hover (its <title>).
 */
async function expectDiagramTextInside(page: Page) {
  await page.locator(".row-block select").selectOption({ index: 0 }); // row 1: expanded_conv, the longest names
  const r = await page.locator(".row-block svg.block-diagram").evaluate((svg) => {
    const box = (svg as SVGSVGElement).viewBox.baseVal;
    const out = [...svg.querySelectorAll("text")]
      .map((t) => ({ text: t.textContent ?? "", b: t.getBBox() }))
      .filter(({ b }) => b.x < box.x - 1 || b.x + b.width > box.x + box.width + 1)
      .map(({ text, b }) => `${text} [${b.x.toFixed(0)}, ${(b.x + b.width).toFixed(0)}] in ${box.width}`);
    const titles = [...svg.querySelectorAll(".block-diagram-tensor > title")].map((t) => t.textContent ?? "");
    return { out, titles };
  });
  expect(r.out).toEqual([]);
  expect(r.titles.some((t) => t.startsWith("expanded_conv_project:"))).toBe(true);
  expect(r.titles.some((t) => t.startsWith("expanded_conv_depthwise:"))).toBe(true);
}

describe("Playground", () => {
  const browser = useBrowser();

  it("edits cells, adds and removes rows; totals equal an independent count; a copied link reloads the same network", async () => {
    const o = await openPage(browser(), PATH);
    await ready(o.page);
    expect(await headline(o.page)).toBe(fmt(referenceParams(PAPER)));
    expect(await headline(o.page)).toBe(fmt(COUNTS.torchvision.params));
    // Edit a cell: row 2's c from 24 to 40.
    await cell(o.page, 2, "c").fill("40");
    const edited = PAPER.map((r, i) => (i === 1 ? { ...r, c: 40 } : r));
    await expectParams(o.page, referenceParams(edited));
    // Add a row (a copy of the last with stride 1), then make it c = 480.
    await o.page.getByRole("button", { name: "+ Add a row" }).click();
    expect(await o.page.locator("table.rows-editor tbody tr").count()).toBe(8);
    await cell(o.page, 8, "c").fill("480");
    const eight = [...edited, { t: 6, c: 480, n: 1, s: 1 }];
    await expectParams(o.page, referenceParams(eight));
    // Table 2 follows: 8 bottleneck rows + stem + last conv + pool + classifier, and its total equals the headline.
    expect(await o.page.locator("table.table2 tbody tr").count()).toBe(12);
    expect(await o.page.locator('table.table2 [data-total="params"]').innerText()).toBe(fmt(referenceParams(eight)));
    // Duplicate row 3 and move the copy down, by keyboard.
    await o.page.getByRole("button", { name: "Duplicate row 3" }).click();
    await o.page.getByRole("button", { name: "Move row 4 down" }).focus();
    await o.page.keyboard.press("Enter");
    const nine = [...eight.slice(0, 3), eight[3], eight[2], ...eight.slice(4)];
    await expectParams(o.page, referenceParams(nine));
    expect(await cell(o.page, 5, "c").inputValue()).toBe("32");
    // Remove it again, and the eighth row.
    await o.page.getByRole("button", { name: "Remove row 5" }).click();
    await o.page.getByRole("button", { name: "Remove row 8" }).click();
    await expectParams(o.page, referenceParams(edited));
    // The address holds the network; opening it elsewhere shows the same table and counts.
    await o.page.getByRole("textbox", { name: "Width multiplier α" }).fill("0.75");
    await expectParams(o.page, referenceParams(edited, 0.75));
    const url = o.page.url();
    expect(new URL(url).searchParams.get("width")).toBe("0.75");
    expect(new URL(url).searchParams.get("rows")).toBe(
      "1-16-1-1_6-40-2-2_6-32-3-2_6-64-4-2_6-96-3-1_6-160-3-2_6-320-1-1",
    );
    await o.page.getByRole("button", { name: "Copy link" }).click();
    const again = await openPage(browser(), new URL(url).pathname, new URL(url).search);
    await ready(again.page);
    expect(await headline(again.page)).toBe(fmt(referenceParams(edited, 0.75)));
    expect(await cell(again.page, 2, "c").inputValue()).toBe("40");
    expect(await again.page.getByRole("textbox", { name: "Width multiplier α" }).inputValue()).toBe("0.75");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    expect(await allProblems(again)).toEqual(NO_PROBLEMS);
    await o.page.close();
    await again.page.close();
  });

  it("downloads the table (CSV, JSON), each figure (SVG, PNG) and the built model, which tfjs loads back", async () => {
    const o = await openPage(browser(), PATH, "?width=0.35&resolution=96");
    await ready(o.page);
    expect(await headline(o.page)).toBe(fmt(referenceParams(PAPER, 0.35)));
    const tableRows = await o.page.locator("table.playground-layers tbody tr").count();
    const csv = await saved(o.page, () => o.page.locator('[data-download="layers-csv"]').click());
    expect(csv.name).toBe("mobilenetv2_0.35_96_layers.csv");
    const lines = csv.data.toString("utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(tableRows + 1);
    expect(lines[0]).toMatch(/^Layer,Part,Block,Operator,Output shape,Parameters/);
    const json = await saved(o.page, () => o.page.locator('[data-download="layers-json"]').click());
    expect(json.name).toBe("mobilenetv2_0.35_96_layers.json");
    const parsed = JSON.parse(json.data.toString("utf8"));
    expect(parsed.layers).toHaveLength(tableRows);
    expect(parsed.layers.reduce((s: number, l: { params: number }) => s + l.params, 0)).toBe(
      referenceParams(PAPER, 0.35),
    );
    const layers = o.page.locator("table.playground-layers");
    expect((await column(layers, "Layer"))[0]).toBe(parsed.layers[0].layer);
    expect((await column(layers, "Output shape"))[0]).toBe(parsed.layers[0].outputShape.join("×"));
    for (const what of ["cost-chart", "block-diagram", "receptive-field-chart"]) {
      const svg = await saved(o.page, () => o.page.locator(`[data-download="${what}-svg"]`).click());
      expect(svg.name).toBe(`mobilenetv2_0.35_96_${what}.svg`);
      const text = svg.data.toString("utf8");
      const ok = await o.page.evaluate((t) => {
        const doc = new DOMParser().parseFromString(t, "image/svg+xml");
        return !doc.querySelector("parsererror") && doc.documentElement.tagName === "svg";
      }, text);
      expect(ok, what).toBe(true);
      const png = await saved(o.page, () => o.page.locator(`[data-download="${what}-png"]`).click());
      expect(png.name).toBe(`mobilenetv2_0.35_96_${what}.png`);
      const img = decodePng(new Uint8Array(png.data));
      expect(img.width).toBeGreaterThan(200);
      expect(img.height).toBeGreaterThan(100);
    }
    // Before building, the page estimates the time and memory on its backend.
    const estimate = o.page.locator(".live-estimate");
    expect(await estimate.innerText()).toMatch(/: about \d[\d.]* m?s on .+ at [\d.]+[MG] multiply-adds a second/);
    expect(Number(await estimate.getAttribute("data-estimate-ms"))).toBeGreaterThan(0);
    // Build and run; tfjs' count agrees; the saved model loads back with the same count.
    await o.page.getByRole("button", { name: "Build and run this network in TensorFlow.js" }).click();
    await o.page.locator('.playground-live[data-state="done"]').waitFor({ timeout: 120_000 });
    expect(await o.page.locator('[data-live="trainable"]').innerText()).toBe(
      `${fmt(referenceParams(PAPER, 0.35))} ✓ equals the analytic ${fmt(referenceParams(PAPER, 0.35))}`,
    );
    const modelJson = await saved(o.page, () => o.page.locator('[data-download="model-json"]').click());
    const weights = await saved(o.page, () => o.page.locator('[data-download="model-weights"]').click());
    expect(modelJson.name).toBe("mobilenetv2_0.35_96.json");
    expect(weights.name).toBe("mobilenetv2_0.35_96.weights.bin");
    const mj = JSON.parse(modelJson.data.toString("utf8"));
    expect(mj.weightsManifest[0].paths).toEqual([weights.name]);
    await tf.setBackend("cpu");
    const buf = weights.data.buffer.slice(weights.data.byteOffset, weights.data.byteOffset + weights.data.byteLength);
    const back = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: mj.modelTopology,
        weightSpecs: mj.weightsManifest[0].weights,
        weightData: buf,
      }),
    );
    const trainable = back.trainableWeights.reduce((s, w) => s + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
    expect(trainable).toBe(referenceParams(PAPER, 0.35));
    back.dispose();
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });

  it("refuses bad input with a message at the field and keeps the last good result", async () => {
    const o = await openPage(browser(), PATH);
    await ready(o.page);
    const before = await headline(o.page);
    const message = (field: string) => o.page.locator(`[data-field-error="${field}"]`).innerText();
    const bad: [() => Promise<void>, string, RegExp][] = [
      [() => o.page.getByRole("textbox", { name: "Width multiplier α" }).fill("abc"), "width", /not a number/],
      [() => o.page.getByRole("textbox", { name: "Width multiplier α" }).fill("0"), "width", /between 0.1 and 2/],
      [() => o.page.getByRole("textbox", { name: "Width multiplier α" }).fill("1e9"), "width", /between 0.1 and 2/],
      [() => cell(o.page, 2, "t").fill("0"), "rows.1.t", /between 1 and 12/],
      [() => cell(o.page, 2, "n").fill("1.5"), "rows.1.n", /whole number/],
      [() => cell(o.page, 2, "c").fill("-4"), "rows.1.c", /between 1 and 4096/],
      [() => cell(o.page, 2, "s").fill("3"), "rows.1.s", /1 or 2/],
      [
        () => o.page.getByRole("textbox", { name: "Input resolution (px)" }).fill("5000"),
        "resolution",
        /between 32 and 1024/,
      ],
    ];
    for (const [act, field, re] of bad) {
      await act();
      expect(await message(field)).toMatch(re);
      expect(await o.page.locator(".config-editor").getAttribute("data-state")).toBe("invalid");
      expect(await headline(o.page)).toBe(before);
      await o.page.getByRole("button", { name: "The paper's network" }).click();
      await o.page.locator('.config-editor[data-state="valid"]').waitFor();
    }
    // Resolution too small for the strides: a third copy of row 6 makes the network downsample 256× (the stem and
    // 7 stride-2 rows), more than the 224 px input.
    for (let i = 0; i < 2; i++) await o.page.getByRole("button", { name: "Duplicate row 6" }).click();
    // Wait for the headline of this table before reading it: it follows the editor a frame later.
    await expectParams(o.page, referenceParams([...PAPER.slice(0, 6), PAPER[5], PAPER[5], PAPER[6]]));
    const two = await headline(o.page);
    await o.page.getByRole("button", { name: "Duplicate row 6" }).click();
    expect(await message("resolution")).toMatch(/too small for the strides.*at least 256 px/);
    expect(await headline(o.page)).toBe(two);
    // An empty table, then 20 rows at most.
    await o.page.getByRole("button", { name: "The paper's network" }).click();
    for (let i = 7; i >= 2; i--) await o.page.getByRole("button", { name: `Remove row ${i}` }).click();
    await expectParams(o.page, referenceParams([PAPER[0]]));
    const oneRow = await headline(o.page);
    await o.page.getByRole("button", { name: "Remove row 1" }).click();
    expect(await message("rows")).toMatch(/at least one bottleneck row/);
    expect(await headline(o.page)).toBe(oneRow);
    for (let i = 0; i < 20; i++) await o.page.getByRole("button", { name: "+ Add a row" }).click();
    expect(await o.page.getByRole("button", { name: "+ Add a row" }).isDisabled()).toBe(true);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });

  it("explains a hostile or impossible address in a notice, injects nothing, and falls back", async () => {
    const query =
      "?width=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&resolution=99999&rows=" +
      Array.from({ length: 100 }, () => "6-24-2-2").join("_") +
      "&head=%3Cscript%3Ealert(2)%3C%2Fscript%3E";
    const o = await openPage(browser(), PATH, query);
    await ready(o.page);
    const notice = o.page.locator(".url-state .address-notice");
    const text = await notice.innerText();
    expect(text).toMatch(/width/);
    expect(text).toMatch(/resolution/);
    expect(text).toMatch(/100 rows/);
    expect(text).toMatch(/head/);
    expect(await o.page.locator(".address-notice img, .address-notice script").count()).toBe(0);
    expect(await headline(o.page)).toBe(fmt(COUNTS.torchvision.params));
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });

  it("looks right at 1280 px and on a phone (375 px)", async () => {
    const o = await openPage(
      browser(),
      PATH,
      "?width=0.5&rows=1-16-1-1_6-24-2-2_6-32-3-2_6-64-4-2_6-96-3-1_6-160-3-2_6-320-1-1_6-480-1-1",
    );
    await ready(o.page);
    await screenshot(o.page, "playground-1280");
    await expectDiagramTextInside(o.page);
    await o.page.setViewportSize({ width: 375, height: 800 });
    await screenshot(o.page, "playground-375");
    await expectDiagramTextInside(o.page);
    // Nothing but the wide tables (in their own scrolling boxes) is wider than the phone's screen.
    const overflow = await o.page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(375 + 1);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });
});
