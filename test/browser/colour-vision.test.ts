/**
 * Colours as drawn, read back from the pages and checked for colour-blind readers (protanopia and deuteranopia
 * simulated in test/cvd.ts, Machado et al. 2009): the spiral's points get lighter from its centre to its end,
 * the heat legend of the receptive-field overlay gets lighter from 0 up, and the chosen cell on the feature-map
 * canvas is outlined in black and white, which no ramp colour can hide.
 */
import { describe, expect, it } from "vitest";
import { lightness, VISIONS } from "../cvd.js";
import { allProblems, NO_PROBLEMS, openPage, useBrowser } from "./harness.js";

/** The L* of each colour for `vision`: the smallest step from one to the next, and the whole rise. */
function rise(colours: string[], vision: (typeof VISIONS)[number]) {
  const l = colours.map((c) => lightness(c, vision));
  return { step: Math.min(...l.slice(1).map((v, i) => v - l[i])), range: l.at(-1)! - l[0] };
}

describe("colours for colour-blind readers", () => {
  const browser = useBrowser();

  it("the spiral's points, in order from the centre out, get lighter for every vision", async () => {
    const o = await openPage(browser(), "/pages/linear-bottleneck");
    const panel = o.page.locator(".linear-bottleneck-panels [data-n]").first();
    await expect.poll(() => panel.locator("circle").count(), { timeout: 30_000 }).toBe(300);
    // Plot draws the dots in data order, which is the order along the spiral.
    const fills = await panel.locator("circle").evaluateAll((cs) => cs.map((c) => getComputedStyle(c).fill));
    for (const vision of VISIONS) {
      const r = rise(fills, vision);
      // Neighbours may share a colour, and 8-bit rounding moves L* by a few hundredths; never visibly darker.
      expect(r.step, vision).toBeGreaterThan(-0.5);
      expect(r.range, vision).toBeGreaterThan(40);
    }
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });

  it("Inside: the heat legend gets lighter from 0 up, and the chosen cell is outlined in black and white", async () => {
    const o = await openPage(browser(), "/pages/inside", "?backend=wasm");
    const { page } = o;
    await page.waitForSelector('figure.inside-field[data-state="done"]', { timeout: 180_000 });
    const stops = await page
      .locator("figure.inside-field svg stop")
      .evaluateAll((s) => s.map((e) => e.getAttribute("stop-color") ?? ""));
    expect(stops.length).toBeGreaterThan(5);
    for (const vision of VISIONS) {
      const r = rise(stops, vision);
      expect(r.step, vision).toBeGreaterThan(0);
      expect(r.range, vision).toBeGreaterThan(40);
    }
    // The chosen cell (row 7, column 7 of 14): its box on the canvas holds pure black and pure white pixels, colours
    // that the feature-map ramp (dark blue to yellow) never takes.
    const field = page.locator("figure.inside-field");
    const [row, col] = [Number(await field.getAttribute("data-row")), Number(await field.getAttribute("data-col"))];
    const found = await page.locator("canvas.inside-cells").evaluate(
      (c, [r, k]) => {
        const canvas = c as HTMLCanvasElement;
        const cells = 14;
        const side = canvas.width / cells;
        const img = (canvas.getContext("2d") as CanvasRenderingContext2D).getImageData(
          Math.floor(k * side),
          Math.floor(r * side),
          Math.ceil(side),
          Math.ceil(side),
        ).data;
        let black = 0;
        let white = 0;
        for (let p = 0; p < img.length; p += 4) {
          if (img[p] < 20 && img[p + 1] < 20 && img[p + 2] < 20) black++;
          if (img[p] > 235 && img[p + 1] > 235 && img[p + 2] > 235) white++;
        }
        return { black, white };
      },
      [row, col],
    );
    expect(found.black).toBeGreaterThan(20);
    expect(found.white).toBeGreaterThan(20);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });
});
