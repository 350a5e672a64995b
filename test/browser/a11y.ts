/**
 * What a reader without a mouse or without sight meets on a page: the charts' names, titles and axis labels,
 * and which control has the keyboard focus.
 */
import type { Page } from "playwright-core";

export interface Graphic {
  tag: "svg" | "canvas";
  /** Accessible name: aria-label, aria-labelledby's text, or the SVG's own <title>. */
  name: string;
  /** aria-describedby's text. */
  description: string;
  /** The chart's visible title: a heading of the figure it sits in, or the SVG's first bold line. */
  title: string;
  /** Text of Plot's axis labels (empty for drawings without axes); a chart faceted by rows labels its fy axis. */
  xLabel: string;
  yLabel: string;
}

/**
 * Every chart on the page: top-level SVGs and canvases in the main column, except those hidden from assistive
 * technology (aria-hidden, e.g. legend swatches) and those nested in another SVG.
 */
export async function graphics(page: Page): Promise<Graphic[]> {
  return page.$$eval("#observablehq-main svg, #observablehq-main canvas", (els) => {
    const textOf = (ids: string | null) =>
      (ids ?? "")
        .split(/\s+/)
        .map((id) => (id ? (document.getElementById(id)?.textContent ?? "") : ""))
        .join(" ")
        .trim();
    const out = [];
    for (const e of els) {
      if (e.parentElement?.closest("svg") || e.closest("[aria-hidden=true]")) continue;
      const name =
        (e.getAttribute("aria-label") ?? "").trim() ||
        textOf(e.getAttribute("aria-labelledby")) ||
        (e.querySelector(":scope > title")?.textContent ?? "").trim();
      let title = "";
      for (let f = e.closest("figure"); f && !title; f = f.parentElement?.closest("figure") ?? null)
        title = (f.querySelector(":scope > h2, :scope > h3")?.textContent ?? "").trim();
      if (!title) title = (e.querySelector(':scope > text[font-weight="600"]')?.textContent ?? "").trim();
      const axis = (which: string) => (e.querySelector(`[data-mark="${which}-axis label"]`)?.textContent ?? "").trim();
      out.push({
        tag: e.tagName.toLowerCase() as "svg" | "canvas",
        name,
        description: textOf(e.getAttribute("aria-describedby")),
        title,
        xLabel: axis("x"),
        yLabel: axis("y") || axis("fy"),
      });
    }
    return out;
  });
}

/** The focused element, as "tag[type] accessible-ish name" (its label, aria-label or text). */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const e = document.activeElement as HTMLInputElement | null;
    if (!e || e === document.body) return "";
    const name = e.getAttribute("aria-label") ?? e.labels?.[0]?.textContent ?? e.textContent ?? "";
    return `${e.tagName.toLowerCase()}${e.type ? `[${e.type}]` : ""} ${name.trim()}`;
  });
}
