/**
 * "Inside the trained network": Grad-CAM of the flamingo photo for "flamingo" lands on the bird (a region
 * computed here from the photo's pink pixels), every feature works from the keyboard alone, and the page has no
 * problems. Uses the int8 checkpoint that ships with the site, and the float model of ../shared when installed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TABLE2 } from "../references.js";
import { decodeJpeg } from "../unit/jpeg.js";
import { numTensors } from "./explorer.js";
import { allProblems, NO_PROBLEMS, type OpenedPage, openPage, screenshot, useBrowser } from "./harness.js";
import { column } from "./page-helpers.js";

const FLAMINGO = join("data", "images", "flamingo.jpg");

/**
 * The flamingo in the 224×224 network input: its pixels clearly pink (red well above green and blue), grown by
 * 6 pixels so the outline and the black beak tip count as bird; and the box around them.
 */
function birdMask(res: number) {
  const img = decodeJpeg(new Uint8Array(readFileSync(FLAMINGO)));
  const side = Math.min(img.width, img.height);
  const x0 = Math.floor((img.width - side) / 2);
  const y0 = Math.floor((img.height - side) / 2);
  const pink = new Uint8Array(res * res);
  for (let y = 0; y < res; y++)
    for (let x = 0; x < res; x++) {
      const sx = x0 + Math.min(side - 1, Math.floor(((x + 0.5) * side) / res));
      const sy = y0 + Math.min(side - 1, Math.floor(((y + 0.5) * side) / res));
      const p = (sy * img.width + sx) * 3;
      const [r, g, b] = [img.rgb[p], img.rgb[p + 1], img.rgb[p + 2]];
      pink[y * res + x] = r - g > 45 && r - b > 25 ? 1 : 0;
    }
  const grow = 6;
  const mask = new Uint8Array(res * res);
  for (let y = 0; y < res; y++)
    for (let x = 0; x < res; x++) {
      if (!pink[y * res + x]) continue;
      for (let dy = -grow; dy <= grow; dy++)
        for (let dx = -grow; dx <= grow; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < res && xx >= 0 && xx < res) mask[yy * res + xx] = 1;
        }
    }
  // The bird's box: the bounding box of its pink plumage (body, neck and head; the grey legs are not in it).
  let [x0b, x1b, y0b, y1b] = [res, -1, res, -1];
  for (let y = 0; y < res; y++)
    for (let x = 0; x < res; x++)
      if (pink[y * res + x])
        [x0b, x1b, y0b, y1b] = [Math.min(x0b, x), Math.max(x1b, x), Math.min(y0b, y), Math.max(y1b, y)];
  const box = new Uint8Array(res * res);
  for (let y = y0b; y <= y1b; y++) box.fill(1, y * res + x0b, y * res + x1b + 1);
  const share = (m: Uint8Array) => m.reduce((s, v) => s + v, 0) / m.length;
  return { mask, share: share(mask), box, boxShare: share(box) };
}

/**
 * Share of a coarse map's mass inside a mask, the map placed as the page draws it: cell i's value at the centre of
 * its receptive field (start + i·jump, from the page), bilinear between centres, constant beyond the outermost.
 */
function massInside(cam: number[], h: number, w: number, start: number, jump: number, mask: Uint8Array, res: number) {
  const lerp = (p: number, n: number): [number, number, number] => {
    const t = Math.min(Math.max((p - start) / jump, 0), n - 1);
    const i = Math.min(Math.floor(t), n - 2);
    return [i, i + 1, t - i];
  };
  let inside = 0;
  let total = 0;
  for (let y = 0; y < res; y++)
    for (let x = 0; x < res; x++) {
      const [r0, r1, fy] = lerp(y, h);
      const [c0, c1, fx] = lerp(x, w);
      const v =
        (cam[r0 * w + c0] * (1 - fx) + cam[r0 * w + c1] * fx) * (1 - fy) +
        (cam[r1 * w + c0] * (1 - fx) + cam[r1 * w + c1] * fx) * fy;
      total += v;
      if (mask[y * res + x]) inside += v;
    }
  return inside / total;
}

