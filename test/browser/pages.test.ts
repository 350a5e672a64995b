/**
 * Every page of the site opens in Chromium without errors, foreign requests or broken cells; the charts of the
 * walkthrough and architecture pages are titled, labelled and described; headline cards sit in one row.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { COUNTS, torchvision } from "../references.js";
import { graphics } from "./a11y.js";
import { allProblems, NO_PROBLEMS, type OpenedPage, screenshot, useBrowser, useSettledPage } from "./harness.js";
import { fmt } from "./page-helpers.js";

// The navigation in observablehq.config.ts is the list of pages a reader can reach.
const config = readFileSync("observablehq.config.ts", "utf8");
const paths = [...new Set(["/", ...[...config.matchAll(/path: "([^"]+)"/g)].map((m) => m[1])])];

/**
 * The charts of the walkthrough pages and the architecture page: each has a visible title, a text alternative
 * that a screen reader announces (not just "image"), and Plot charts have both axis labels. The count per page
 * is what the page draws, so a chart that fails to render fails the test too.
 */
const CHARTS: { path: string; count: number; axes: boolean }[] = [
  { path: "/", count: 1, axes: true },
  { path: "/pages/depthwise-separable", count: 2, axes: true },
  { path: "/pages/inverted-residual", count: 2, axes: false }, // two block diagrams, drawn to scale
  { path: "/pages/linear-bottleneck", count: 7, axes: true }, // the input spiral, five reconstructions (n = 2, 3, 5, 15, 30), the error curve
  { path: "/pages/relu6", count: 2, axes: true },
  { path: "/pages/architecture", count: 3, axes: true }, // parameters and multiply-adds per part, and where the live run spent its time
  { path: "/pages/width-resolution", count: 1, axes: true },
];

/** The pages whose headline cards sit in one row at 1280 px and stack on a phone. */
const HEADLINES = ["/", "/pages/architecture", "/pages/width-resolution"];

/** Every live cell has finished (or failed, which the checks catch); the page has a title and no problem. */
async function opensCleanly(o: OpenedPage, path: string): Promise<void> {
  await o.page.waitForLoadState("networkidle");
  expect(await o.page.locator('[data-state="error"]').count()).toBe(0);
  const title = await o.page.locator("h1").first().textContent();
  expect(title?.trim().length).toBeGreaterThan(0);
  await screenshot(o.page, `page${path.replaceAll("/", "_") || "_index"}`);
  expect(await allProblems(o)).toEqual(NO_PROBLEMS);
}

async function chartsAreNamed(o: OpenedPage, { count, axes }: { count: number; axes: boolean }): Promise<void> {
  await expect.poll(() => graphics(o.page).then((g) => g.length), { timeout: 60_000 }).toBe(count);
  for (const g of await graphics(o.page)) {
    expect(g.title, JSON.stringify(g)).not.toBe("");
    // A name that says what the chart shows, not just what kind of chart it is.
    expect(`${g.name} ${g.description}`.trim().length, JSON.stringify(g)).toBeGreaterThan(30);
    if (axes) {
      expect(g.xLabel, JSON.stringify(g)).not.toBe("");
      expect(g.yLabel, JSON.stringify(g)).not.toBe("");
    }
  }
  // Legend swatches are decoration next to their text; they are hidden rather than left unnamed.
  expect(await o.page.locator('#observablehq-main [class$="-swatch"] svg:not([aria-hidden=true])').count()).toBe(0);
  expect(await allProblems(o)).toEqual(NO_PROBLEMS);
}

/** Activations explorer: every image it draws has a name. */
async function explorerImagesAreNamed(o: OpenedPage): Promise<void> {
  await o.page.waitForSelector('#act-run-status[data-state="done"]', { timeout: 120_000 });
  const gs = await graphics(o.page);
  // 4 layers of block 2, each a grid and a legend; 2 preprocessing canvases; the minima and top-5 charts.
  expect(gs.length).toBeGreaterThanOrEqual(12);
  expect(
    gs.filter((g) => g.name.length < 10),
    JSON.stringify(gs),
  ).toEqual([]);
  expect(await allProblems(o)).toEqual(NO_PROBLEMS);
}

