/**
 * Every walkthrough page with controls keeps them in its address: a value given in the address appears in its
 * control, a change is written back, and the copied link reopens the same state; a bad value is named in a
 * notice and the control keeps its default. The live pages (Activations explorer, Inside the trained network,
 * Transfer learning) keep their photo, weights, block, layers and settings the same way, and say beside Copy link
 * what a link cannot carry (the reader's own image or classes).
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { waitRun } from "./explorer.js";
import { allProblems, NO_PROBLEMS, openPage, useBrowser } from "./harness.js";

// [page, address key, value, the control's label; then another control to change: label, new value, its key]
const CASES: [string, string, string, string, string, string, string][] = [
  ["/pages/architecture", "width", "0.5", "Width multiplier α", "Classes", "10", "classes"],
  ["/pages/width-resolution", "resolution", "160", "Input resolution (pixels)", "Width multiplier α", "0.75", "width"],
  ["/pages/depthwise-separable", "input-channels", "48", "Input channels", "Kernel size", "5", "kernel-size"],
  ["/pages/inverted-residual", "expansion-factor-t", "4", "Expansion factor t", "Input size", "28", "input-size"],
  ["/pages/linear-bottleneck", "dimension-n", "15", "Dimension n", "Seed of T", "7", "seed-of-t"],
  ["/pages/relu6", "bits", "4", "Bits", "Outlier scale", "20", "outlier-scale"],
];

describe("page addresses", () => {
  const browser = useBrowser();
  for (const [path, key, value, label, other, otherValue, otherKey] of CASES) {
    it(`${path}: ?${key}=${value} sets “${label}”; changing “${other}” is written back; the link reopens both`, async () => {
      const o = await openPage(browser(), path, `?${key}=${value}`);
      const box = o.page.getByRole("textbox", { name: label, exact: true });
      await expect.poll(() => box.inputValue(), { timeout: 20_000 }).toBe(value);
      await o.page.getByRole("textbox", { name: other, exact: true }).fill(otherValue);
      await expect.poll(() => new URL(o.page.url()).searchParams.get(otherKey)).toBe(otherValue);
      expect(new URL(o.page.url()).searchParams.get(key)).toBe(value);
      const link = new URL(o.page.url()).search;
      // The first page is closed before the link opens, so that its live work does not slow the second one.
      expect(await allProblems(o)).toEqual(NO_PROBLEMS);
      await o.page.close();
      const again = await openPage(browser(), path, link);
      await expect
        .poll(() => again.page.getByRole("textbox", { name: other, exact: true }).inputValue(), { timeout: 20_000 })
        .toBe(otherValue);
      expect(await again.page.getByRole("textbox", { name: label, exact: true }).inputValue()).toBe(value);
      expect(await allProblems(again)).toEqual(NO_PROBLEMS);
      await again.page.close();
    });
  }
  it("a bad value in the address is named in a notice; the control keeps its default", async () => {
    const o = await openPage(browser(), "/pages/architecture", "?width=%3Cb%3Ewide%3C%2Fb%3E&convention=sideways");
    const notice = o.page.locator(".page-address .address-notice");
    await expect.poll(() => notice.innerText(), { timeout: 20_000 }).toMatch(/width.*not a number/s);
    expect(await notice.innerText()).toMatch(/convention.*not one of the choices/s);
    expect(await o.page.locator(".page-address .address-notice b").count()).toBe(0);
    expect(await o.page.getByRole("textbox", { name: "Width multiplier α", exact: true }).inputValue()).toBe("1");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });
});

/** Click the page's "Copy link" and read the link it copied (or showed, selected, when the clipboard is closed). */
async function copiedLink(page: Page): Promise<string> {
  const button = page.locator(".page-address .copy-link");
  await button.click();
  await page.locator(".page-address .copy-link[data-copied]").waitFor();
  const copied = await button.getAttribute("data-copied");
  const link = copied || (await page.locator(".page-address .copy-link-text").inputValue());
  expect(link).toBe(page.url());
  return new URL(link).search;
}
const addressOf = (page: Page) => new URL(page.url()).searchParams;
const dataOf = (page: Page, selector: string) =>
  page.locator(selector).evaluate((e) => ({ ...(e as HTMLElement).dataset }) as Record<string, string>);