/**
 * What the sentence under the receptive fields must say of the cell in `d` (its data-* figures): the 90%-gradient
 * square's side against the longer side of the theoretical field's part inside the image.
 */
function erfWords(d: Record<string, string>) {
  const inside = Math.max(...d.rfInside.split("x").map(Number));
  const e = Number(d.erf90);
  const word =
    e <= inside / 2
      ? "far smaller"
      : e < 0.9 * inside
        ? "smaller"
        : e <= 1.1 * inside
          ? "about as large"
          : "no smaller";
  return `effective receptive field is ${word}: 90% of the gradient lies within a ${e}×${e} pixel square`;
}

async function state(page: Page, selector: string, want: string, extra = "") {
  await page.waitForSelector(`${selector}[data-state="${want}"]${extra}`, { timeout: 180_000 });
  return page.locator(selector).evaluate((e) => ({ ...(e as HTMLElement).dataset }) as Record<string, string>);
}

describe("Inside the trained network", () => {
  const browser = useBrowser();
  let o: OpenedPage;
  beforeAll(async () => {
    o = await openPage(browser(), "/pages/inside", "?backend=wasm");
    await state(o.page, ".inside-gradcam", "done");
  });
  afterAll(async () => o?.page.close());

  it("Grad-CAM of the flamingo photo for “flamingo” puts most of its mass on the bird", async () => {
    await o.page.locator('button[data-file="flamingo.jpg"]').click();
    const d = await state(o.page, ".inside-gradcam", "done", '[data-class="flamingo"]');
    expect(d.layer).toBe("out_relu");
    const cam = JSON.parse(d.cam) as number[];
    const [h, w] = [Number(d.h), Number(d.w)];
    expect([h, w]).toEqual([7, 7]);
    const { mask, share, box, boxShare } = birdMask(224);
    // out_relu: a cell every 32 pixels, the first centred on pixel 31 (the receptive-field unit tests check this).
    expect([d.start, d.jump]).toEqual(["31", "32"]);
    const onBird = massInside(cam, h, w, Number(d.start), Number(d.jump), mask, 224);
    const fraction = massInside(cam, h, w, Number(d.start), Number(d.jump), box, 224);
    console.log(
      `Grad-CAM (out_relu, "flamingo"): ${(fraction * 100).toFixed(1)}% of the map's mass in the bird's box (${(boxShare * 100).toFixed(1)}% of the input), ` +
        `${(onBird * 100).toFixed(1)}% on its pink pixels (${(share * 100).toFixed(1)}% of the input); ${d.ms} ms`,
    );
    const smooth = await state(o.page, ".inside-smoothgrad", "done");
    console.log(`SmoothGrad: ${smooth.ms} ms`);
    await o.page.locator(".inside-where").screenshot({ path: "screenshots/inside-where.png" });
    // Most of the mass in the bird's box, and on the bird itself at least twice its share of the image.
    expect(fraction).toBeGreaterThan(0.5);
    expect(onBird).toBeGreaterThan(2 * share);
  });

  it("Grad-CAM and SmoothGrad from the keyboard: another class, another layer, the opacity, Stop", async () => {
    const page = o.page;
    const before = await state(page, ".inside-gradcam", "done");
    await page.locator(".inside-classes input:checked").focus();
    await page.keyboard.press("ArrowDown");
    const other = await state(page, ".inside-gradcam", "done", `:not([data-class-index="${before.classIndex}"])`);
    expect(other.class).not.toBe(before.class);
    // Stop SmoothGrad with the keyboard while it runs (it may already have finished on a fast machine).
    await page.locator(".inside-smoothgrad button").focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector('.inside-smoothgrad:is([data-state="stopped"], [data-state="done"])');
    await page.locator(".inside-where select").focus();
    await page.keyboard.press("ArrowUp");
    const layer = await state(page, ".inside-gradcam", "done", ':not([data-layer="out_relu"])');
    expect(layer.layer).toBe("block_16_project");
    const slider = page.locator('.inside-where input[type="range"]');
    await slider.focus();
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    expect(await page.locator(".inside-where output").textContent()).toBe("45%");
  });

  it("a feature-map cell chosen with the arrow keys shows its receptive fields, with sizes in pixels", async () => {
    const page = o.page;
    const first = await state(page, "figure.inside-field", "done");
    expect(first.layer).toBe("block_6_depthwise_relu");
    // 14×14 cells, one every 16 pixels; the closed form gives 75 pixels for block 6's depthwise layer.
    expect([first.row, first.col, first.rfSize]).toEqual(["7", "7", "75"]);
    await page.locator("canvas.inside-cells").focus();
    for (const k of ["ArrowLeft", "ArrowLeft", "ArrowUp", "Enter"]) await page.keyboard.press(k);
    const moved = await state(page, "figure.inside-field", "done", '[data-col="5"]');
    expect(moved.row).toBe("6");
    expect(Number(moved.erf90)).toBeGreaterThan(0);
    expect(Number(moved.erf90)).toBeLessThanOrEqual(75);
    const text = await page.locator(".inside-field-text").textContent();
    expect(text).toContain("75×75 pixels");
    expect(text).toContain(erfWords(moved));
    // A corner cell's field runs past the image: the part inside is smaller than the full field.
    for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowUp");
    for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Enter");
    const corner = await state(page, "figure.inside-field", "done", '[data-row="0"][data-col="0"]');
    // Cell 0's centre is at pixel 15 (TensorFlow pads after, not before, at stride 2), half-width 37: pixels 0 … 52.
    expect(corner.rfInside).toBe("53x53");
    expect(await page.locator(".inside-field-text").textContent()).toContain(erfWords(corner));
    await page.locator(".inside-cellfield").screenshot({ path: "screenshots/inside-cellfield.png" });
    // The prose's last-block field, walked here from Table 2: the stem's 3×3 at stride 2, then each block's 3×3
    // depthwise widens the field by two steps of the stride so far (1×1 convs add nothing).
    let rf = 3;
    let jump = 2;
    for (const { n, s } of TABLE2)
      for (let i = 0; i < n; i++) {
        rf += 2 * jump;
        if (i === 0) jump *= s;
      }
    expect(await page.locator("#inside-last-field").textContent()).toBe(`${rf}×${rf}`);
  });

  it("feature visualisation runs with progress, stops from the keyboard, and shows the photo crops", async () => {
    const page = o.page;
    const crops = page.locator('.inside-crops[data-state="done"]');
    expect(await crops.getAttribute("data-channel")).toBe("17");
    expect(await page.locator(".inside-crop canvas").count()).toBe(7);
    await page.getByRole("button", { name: "Visualise this channel" }).focus();
    await page.keyboard.press("Enter");
    const done = await state(page, ".inside-featurevis", "done");
    expect(Number(done.steps)).toBe(48);
    expect(Number(done.end)).toBeGreaterThan(Number(done.start));
    console.log(
      `Feature visualisation, block_12_add channel 17: ${done.start} → ${done.end} in ${done.steps} steps, ${done.ms} ms on WASM`,
    );
    await page.locator(".inside-channel").screenshot({ path: "screenshots/inside-channel.png" });
    // Another channel, typed; then start and stop with the keyboard.
    const box = page.getByLabel("Channel", { exact: true });
    await box.fill("5");
    await box.press("Enter");
    await page.waitForSelector('.inside-crops[data-channel="5"]');
    await page.getByRole("button", { name: "Visualise this channel" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector('.inside-featurevis[data-state="running"]');
    await page.locator(".inside-featurevis").getByRole("button", { name: "Stop" }).focus();
    await page.keyboard.press("Enter");
    const stopped = await state(page, ".inside-featurevis", "stopped");
    expect(Number(stopped.steps)).toBeLessThan(48);
    // A channel the layer does not have is refused at the field.
    await box.fill("500");
    await box.press("Enter");
    expect(await page.locator(".inside-channel .inside-controls > .input-error[role=alert]").textContent()).toMatch(
      /96 channels/,
    );
  });

  it("int8 vs float: top-5 of each and per-layer differences, or a clear note when a weight set is missing", async () => {
    const page = o.page;
    const area = page.locator(".inside-int8-area");
    if ((await area.getAttribute("data-state")) === "missing") {
      expect(await area.textContent()).toMatch(/needs both weight sets/);
      return;
    }
    await page.getByRole("button", { name: "Compare float and int8 on this photo" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector('.inside-int8-area[data-state="done"]', { timeout: 180_000 });
    const d = await page.locator(".inside-int8").evaluate((e) => ({ ...(e as HTMLElement).dataset }));
    expect(d.top1Float).toBe("flamingo");
    expect(d.top1Int8).toBe("flamingo");
    const rows = await page.locator('[data-testid="int8-layers"] tbody tr').count();
    expect(rows).toBe(63); // 62 layers of the explorer and the logits
    const [first] = await column(page.getByTestId("int8-layers"), "Rel. RMS, int8 simulated");
    expect(Number(first)).toBeGreaterThan(0);
    expect(Number(first)).toBeLessThan(0.05); // the stem barely changes
    console.log(`int8 comparison: out_relu relative RMS ${Number(d.outRelu).toFixed(3)}, ${d.ms} ms`);
    // Resizing the window keeps the comparison: nothing it depends on is computed again from the page's width.
    await area.evaluate((e) => {
      (e as HTMLElement).dataset.seen = "before-resize";
    });
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.waitForFunction(() => window.innerWidth === 1000);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await page.locator('.inside-int8-area[data-seen="before-resize"][data-state="done"]').count()).toBe(1);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator(".inside-int8").screenshot({ path: "screenshots/inside-int8.png" });
  });

  it("the maps' gradients, run in steps, free their tensors, also when stopped or superseded part-way", async () => {
    const page = o.page;
    const done = (sel: string) => page.waitForSelector(`${sel}:is([data-state="done"], [data-state="stopped"])`);
    for (const sel of [".inside-gradcam", ".inside-smoothgrad", "figure.inside-field", ".inside-crops"])
      await done(sel);
    const baseline = await numTensors(page);
    // Another class, stopped part-way through SmoothGrad; another cell, superseded by a third before it is done.
    await page.locator(".inside-classes input:checked").focus();
    await page.keyboard.press("ArrowDown");
    await page.waitForSelector('.inside-smoothgrad[data-state="running"]');
    await page.locator(".inside-smoothgrad button").click();
    const cell = await state(page, "figure.inside-field", "done");
    await page.locator("canvas.inside-cells").focus();
    for (const k of ["ArrowRight", "Enter", "ArrowDown", "Enter"]) await page.keyboard.press(k);
    const [row, col] = [Number(cell.row) + 1, Number(cell.col) + 1];
    await state(page, "figure.inside-field", "done", `[data-row="${row}"][data-col="${col}"]`);
    for (const sel of [".inside-gradcam", ".inside-smoothgrad"]) await done(sel);
    expect(await numTensors(page)).toBe(baseline);
  });

  it("switching to the int8 weights from the keyboard reruns everything, and the page has no problems", async () => {
    const page = o.page;
    const int8 = page.locator('.inside-sets input[value="int8"]');
    if (await int8.isDisabled()) return;
    const before = await state(page, ".inside-gradcam", "done");
    const old = await page.$(".inside-gradcam");
    await page.locator('.inside-sets input[value="float"]').focus();
    await page.keyboard.press("ArrowDown");
    await page.waitForSelector('.inside-load[data-state="done"][data-set="int8"]', { timeout: 180_000 });
    await old?.waitForElementState("hidden", { timeout: 180_000 });
    // The reader's choices survive the new weights (they live in the page's address): the layer, and the class
    // when the int8 network ranks it in its top 5 too (else its top class).
    const d = await state(page, ".inside-gradcam", "done", `[data-layer="${before.layer}"]`);
    const kept = await page.locator(`.inside-classes input[value="${before.classIndex}"]`).count();
    const top = await page.locator(".inside-classes input").first().getAttribute("value");
    expect(d.classIndex).toBe(kept ? before.classIndex : top);
    expect(new URL(page.url()).searchParams.get("weights")).toBe("int8");
    await screenshot(page, "inside");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
  });
});
