/**
 * The Activations explorer with the pretrained weights and photos of ../shared installed by the build
 * (MODELS_DIR=../shared/models IMAGES_DIR=../shared/images npm run build), and without them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveAssets, IMAGES_DIR, LAYERS_MODEL_DIR, SHIPPED_PHOTOS } from "../assets.js";
import {
  expectedShapes,
  failTensorReads,
  numTensors,
  preprocessStep,
  restoreTensorReads,
  waitRun,
} from "./explorer.js";
import { allProblems, cellErrors, NO_PROBLEMS, type OpenedPage, openPage, screenshot, useBrowser } from "./harness.js";
import { column } from "./page-helpers.js";

const IMAGES = IMAGES_DIR;
const MODEL = LAYERS_MODEL_DIR;
const HAVE_ASSETS = haveAssets(
  "Activations explorer tests with pretrained weights",
  join(MODEL, "model.json"),
  join(IMAGES, "coffee.png"),
);

/** Walk Next → through every stop and check each layer's shape against Table 2. */
async function walkAllBlocks(o: OpenedPage, image: string) {
  const page = o.page;
  const expected = expectedShapes(1, 224);
  expect(expected.length).toBe(19);
  await page.locator('.act-chip[data-group="stem"]').click();
  for (const [k, [group, shapes]] of expected.entries()) {
    if (k > 0) {
      // Alternate the Next button and the → key on the navigation.
      if (k % 2) await page.getByRole("button", { name: "Next block" }).click();
      else {
        await page.locator(".act-chip[aria-pressed=true]").focus();
        await page.keyboard.press("ArrowRight");
      }
    }
    await waitRun(page, image, `[data-group="${group}"]`);
    const grids = await page.$$eval(".act-grid", (els) =>
      els.map((e) => [(e as HTMLElement).dataset.layer, (e as HTMLElement).dataset.shape]),
    );
    expect(Object.fromEntries(grids), group).toEqual(shapes);
    expect(await page.locator(".act-grid canvas.act-grid-canvas").count()).toBe(Object.keys(shapes).length);
  }
}

