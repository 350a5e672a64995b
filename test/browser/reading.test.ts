/**
 * Reading every page as a reader does, at 200% zoom (a 1280-px window zoomed to 200% is a 640-px CSS viewport at
 * two device pixels per CSS pixel, which is how the page is opened here):
 * - it never scrolls sideways;
 * - one vocabulary: a Table 2 row is a "row", never a "stage";
 * - one number format: a count shown with an SI prefix has a mantissa below 1000 ("22.6T", never "22647.4G");
 * - chart colours: every categorical series colour is one of the site's palette (the --series-* colours of
 *   style.css, resolved by the page) and has at least 3:1 contrast against the chart's background, in the light
 *   and the dark scheme. The contrast is computed here (WCAG 2 relative luminance), not read from the site.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { allProblems, NO_PROBLEMS, openPage, settled, useBrowser } from "./harness.js";

const config = readFileSync("observablehq.config.ts", "utf8");
const paths = [...new Set(["/", ...[...config.matchAll(/path: "([^"]+)"/g)].map((m) => m[1])])];

const ZOOM_200 = { width: 640, height: 400, deviceScaleFactor: 2 };

type RGB = [number, number, number];

/** WCAG 2 contrast ratio of two sRGB colours (0–255). */
function contrast(a: RGB, b: RGB): number {
  const lum = ([r, g, b]: RGB) => {
    const f = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

interface ChartColours {
  chart: string;
  background: RGB;
  colours: RGB[];
}

/**
 * The palette (the page's --series-* colours, resolved) and, for every chart in the content, the distinct
 * chromatic fill and stroke colours of its marks drawn at ≥ 50% opacity, with the chart's background. Axes, grid
 * lines, frames and tooltips are left out, and so are greys (text and axes use the theme's foreground); a chart
 * with more than 12 colours draws a continuous scale (a colour ramp), not categorical series, and is left out.
 */
function chartColours(page: Page): Promise<{ palette: RGB[]; charts: ChartColours[] }> {
  return page.evaluate(() => {
    // Computed colours come as rgb()/rgba() (0–255) or, where the theme mixes colours, color(srgb …) (0–1).
    const parse = (c: string): [number, number, number, number] | null => {
      const m = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)/.exec(c);
      if (m) return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
      const s = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)/.exec(c);
      return s ? [+s[1] * 255, +s[2] * 255, +s[3] * 255, s[4] === undefined ? 1 : +s[4]] : null;
    };
    const probe = document.createElement("div");
    document.body.append(probe);
    const resolve = (css: string) => {
      probe.style.color = css;
      return parse(getComputedStyle(probe).color);
    };
    const names = ["blue", "vermillion", "bluish-green", "reddish-purple", "orange", "ink", "grey"];
    const palette = names.map((n) => resolve(`var(--series-${n})`)?.slice(0, 3) as [number, number, number]);
    probe.remove();
    const background = (e: Element | null): [number, number, number] => {
      for (let n = e; n; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c && c[3] > 0.5) return [c[0], c[1], c[2]];
      }
      throw new Error("no background colour on the chart or any of its ancestors");
    };
    const skip = /axis|tick|grid|frame|tip|legend/;
    const charts = [];
    for (const svg of document.querySelectorAll<SVGSVGElement>("#observablehq-main svg")) {
      if (svg.parentElement?.closest("svg") || svg.closest("[aria-hidden=true]")) continue;
      const seen = new Map<string, [number, number, number]>();
      for (const shape of svg.querySelectorAll("rect, circle, path, line, text, polygon, polyline, ellipse")) {
        const mark = shape.closest("[data-mark]")?.getAttribute("data-mark") ?? "";
        if (skip.test(mark)) continue;
        const style = getComputedStyle(shape);
        let opacity = 1;
        for (let n: Element | null = shape; n && n !== svg; n = n.parentElement)
          opacity *= Number(getComputedStyle(n).opacity);
        for (const [paint, paintOpacity] of [
          [style.fill, style.fillOpacity],
          [style.stroke, style.strokeOpacity],
        ]) {
          const c = parse(paint);
          if (!c || c[3] * Number(paintOpacity) * opacity < 0.5) continue;
          if (Math.max(c[0], c[1], c[2]) - Math.min(c[0], c[1], c[2]) <= 12) continue; // a grey
          seen.set(`${c[0]},${c[1]},${c[2]}`, [c[0], c[1], c[2]]);
        }
      }
      if (seen.size === 0 || seen.size > 12) continue;
      const name = svg.getAttribute("aria-label") ?? svg.closest("figure")?.querySelector("h2, h3")?.textContent ?? "";
      charts.push({ chart: name.slice(0, 80), background: background(svg), colours: [...seen.values()] });
    }
    return { palette, charts };
  });
}