describe("page addresses of the live pages", () => {
  const browser = useBrowser();

  it("Activations explorer: the photo, weights, block, enlarged channel and colour normalisation come from the link and go back into it", async () => {
    const o = await openPage(
      browser(),
      "/pages/activations",
      "?backend=wasm&photo=flamingo.jpg&weights=random&block=block_5&colour-normalisation=channel&channel=block_5_expand_relu:7",
    );
    const { page } = o;
    await waitRun(page, "flamingo.jpg", '[data-group="block_5"]');
    expect(await page.locator('button[data-file="flamingo.jpg"]').getAttribute("aria-pressed")).toBe("true");
    expect(await page.locator('input[data-choice="random"]').isChecked()).toBe(true);
    expect(await page.getByRole("radio", { name: "per channel" }).isChecked()).toBe(true);
    const detail = (p: Page, layer: string) => p.locator(`section.act-grid[data-layer="${layer}"] .act-detail`);
    expect(await detail(page, "block_5_expand_relu").getAttribute("data-channel")).toBe("7");
    // The reader moves on: another block (nothing enlarged there yet), a channel, a test pattern; the address follows.
    await page.locator('.act-chip[data-group="block_9"]').click();
    await waitRun(page, "flamingo.jpg", '[data-group="block_9"]');
    await expect.poll(() => addressOf(page).get("channel")).toBeNull();
    await page.locator('section.act-grid[data-layer="block_9_depthwise_relu"] canvas.act-grid-canvas').focus();
    for (const key of ["ArrowRight", "ArrowRight", "ArrowRight", "Enter"]) await page.keyboard.press(key);
    await expect.poll(() => addressOf(page).get("channel")).toBe("block_9_depthwise_relu:2");
    await page.locator('button[data-pattern="vertical stripes"]').click();
    await waitRun(page, "test pattern: vertical stripes", '[data-group="block_9"]');
    await expect.poll(() => addressOf(page).get("photo")).toBe("vertical stripes");
    expect(addressOf(page).get("block")).toBe("block_9");
    const link = await copiedLink(page);
    // The reader's own image cannot go in a link: the page says so beside Copy link, and the link keeps no photo.
    await page.locator(".act-own input[type=file]").setInputFiles({
      name: "mine.png",
      mimeType: "image/png",
      buffer: readFileSync("data/images/coffee.png"),
    });
    await waitRun(page, "mine.png");
    await expect.poll(() => page.locator(".page-address .address-unlinkable").isVisible()).toBe(true);
    expect(await page.locator(".page-address .address-unlinkable").innerText()).toMatch(/cannot carry your own image/);
    expect(addressOf(page).get("photo")).toBeNull();
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
    // The copied link reopens what was on screen when it was copied.
    const again = await openPage(browser(), "/pages/activations", link);
    await waitRun(again.page, "test pattern: vertical stripes", '[data-group="block_9"]');
    expect(await again.page.locator('input[data-choice="random"]').isChecked()).toBe(true);
    expect(await again.page.getByRole("radio", { name: "per channel" }).isChecked()).toBe(true);
    expect(await again.page.locator('.act-chip[data-group="block_9"]').getAttribute("aria-pressed")).toBe("true");
    expect(await detail(again.page, "block_9_depthwise_relu").getAttribute("data-channel")).toBe("2");
    expect(await allProblems(again)).toEqual(NO_PROBLEMS);
    await again.page.close();
  });

  it("Activations explorer: a block or photo the page does not have is named in the notice; the defaults run", async () => {
    const o = await openPage(
      browser(),
      "/pages/activations",
      "?backend=wasm&weights=random&block=block_99&photo=%3Cb%3Ex%3C%2Fb%3E",
    );
    const notice = o.page.locator(".page-address .address-notice");
    await expect
      .poll(() => notice.innerText(), { timeout: 60_000 })
      .toMatch(/block.*block_99.*not one of the choices/s);
    expect(await notice.innerText()).toMatch(/photo.*<b>x<\/b>.*not one of the choices/s);
    expect(await o.page.locator(".page-address .address-notice b").count()).toBe(0);
    await waitRun(o.page, "coffee.png", '[data-group="block_2"]');
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });

  it("Inside the trained network: photo, layers, cell, channel, opacity and class come from the link and go back into it", async () => {
    const q =
      "?backend=wasm&photo=flamingo.jpg&cam-layer=block_16_project&opacity=0.4&cell-layer=block_13_expand_relu&cell=3-4&channel-layer=block_12_add&channel=5";
    const o = await openPage(browser(), "/pages/inside", q);
    const { page } = o;
    const cam = await waitState(page, ".inside-gradcam", '[data-layer="block_16_project"]');
    expect(await page.locator(".inside-where output").textContent()).toBe("40%");
    const field = await waitState(page, "figure.inside-field", '[data-layer="block_13_expand_relu"]');
    expect([field.row, field.col]).toEqual(["3", "4"]);
    await page.waitForSelector('.inside-crops[data-channel="5"]');
    expect(await page.getByRole("textbox", { name: "Channel", exact: true }).inputValue()).toBe("5");
    // Another class: the address follows.
    await page.locator(".inside-classes input:checked").focus();
    await page.keyboard.press("ArrowDown");
    const other = await waitState(page, ".inside-gradcam", `:not([data-class-index="${cam.classIndex}"])`);
    await expect.poll(() => addressOf(page).get("class")).toBe(other.classIndex);
    const link = await copiedLink(page);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
    const again = await openPage(browser(), "/pages/inside", link);
    const cam2 = await waitState(again.page, ".inside-gradcam", '[data-layer="block_16_project"]');
    expect(cam2.classIndex).toBe(other.classIndex);
    const field2 = await waitState(again.page, "figure.inside-field", '[data-layer="block_13_expand_relu"]');
    expect([field2.row, field2.col]).toEqual(["3", "4"]);
    expect(await again.page.locator('button[data-file="flamingo.jpg"]').getAttribute("aria-pressed")).toBe("true");
    expect(await again.page.getByRole("textbox", { name: "Channel", exact: true }).inputValue()).toBe("5");
    expect(await again.page.locator(".inside-where output").textContent()).toBe("40%");
    expect(await allProblems(again)).toEqual(NO_PROBLEMS);
    await again.page.close();
  });

  it("Transfer learning: the training settings come from the link and go back into it; own classes are said not to fit", async () => {
    const o = await openPage(browser(), "/pages/transfer", "?learning-rate-adam=0.01&epochs=3&batch-size=oops");
    const { page } = o;
    const box = (label: string, p = page) => p.getByRole("textbox", { name: label, exact: true });
    await expect.poll(() => box("Epochs").inputValue(), { timeout: 120_000 }).toBe("3");
    expect(await box("Learning rate (Adam)").inputValue()).toBe("0.01");
    expect(await box("Batch size").inputValue()).toBe("16");
    expect(await page.locator(".page-address .address-notice").innerText()).toMatch(/batch-size.*not a number/s);
    await box("Batch size").fill("8");
    await expect.poll(() => addressOf(page).get("batch-size")).toBe("8");
    const link = await copiedLink(page);
    await page.getByRole("button", { name: "Start my own classes" }).click();
    await expect.poll(() => page.locator(".page-address .address-unlinkable").isVisible()).toBe(true);
    expect(await page.locator(".page-address .address-unlinkable").innerText()).toMatch(/own classes/);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
    const again = await openPage(browser(), "/pages/transfer", link);
    await expect.poll(() => box("Batch size", again.page).inputValue(), { timeout: 120_000 }).toBe("8");
    expect(await box("Epochs", again.page).inputValue()).toBe("3");
    expect(await box("Learning rate (Adam)", again.page).inputValue()).toBe("0.01");
    expect(await allProblems(again)).toEqual(NO_PROBLEMS);
    await again.page.close();
  });
});

/** Wait for `selector` to be done (and match `extra`); returns its data-*. */
async function waitState(page: Page, selector: string, extra = ""): Promise<Record<string, string>> {
  await page.waitForSelector(`${selector}[data-state="done"]${extra}`, { timeout: 180_000 });
  return dataOf(page, selector);
}
