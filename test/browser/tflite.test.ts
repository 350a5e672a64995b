/**
 * The TFLite import on the Activations explorer: the int8 file installed by the build (MODELS_DIR), the same file
 * picked by the reader, a small float32 file written at test time from a known network (width 0.35, 96 px), and
 * files the page must refuse with a clear message.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMobileNetV2 } from "../../src/lib/build.js";
import type { ArchConfig } from "../../src/lib/spec.js";
import { haveAssets, IMAGES_DIR, LAYERS_MODEL_DIR, MODELS_DIR, SHIPPED_LABELS, TFLITE_FILE } from "../assets.js";
import { writeMobileNetTflite } from "../unit/tflite-writer.js";
import { expectedShapes, numTensors, preprocessStep, waitRun } from "./explorer.js";
import { allProblems, NO_PROBLEMS, type OpenedPage, openPage, screenshot, useBrowser } from "./harness.js";

// Optional assets (test/assets.ts): the installed-file tests need the TFLite file, the layers model and photos.
const TFLITE = TFLITE_FILE;
const TFLITE_LABELS = SHIPPED_LABELS;
const LAYERS_MODEL = LAYERS_MODEL_DIR;
const HAVE_ASSETS = haveAssets(
  "TFLite import tests on the installed file",
  TFLITE,
  TFLITE_LABELS,
  join(LAYERS_MODEL, "model.json"),
  join(IMAGES_DIR, "coffee.png"),
);
/** Where the assets exist, dist/ must have been built with them. */
function requireInstalledAssets(): void {
  const manifest = JSON.parse(readFileSync("dist/_file/assets/manifest.json", "utf8"));
  if (!manifest.tflite.length || !manifest.models.length || !manifest.images.length)
    throw new Error(
      `dist/ has no TFLite file, layers model or photos installed although ${MODELS_DIR} and ${IMAGES_DIR} exist (${manifest.notes.join(" ")})`,
    );
}

/** How many networks the page has loaded, and forward passes it has run (data-load, data-run). */
const loads = (page: Page) =>
  page.evaluate(() => Number((document.querySelector(".act-load-status") as HTMLElement | null)?.dataset.load ?? 0));
const runs = (page: Page) =>
  page.evaluate(() => Number((document.querySelector("#act-run-status") as HTMLElement | null)?.dataset.run ?? 0));

/** Do `action`, then wait until the page has loaded a network again (and run it); returns the load status. */
async function afterLoad(
  page: Page,
  action: () => Promise<unknown>,
): Promise<{ text: string; data: Record<string, string> }> {
  const [l, r] = [await loads(page), await runs(page)];
  await action();
  await page.waitForFunction(
    ([l, r]) => {
      const load = document.querySelector(".act-load-status") as HTMLElement | null;
      const run = document.querySelector('#act-run-status[data-state="done"]') as HTMLElement | null;
      return Number(load?.dataset.load ?? 0) > l && Number(run?.dataset.run ?? 0) > r;
    },
    [l, r],
    { timeout: 120_000 },
  );
  const status = page.locator(".act-load-status");
  return {
    text: (await status.textContent()) ?? "",
    data: await status.evaluate((e) => ({ ...(e as HTMLElement).dataset }) as Record<string, string>),
  };
}