/** Series colours that are not the palette's, or below 3:1 against their chart's background. */
async function colourProblems(page: Page): Promise<string[]> {
  const { palette, charts } = await chartColours(page);
  const inPalette = (c: RGB) => palette.some((p) => p.every((v, i) => Math.abs(v - c[i]) <= 1));
  const problems: string[] = [];
  for (const ch of charts)
    for (const c of ch.colours) {
      const ratio = contrast(c, ch.background);
      if (!inPalette(c)) problems.push(`${ch.chart}: rgb(${c}) is not a palette colour`);
      if (ratio < 3) problems.push(`${ch.chart}: rgb(${c}) is ${ratio.toFixed(2)}:1 against rgb(${ch.background})`);
    }
  return problems;
}

/** The visible text of the page's content. */
const visibleText = (page: Page) => page.locator("#observablehq-main").innerText();

/** "stage"/"stages" as a word: the site calls a Table 2 row a row. */
const STAGE = /\bstages?\b/gi;
/** A number of 1000 or more written with an SI prefix ("22647.4G", "1000.0M"). */
const BIG_MANTISSA = /\b\d{4,}(?:\.\d+)?[KMGT]\b/g;

describe("every page at 200% zoom: layout, words, numbers, colours", () => {
  const browser = useBrowser();

  for (const path of paths) {
    it(`${path}: no sideways scroll at 200% zoom; no "stage"; SI mantissas below 1000; series colours from the palette at ≥ 3:1 in light and dark`, async () => {
      const o = await openPage(browser(), path, "", ZOOM_200);
      const { page } = o;
      await settled(page);
      expect(await page.evaluate(() => window.devicePixelRatio)).toBe(2);
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 10_000 })
        .toBe(ZOOM_200.width);
      const text = await visibleText(page);
      expect(text.match(STAGE) ?? [], "the word stage").toEqual([]);
      expect(text.match(BIG_MANTISSA) ?? [], "SI mantissas of 1000 or more").toEqual([]);
      expect(await colourProblems(page), "light").toEqual([]);
      await page.emulateMedia({ colorScheme: "dark" });
      expect(await colourProblems(page), "dark").toEqual([]);
      expect(await allProblems(o)).toEqual(NO_PROBLEMS);
      await page.close();
    });
  }

  it("the colour check itself: a Tableau10 chart, and a palette colour under 3:1, are both reported", async () => {
    const o = await openPage(browser(), "/pages/relu6");
    await settled(o.page);
    expect(await colourProblems(o.page)).toEqual([]);
    // A chart drawn with d3's Tableau10 (blue, orange, red), and one whose only series is the palette's grey on a
    // background of nearly the same grey.
    await o.page.evaluate(() => {
      const main = document.querySelector("#observablehq-main")!;
      main.insertAdjacentHTML(
        "beforeend",
        `<svg role="img" aria-label="Tableau test"><g data-mark="bar"><rect fill="#4e79a7" width="9" height="9"/><rect fill="#f28e2c" width="9" height="9"/><rect fill="#e15759" width="9" height="9"/></g></svg>` +
          `<div style="background:#8a8a8a"><svg role="img" aria-label="Low contrast test"><g data-mark="line"><path stroke="var(--series-vermillion)" d="M0,0L9,9"/></g></svg></div>`,
      );
    });
    const problems = await colourProblems(o.page);
    expect(problems.filter((p) => p.startsWith("Tableau test") && p.endsWith("is not a palette colour"))).toHaveLength(
      3,
    );
    expect(problems.some((p) => p.startsWith("Low contrast test") && /is 1\.\d\d:1 against/.test(p))).toBe(true);
    await o.page.close();
  });

  it("the largest configuration reads in G, not thousands of M, on the pages that show multiply-adds", async () => {
    for (const path of ["/pages/width-resolution", "/pages/architecture", "/pages/playground"]) {
      const o = await openPage(browser(), path, "?width=2&resolution=1024");
      await settled(o.page);
      // The multiply-adds of this network are tens of billions: the page says so with G.
      await expect.poll(() => visibleText(o.page), { timeout: 30_000 }).toMatch(/\b\d{1,3}\.\d+G\b/);
      expect((await visibleText(o.page)).match(BIG_MANTISSA) ?? [], path).toEqual([]);
      await o.page.close();
    }
  });
});