describe.skipIf(!HAVE_ASSETS)("activations explorer with pretrained weights", () => {
  const browser = useBrowser();
  let o: OpenedPage;
  beforeAll(async () => {
    const manifest = JSON.parse(readFileSync("dist/_file/assets/manifest.json", "utf8"));
    if (!manifest.models.length || !manifest.images.length)
      throw new Error(
        `dist/ has no pretrained weights or photos installed although ${MODEL} and ${IMAGES} exist (${manifest.notes.join(" ")})`,
      );
    o = await openPage(browser(), "/pages/activations");
    await waitRun(o.page, "coffee.png");
  });
  afterAll(async () => o?.page.close());

  it("loads the installed pretrained model and says so", async () => {
    const load = await o.page.locator(".act-load-status").textContent();
    expect(load).toContain("pretrained ImageNet weights");
    // 3,487,816 parameters in the provided model (README of ../shared/models).
    expect(load).toContain("3,487,816 parameters");
    expect(await o.page.locator(".act-notice-random").count()).toBe(0);
    expect(await o.page.locator(".live-badge").textContent()).toMatch(/WebAssembly|WebGPU|WebGL|CPU/);
  });

  it("downloads each file of the installed model once (fetched ahead, while the backend starts)", async () => {
    const fetched = await o.page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map((e) => new URL(e.name).pathname)
        .filter((p) => p.includes("/assets/models/")),
    );
    const files = ["model.json", "labels.json", ...readdirSync(MODEL).filter((f) => f.endsWith(".bin"))];
    expect(files.length).toBeGreaterThan(2);
    for (const f of files)
      expect(
        fetched.filter((p) => p.endsWith(`/${f}`)),
        f,
      ).toHaveLength(1);
  });

  it("shows the preprocessing with the crop and an input in [-1, 1]", async () => {
    const cap = await preprocessStep(o.page, 1).locator(".act-step-caption").first().textContent();
    // coffee.png is 600×400: the centred square is 400×400 at x = 100, resized by 224 / 400.
    expect(cap).toContain("600×400 px; the yellow 400×400 square at (100, 0)");
    expect(await o.page.locator(".act-photo-credit").textContent()).toContain("CC0");
    expect(await preprocessStep(o.page, 2).locator(".act-step-caption").textContent()).toContain(
      `×${(224 / 400).toFixed(3)}`,
    );
    const range = await o.page
      .locator(".act-range")
      .evaluate((e) => [Number((e as HTMLElement).dataset.min), Number((e as HTMLElement).dataset.max)]);
    expect(range[0]).toBeGreaterThanOrEqual(-1);
    expect(range[1]).toBeLessThanOrEqual(1);
    expect(range[1] - range[0]).toBeGreaterThan(1.5);
    await screenshot(o.page, "activations-weights");
  });

  it("the network input of a landscape photo is its centred square exactly (copied 1:1 before it becomes a tensor)", async () => {
    // coffee.png (600×400) through the page's own networkInput, against preprocess slicing the whole image's tensor.
    const diff = await o.page.evaluate(`(async () => {
      const links = [...document.querySelectorAll('link[rel="modulepreload"]')].map((l) => l.href);
      const find = (re) => import(links.find((h) => re.test(h)));
      const { tf } = await find(/\\/lib\\/tf\\.[0-9a-f]+\\.js$/);
      const { networkInput } = await find(/\\/components\\/explorer\\.[0-9a-f]+\\.js$/);
      const { preprocess } = await find(/\\/lib\\/preprocess\\.[0-9a-f]+\\.js$/);
      const img = new Image();
      img.src = "../_file/assets/images/coffee.png";
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      canvas.getContext("2d", { willReadFrequently: true }).drawImage(img, 0, 0);
      const whole = preprocess(tf, canvas, 224);
      const expected = await whole.input.data();
      whole.input.dispose();
      const got = await networkInput(tf, canvas, 224);
      let d = 0;
      for (let i = 0; i < expected.length; i++) d = Math.max(d, Math.abs(expected[i] - got.data[i]));
      return { d, n: got.data.length, crop: got.crop };
    })()`);
    expect(diff).toEqual({ d: 0, n: 224 * 224 * 3, crop: { x: 100, y: 0, size: 400 } });
  });

  for (const [file, label] of [
    ["coffee.png", "espresso"],
    ["flamingo.jpg", "flamingo"],
    ["coyote.jpg", "coyote"],
    ["dog_labrador.jpg", "Labrador retriever"],
  ]) {
    it(`${file} → ${label}`, async () => {
      await o.page.locator(`button[data-file="${file}"]`).click();
      const d = await waitRun(o.page, file);
      expect(d.top1).toBe(label);
      expect(await o.page.locator(".act-top5").getAttribute("data-top1")).toBe(label);
      // The photo's credit is displayed with it.
      expect(await o.page.locator(".act-current").textContent()).toMatch(/CC0|CC BY/);
      // Taken from its thumbnail (the same file, already loaded), not downloaded again; coffee.png, the photo the
      // page opens with, is fetched once for that too.
      const downloads = await o.page.evaluate(
        (f) =>
          performance.getEntriesByType("resource").filter((e) => new URL(e.name).pathname.endsWith(`/images/${f}`))
            .length,
        file,
      );
      expect(downloads, `${file} downloads`).toBe(file === "coffee.png" ? 2 : 1);
    });
  }

  it("shows all 17 blocks (plus stem and head) for a sample photo, with Table 2's shapes", async () => {
    await o.page.locator('button[data-file="coyote.jpg"]').click();
    await waitRun(o.page, "coyote.jpg");
    await walkAllBlocks(o, "coyote.jpg");
  });

  it("block statistics: ReLU6 outputs stay in [0, 6], projections go negative", async () => {
    await o.page.locator('.act-chip[data-group="block_2"]').click();
    await waitRun(o.page, "coyote.jpg", '[data-group="block_2"]');
    // Columns by their header, rows by the layer they show.
    const stats = o.page.locator(".act-stats");
    const layers = await stats
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.layer ?? ""));
    const byLayer = async (header: string) =>
      Object.fromEntries((await column(stats, header)).map((v, i) => [layers[i], v]));
    const [min, max, zeros, negative] = await Promise.all(["Min", "Max", "Zeros", "Negative"].map(byLayer));
    for (const l of ["block_2_expand_relu", "block_2_depthwise_relu"]) {
      expect(Number(min[l])).toBeGreaterThanOrEqual(0);
      expect(Number(max[l])).toBeLessThanOrEqual(6);
      expect(Number.parseFloat(zeros[l])).toBeGreaterThan(0); // some zeros
    }
    expect(Number(min.block_2_project)).toBeLessThan(0);
    expect(Number.parseFloat(negative.block_2_project)).toBeGreaterThan(0);
    const fig = o.page.locator(".act-minima");
    expect(Number(await fig.getAttribute("data-negative-projections"))).toBeGreaterThan(10);
    expect(Number(await fig.getAttribute("data-relu-min"))).toBe(0);
  });

  it("enlarges a channel by click and by keyboard, and switches normalisation", async () => {
    const canvas = o.page.locator(".act-grid canvas.act-grid-canvas").first();
    await canvas.click({ position: { x: 3, y: 3 } });
    expect(await o.page.locator(".act-detail").first().getAttribute("data-channel")).toBe("0");
    await canvas.focus();
    await o.page.keyboard.press("ArrowRight");
    await o.page.keyboard.press("Enter");
    expect(await o.page.locator(".act-detail").first().getAttribute("data-channel")).toBe("1");
    expect(await o.page.locator(".act-detail").first().textContent()).toMatch(/Channel 1 of 144/);
    await o.page.getByLabel("per channel").check();
    await o.page.waitForFunction(() => document.querySelector(".act-legend")?.textContent?.includes("Each channel"));
    await o.page.getByLabel("shared across the layer").check();
  });

  it("tf.memory().numTensors is back to its baseline after 10 images", async () => {
    const baseline = await numTensors(o.page);
    for (const f of SHIPPED_PHOTOS) {
      await o.page.locator(`button[data-file="${f}"]`).click();
      await waitRun(o.page, f);
    }
    for (const p of ["vertical stripes", "checkerboard", "disc"]) {
      await o.page.locator(`button[data-pattern="${p}"]`).click();
      await waitRun(o.page, `test pattern: ${p}`);
    }
    expect(await numTensors(o.page)).toBe(baseline);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
  });

  it("an uploaded file runs and shows all 17 blocks", async () => {
    await o.page.locator(".act-own input[type=file]").setInputFiles(resolve(IMAGES, "dog_labrador.jpg"));
    const d = await waitRun(o.page, "dog_labrador.jpg");
    expect(d.top1).toBe("Labrador retriever");
    expect(await o.page.locator(".act-current").textContent()).toContain("your image");
    await walkAllBlocks(o, "dog_labrador.jpg");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
  });

  it("accepts a dropped and a pasted image, and refuses a file that is not an image", async () => {
    const send = (kind: "drop" | "paste", name: string, type: string) =>
      o.page.evaluate(
        async ([kind, name, type]) => {
          const bytes = await (await fetch(new URL("../_file/assets/images/coyote.jpg", location.href))).arrayBuffer();
          const dt = new DataTransfer();
          dt.items.add(new File([bytes], name, { type }));
          const target = document.querySelector(".act-image-input")!;
          if (kind === "drop")
            target.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
          else document.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true }));
        },
        [kind, name, type] as const,
      );
    await send("drop", "dropped-coyote.jpg", "image/jpeg");
    expect((await waitRun(o.page, "dropped-coyote.jpg")).top1).toBe("coyote");
    await send("paste", "pasted-coyote.jpg", "image/jpeg");
    expect((await waitRun(o.page, "pasted-coyote.jpg")).top1).toBe("coyote");
    await send("drop", "notes.txt", "text/plain");
    await o.page.waitForFunction(() => document.querySelector(".act-message")?.textContent?.includes("not an image"));
    expect(await o.page.locator(".act-current").textContent()).toContain("pasted-coyote.jpg");
  });

  it("the webcam button explains a refusal or a missing camera", async () => {
    await o.page.getByRole("button", { name: "Use the webcam" }).click();
    await o.page.waitForFunction(() =>
      /webcam|camera/i.test(document.querySelector(".act-message")?.textContent ?? ""),
    );
    expect(await o.page.locator(".act-message").textContent()).toMatch(/webcam|camera/i);
  });

  it("loads weights from a URL, without labels shows class numbers", async () => {
    const labels: string[] = JSON.parse(readFileSync(resolve(MODEL, "labels.json"), "utf8"));
    const espresso = labels.indexOf("espresso");
    const box = o.page.getByLabel("URL of a model.json");
    await box.fill("no-such-thing.txt");
    await o.page.getByRole("button", { name: "Load" }).click();
    expect(await o.page.locator(".act-weights .input-error").textContent()).toMatch(/model\.json/);
    const url = await o.page.evaluate(
      () => new URL("../_file/assets/models/mobilenet_v2_1.0_224/model.json", location.href).href,
    );
    await box.fill(url);
    await box.press("Enter");
    await o.page.waitForFunction(
      () => document.querySelector(".act-load-status")?.textContent?.includes("weights from http"),
      null,
      { timeout: 60_000 },
    );
    await o.page.locator('button[data-file="coffee.png"]').click();
    expect((await waitRun(o.page, "coffee.png")).top1).toBe(`class #${espresso}`);
  });

  it("loads weights from files the reader picks (model.json + shards + labels.json)", async () => {
    const before = await numTensors(o.page);
    const files = [
      "model.json",
      "group1-shard1of4.bin",
      "group1-shard2of4.bin",
      "group1-shard3of4.bin",
      "group1-shard4of4.bin",
      "labels.json",
    ];
    await o.page
      .locator('.act-weights input[type=file][data-choice="files"]')
      .setInputFiles(files.map((f) => resolve(MODEL, f)));
    await o.page.waitForFunction(
      () => document.querySelector(".act-load-status")?.textContent?.includes("your files"),
      null,
      { timeout: 60_000 },
    );
    await o.page.locator('button[data-file="flamingo.jpg"]').click();
    expect((await waitRun(o.page, "flamingo.jpg")).top1).toBe("flamingo");
    // The previous model was disposed: the same network's weights, no more tensors than before.
    expect(await numTensors(o.page)).toBe(before);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
  });
});