const cardTops = (page: Page) =>
  page.locator(".headlines > .card").evaluateAll((cs) => cs.map((c) => Math.round(c.getBoundingClientRect().top)));

/** Three headline cards in one row at 1280 px, stacked on a phone (it leaves the page at phone width). */
async function headlineCards(o: OpenedPage): Promise<void> {
  await expect.poll(() => cardTops(o.page).then((t) => t.length), { timeout: 30_000 }).toBe(3);
  const wide = await cardTops(o.page);
  expect(new Set(wide).size, `card tops ${wide}`).toBe(1);
  // Nothing overflows its card: the big numbers fit.
  const overflow = await o.page
    .locator(".headlines > .card")
    .evaluateAll((cs) => cs.filter((c) => c.scrollWidth > c.clientWidth).length);
  expect(overflow).toBe(0);
  await o.page.setViewportSize({ width: 420, height: 900 });
  await expect.poll(() => cardTops(o.page).then((t) => new Set(t).size)).toBe(3);
  expect(await allProblems(o)).toEqual(NO_PROBLEMS);
}

/** Architecture page, sizes too large to run live: the counts update, the live model explains why it does not run. */
async function architectureTooLarge(o: OpenedPage): Promise<void> {
  const { page } = o;
  await page.locator('.live-model[data-state="done"]').waitFor({ timeout: 120_000 });
  await page.getByRole("textbox", { name: "Classes", exact: true }).fill("100000");
  // Independent: torchvision's 3,504,872 − its 1,281,000 (the 1000-class classifier) + 1280·100,000 + 100,000 biases.
  const params = COUNTS.torchvision.params - COUNTS.torchvision.classifier + 1280 * 100_000 + 100_000;
  await expect.poll(() => page.locator('[data-headline="params"]').innerText()).toBe(params.toLocaleString("en-US"));
  await page.locator('.live-model[data-state="skipped"]').waitFor({ timeout: 30_000 });
  expect(await page.locator('[data-live="skipped"]').innerText()).toMatch(
    new RegExp(
      `^Not run live: it would need ${((params + torchvision().bnStats) / 1e6).toFixed(1)}M weights \\(the limit here is 50\\.0M\\)`,
    ),
  );
  // The per-layer table says the tfjs column was not filled, instead of waiting forever.
  expect(await page.locator("td.live-shape").first().textContent()).toBe("not run");
  // Back to 1000 classes: it runs live again and agrees with the arithmetic.
  await page.getByRole("textbox", { name: "Classes", exact: true }).fill("1000");
  await expect
    .poll(
      () =>
        page
          .locator('[data-live="trainable"]')
          .innerText()
          .catch(() => ""),
      { timeout: 120_000 },
    )
    .toBe(`${fmt(COUNTS.torchvision.params)} ✓ equals the analytic ${fmt(COUNTS.torchvision.params)}`);
  expect(await allProblems(o)).toEqual(NO_PROBLEMS);
}

/**
 * Each page of the navigation is opened once (and left to finish its live work); the checks that concern it run
 * on that one load, in order, those that change the view last.
 */
describe("every page", () => {
  const browser = useBrowser();

  it("lists the pages of the navigation", () => {
    expect(paths.length).toBeGreaterThanOrEqual(8);
  });

  for (const path of paths) {
    describe(path, () => {
      const opened = useSettledPage(browser, path);
      const charts = CHARTS.find((c) => c.path === path);

      it(`${path} opens cleanly`, () => opensCleanly(opened(), path));
      if (charts)
        it(`${path}: ${charts.count} chart(s), each with a title, a text alternative${charts.axes ? " and axis labels" : ""}`, () =>
          chartsAreNamed(opened(), charts));
      if (path === "/pages/activations")
        it("Activations explorer: feature grids, legends, preprocessing steps and charts are named; decorative thumbnails are hidden", () =>
          explorerImagesAreNamed(opened()));
      if (path === "/pages/architecture")
        it("architecture page: 100,000 classes: the counts update, the live model explains why it does not run", () =>
          architectureTooLarge(opened()));
      if (HEADLINES.includes(path))
        it(`${path}: three cards in one row at 1280 px, stacked on a phone`, () => headlineCards(opened()));
    });
  }
});