describe.skipIf(!HAVE_ASSETS)("TFLite import: the int8 file installed with the site", () => {
  const browser = useBrowser();
  let o: OpenedPage;
  // Parameters of the layers model (the same checkpoint), summed from its model.json: the imported network
  // must have exactly as many once the background class is dropped.
  let layersParams = 0;
  let labels1000: string[] = [];
  beforeAll(async () => {
    requireInstalledAssets();
    const json = JSON.parse(readFileSync(join(LAYERS_MODEL, "model.json"), "utf8"));
    for (const g of json.weightsManifest)
      for (const w of g.weights) layersParams += w.shape.reduce((a: number, b: number) => a * b, 1);
    labels1000 = JSON.parse(readFileSync(join(LAYERS_MODEL, "labels.json"), "utf8"));
    o = await openPage(browser(), "/pages/activations");
    await waitRun(o.page, "coffee.png");
  });
  afterAll(async () => o?.page.close());

  it("offers the installed file, imports it with visible progress while the page keeps running, and says what it imported", async () => {
    const radio = o.page.locator('input[data-choice="tflite:tf2_mobilenet_v2_1.0_224_ptq"]');
    expect(await radio.locator("xpath=..").textContent()).toMatch(
      /TFLite file tf2_mobilenet_v2_1\.0_224_ptq\.tflite \(ships with this site, 4\.1 MB/,
    );
    // Record what the load status shows, and count timer callbacks, while the import runs.
    await o.page.evaluate(() => {
      const seen: [string, number][] = [];
      const w = window as unknown as { __seen: typeof seen; __ticks: number };
      w.__seen = seen;
      w.__ticks = 0;
      setInterval(() => w.__ticks++, 0);
      const status = document.querySelector(".act-load-status")!;
      new MutationObserver(() => seen.push([status.textContent ?? "", w.__ticks])).observe(status, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    const { text, data } = await afterLoad(o.page, () => radio.check());
    expect(data).toMatchObject({ state: "done", kind: "tflite", resolution: "224", classes: "1000" });
    expect(data.error).toBeUndefined();
    expect(text).toContain("TFLite file tf2_mobilenet_v2_1.0_224_ptq.tflite (ships with this site");
    expect(text).toContain(
      `input 224×224×3, ${layersParams.toLocaleString("en-US")} parameters, 1000 classes, 19 stops (stem, 17 blocks, head)`,
    );
    expect(await o.page.locator(".act-import").textContent()).toBe(
      "Imported: width 1, 224×224 input, 1001 classes (background dropped: 1000 outputs), weights stored as int8 with " +
        "per-channel scales (dequantized to float32), the file's input uint8 with scale 1/127.5 and zero point 127.",
    );
    expect(await o.page.locator(".act-import-warning").count()).toBe(0);
    expect(await o.page.locator(".act-notice-ok").textContent()).toContain("Class names come from its labels file");
    // Progress went through reading, converting (dequantizing) and building, and timers ran in between:
    // the page was not frozen while the 4 MB file was converted.
    const seen: [string, number][] = await o.page.evaluate(
      () => (window as unknown as { __seen: [string, number][] }).__seen,
    );
    const texts = seen.map(([t]) => t);
    const first = (re: RegExp) => seen.findIndex(([t]) => re.test(t));
    for (const re of [/reading/, /dequantizing \w+ \(\d+ of 53 layers\)/, /building/, /Network ready/])
      expect(first(re), String(re)).toBeGreaterThanOrEqual(0);
    expect(first(/dequantizing/)).toBeLessThan(first(/building/));
    expect(
      seen[first(/Network ready/)][1] - seen[first(/recognising the network/)][1],
      texts.join("\n"),
    ).toBeGreaterThan(1);
    const ms = Number(await o.page.locator(".act-load-status").getAttribute("data-load-ms"));
    console.log(
      `TFLite import of the 4 MB int8 file in the page: ${Math.round(ms!)} ms (fetch, parse, dequantize, build)`,
    );
  });

  for (const [file, label] of [
    ["coffee.png", "espresso"],
    ["flamingo.jpg", "flamingo"],
    ["coyote.jpg", "coyote"],
    ["dog_labrador.jpg", "Labrador retriever"],
  ]) {
    it(`with the TFLite weights, ${file} → ${label} (as with the layers model)`, async () => {
      expect(await o.page.locator(".act-load-status").getAttribute("data-kind")).toBe("tflite");
      await o.page.locator(`button[data-file="${file}"]`).click();
      expect((await waitRun(o.page, file)).top1).toBe(label);
      expect(await o.page.locator(".act-top5").getAttribute("data-top1")).toBe(label);
    });
  }

  it("the .tflite file picked with its labels works; picked alone, classes are numbered without the background", async () => {
    const tensorsInstalled = await numTensors(o.page);
    const picker = o.page.locator('.act-weights input[type=file][data-choice="tflite-file"]');
    const withLabels = await afterLoad(o.page, () => picker.setInputFiles([TFLITE, TFLITE_LABELS]));
    expect(withLabels.data).toMatchObject({ kind: "tflite", classes: "1000" });
    expect(withLabels.text).toContain("TFLite file tf2_mobilenet_v2_1.0_224_ptq.tflite (your file)");
    await o.page.locator('button[data-file="flamingo.jpg"]').click();
    expect((await waitRun(o.page, "flamingo.jpg")).top1).toBe("flamingo");
    // The previous network was disposed: the same network, as many tensors as with the installed file.
    expect(await numTensors(o.page)).toBe(tensorsInstalled);

    await afterLoad(o.page, () => picker.setInputFiles(TFLITE));
    expect(await o.page.locator(".act-notice-ok").textContent()).toContain("classes are shown by number");
    await o.page.locator('button[data-file="coffee.png"]').click();
    // Output i is ImageNet class i of the 1000-label list: the background output was dropped, not shifted.
    expect((await waitRun(o.page, "coffee.png")).top1).toBe(`class #${labels1000.indexOf("espresso")}`);
    await screenshot(o.page, "tflite-installed");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
  });

  it("with only the TFLite file installed (no layers model), the page imports it by default", async () => {
    const only = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    only.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    only.on("pageerror", (e) => errors.push(String(e)));
    only.on(
      "request",
      (r) =>
        new URL(r.url()).hostname !== "localhost" &&
        r.url().startsWith("http") &&
        errors.push(`foreign request ${r.url()}`),
    );
    await only.route("**/_file/assets/manifest.json", async (r) => {
      const manifest = await (await r.fetch()).json();
      await r.fulfill({ json: { ...manifest, models: [] } });
    });
    await only.goto(o.url);
    expect((await waitRun(only, "coffee.png")).top1).toBe("espresso");
    expect(await only.locator(".act-load-status").getAttribute("data-kind")).toBe("tflite");
    expect(await only.locator('input[data-choice="tflite:tf2_mobilenet_v2_1.0_224_ptq"]').isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await only.close();
  });
});

describe("TFLite import: files written at test time", () => {
  const cfg: ArchConfig = { width: 0.35, resolution: 96, classes: 10, convention: "reference", batchNorm: false };
  let dir: string;
  let small: string;
  let params = 0;
  let badPadding: string;
  const browser = useBrowser();
  let o: OpenedPage;
  beforeAll(async () => {
    await tf.setBackend("cpu");
    dir = mkdtempSync(join(tmpdir(), "mnv2-tflite-"));
    const source = buildMobileNetV2(tf, cfg, { seed: 7 });
    params = source.countParams();
    small = join(dir, "mobilenet_v2_0.35_96_test.tflite");
    writeFileSync(small, writeMobileNetTflite(source, cfg));
    badPadding = join(dir, "bad_padding.tflite");
    writeFileSync(badPadding, writeMobileNetTflite(source, cfg, { stemPad: [1, 1] }));
    source.dispose();
    writeFileSync(join(dir, "fake.tflite"), "This is a text file with a .tflite name, not a flatbuffer.\n");
    writeFileSync(join(dir, "labels.txt"), "tench\ngoldfish\n");
    o = await openPage(browser(), "/pages/activations");
    await o.page.waitForSelector('#act-run-status[data-state="done"]', { timeout: 120_000 });
  });
  afterAll(async () => {
    await o?.page.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const picker = () => o.page.locator('.act-weights input[type=file][data-choice="tflite-file"]');

  it("a width-0.35, 96 px file runs: input resized to 96, all 17 blocks with that network's shapes", async () => {
    const { text, data } = await afterLoad(o.page, () => picker().setInputFiles(small));
    expect(data).toMatchObject({ state: "done", kind: "tflite", resolution: "96", classes: "10" });
    expect(text).toContain(
      `input 96×96×3, ${params.toLocaleString("en-US")} parameters, 10 classes, 19 stops (stem, 17 blocks, head)`,
    );
    expect(await o.page.locator(".act-import").textContent()).toBe(
      "Imported: width 0.35, 96×96 input, 10 classes, weights stored as float32, the file's input float32.",
    );
    expect(await o.page.locator(".act-import-warning").allTextContents()).toEqual([
      "Importer warning: 10 classes: not an ImageNet classifier (1000, or 1001 with background).",
    ]);
    // Preprocessing follows the model: the crop is resized to 96×96.
    expect(await o.page.locator(".act-range").textContent()).toContain("Input tensor [1, 96, 96, 3]");
    expect(await preprocessStep(o.page, 2).locator(".act-step-title").textContent()).toBe("2. Resized to 96×96");
    const image = await o.page.locator("#act-run-status").getAttribute("data-image");

    const expected = expectedShapes(0.35, 96);
    expect(expected.length).toBe(19);
    expect(await o.page.locator(".act-chip").count()).toBe(19);
    await o.page.locator('.act-chip[data-group="stem"]').click();
    for (const [k, [group, shapes]] of expected.entries()) {
      if (k > 0) await o.page.getByRole("button", { name: "Next block" }).click();
      await waitRun(o.page, image!, `[data-group="${group}"]`);
      const grids = await o.page.$$eval(".act-grid", (els) =>
        els.map((e) => [(e as HTMLElement).dataset.layer, (e as HTMLElement).dataset.shape]),
      );
      expect(Object.fromEntries(grids), group).toEqual(shapes);
      if (group === "block_2") {
        // The stage label gives Table 2's c and what it becomes at this width (24 × 0.35 → 8).
        expect(await o.page.locator("h3").filter({ hasText: "Block 2 (block_2)" }).textContent()).toBe(
          "Block 2 (block_2), in Row 2 (t=6, c=24 → 8 at width 0.35, n=2, s=2)",
        );
        await screenshot(o.page, "tflite-small");
      }
    }
    expect(await o.page.locator(".act-top5").count()).toBe(1);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
  });

  it("a file that is not a TFLite file: a clear message, the weights in use stay, and the page still runs", async () => {
    const before = await o.page.locator(".act-load-status").getAttribute("data-source");
    const { text, data } = await afterLoad(o.page, () => picker().setInputFiles(join(dir, "fake.tflite")));
    // The network in use (the small file loaded above) stays, and the picker says why the new file was refused.
    expect(data.kind).toBe("tflite");
    expect(data.source).toBe(before);
    // Bytes 4–7 of "This is a text file…" are " is ".
    expect(data.error).toBe(
      `fake.tflite: Not a TFLite file: expected the file identifier "TFL3" at bytes 4–7, found ${JSON.stringify(" is ")}.`,
    );
    expect(await o.page.locator(".act-load-error").textContent()).toBe(
      `Could not load the chosen weights: ${data.error} The network in use is still the one below.`,
    );
    expect(text).toContain(before);
    expect(await o.page.locator(".act-weights .input-error").textContent()).toBe(
      `Could not load these weights: ${data.error}`,
    );
    expect(await o.page.locator(".act-notice-random").count()).toBe(0);
    expect(await o.page.locator(".act-grid").count()).toBeGreaterThan(0);
    await screenshot(o.page, "tflite-refused");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
  });

  it("a TFLite file that is not a reference MobileNetV2 says what does not match", async () => {
    const { data } = await afterLoad(o.page, () => picker().setInputFiles(badPadding));
    expect(data.kind).toBe("tflite");
    expect(data.error).toBe(
      `bad_padding.tflite: Conv1: explicit padding [0,0,1,1,1,1,0,0] differs from TensorFlow's "same" padding (0, 1) for size 96.`,
    );
    expect(await o.page.locator(".act-weights .input-error").textContent()).toContain(data.error);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
  });

  it("a labels file without a model is refused by the picker, and nothing is reloaded", async () => {
    const before = await loads(o.page);
    await picker().setInputFiles(join(dir, "labels.txt"));
    await o.page.waitForFunction(() =>
      document.querySelector(".act-weights .input-error")?.textContent?.includes("no model file"),
    );
    expect(await o.page.locator(".act-weights .input-error").textContent()).toBe(
      "labels.txt: no model file. Pick a .tflite file (and, if you like, its labels .txt at the same time).",
    );
    expect(await loads(o.page)).toBe(before);
    expect(await o.page.locator(".act-load-status").getAttribute("data-state")).toBe("done");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
  });
});