describe("activations explorer without weights or photos", () => {
  const browser = useBrowser();

  /** Open the page, then reload it with the manifest answered by `fulfill` (the harness records problems throughout). */
  async function openWithManifest(fulfill: { status: number; body: string }): Promise<OpenedPage> {
    const o = await openPage(browser(), "/pages/activations");
    await o.page.waitForSelector('#act-run-status[data-state="done"]', { timeout: 120_000 });
    await o.page.route("**/_file/assets/manifest.json", (r) =>
      r.fulfill({ ...fulfill, contentType: "application/json" }),
    );
    await o.page.reload({ waitUntil: "load" });
    return o;
  }

  it("runs with random weights and test patterns when nothing is installed, and says so", async () => {
    // What a site built without MODELS_DIR / IMAGES_DIR serves (scripts/assets.mjs always writes a manifest).
    const body = JSON.stringify({
      models: [],
      tflite: [],
      images: [],
      notes: ["MODELS_DIR was not set at build time: no pretrained weights installed."],
    });
    const o = await openWithManifest({ status: 200, body });
    const d = await waitRun(o.page, "test pattern: checkerboard");
    const notice = await o.page.locator(".act-notice-random").textContent();
    expect(notice).toContain("random weights");
    expect(notice).toContain("built without trained weights");
    expect(notice, "no build variables or file paths for a reader").not.toMatch(/MODELS_DIR|npm |at build time/);
    expect(await o.page.locator(".act-load-status").textContent()).toContain("random initialisation");
    // Same architecture as the provided BN-folded model (convs with biases, no BatchNorm): 3,487,816 parameters.
    expect(await o.page.locator(".act-load-status").textContent()).toContain("3,487,816 parameters");
    expect(d.top1).toMatch(/^class #\d+$/);
    expect(await o.page.locator("button[data-file]").count()).toBe(0);
    expect(await o.page.locator("button[data-pattern]").count()).toBe(4);
    // Feature maps of block 2 are drawn, with Table 2's shapes.
    const grids = await o.page.$$eval(".act-grid", (els) => els.map((e) => (e as HTMLElement).dataset.shape));
    expect(grids).toEqual(["56×56×144", "56×56×144", "56×56×24", "56×56×24"]);
    await o.page.locator('button[data-pattern="disc"]').click();
    await waitRun(o.page, "test pattern: disc");
    await screenshot(o.page, "activations-random");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
  });

  it("a forward pass that fails is explained where its result would be, and the next image runs again", async () => {
    const o = await openPage(browser(), "/pages/activations");
    await o.page.waitForSelector('#act-run-status[data-state="done"]', { timeout: 120_000 });
    // Make the next forward pass fail when its results are read back, as a backend out of memory would.
    await failTensorReads(o.page, "simulated backend failure");
    await o.page.locator('button[data-pattern="disc"]').click();
    const status = o.page.locator('#act-run-status[data-state="error"]');
    await status.waitFor({ timeout: 60_000 });
    expect(await status.textContent()).toContain("The network could not run on this image (simulated backend failure)");
    expect(await o.page.locator(".act-grid").count()).toBe(0);
    expect(await cellErrors(o.page)).toEqual([]);
    // Restore, pick another image: it runs.
    await restoreTensorReads(o.page);
    await o.page.locator('button[data-pattern="checkerboard"]').click();
    await waitRun(o.page, "test pattern: checkerboard");
    expect(await o.page.locator(".act-grid").count()).toBeGreaterThan(0);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
  });

  it("treats a missing manifest as no assets", async () => {
    const o = await openWithManifest({ status: 404, body: "{}" });
    await waitRun(o.page, "test pattern: checkerboard");
    expect(await o.page.locator(".act-notice-random").textContent()).toContain("random weights");
    const p = await allProblems(o);
    // Chromium logs the 404 itself; nothing else may go wrong.
    expect(p.consoleErrors.every((e) => /404/.test(e))).toBe(true);
    expect({ ...p, consoleErrors: [] }).toEqual(NO_PROBLEMS);
  });
});
