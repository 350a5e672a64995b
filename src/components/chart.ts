/**
 * Observable Plot charts as a screen reader should meet them: the chart's SVG is one image (role="img") named
 * by its text alternative, and the tiny colour swatches of a legend, which carry no information their text
 * labels do not, are hidden. Use `chart(options)` where a page would call Plot.plot, with a `title` and an
 * `ariaLabel` that says what the chart shows (its numbers, not only its kind).
 */
import * as Plot from "@observablehq/plot";

export type ChartOptions = Plot.PlotOptions & { title: string; ariaLabel: string };

/** Plot.plot(options), made accessible (see `accessibleChart`). */
export function chart(options: ChartOptions): HTMLElement | SVGSVGElement {
  return accessibleChart(Plot.plot(options) as HTMLElement | SVGSVGElement, options.ariaLabel);
}

/**
 * Give every chart SVG in `node` (node itself included) role="img" and a name, and hide legend swatches from
 * assistive technology. An SVG with no aria-label gets `label`, or the text of the figure's heading.
 */
export function accessibleChart<T extends Element>(node: T, label?: string): T {
  const svgs = [...(node instanceof SVGSVGElement ? [node] : []), ...node.querySelectorAll("svg")];
  for (const svg of svgs) {
    if (svg.parentElement?.closest("svg")) continue; // nested SVGs belong to their chart
    if (svg.closest('[class$="-swatch"], [class*="-swatch "]')) {
      svg.setAttribute("aria-hidden", "true");
      continue;
    }
    svg.setAttribute("role", "img");
    if (!svg.getAttribute("aria-label")) {
      const heading = svg.closest("figure")?.querySelector("h2, h3")?.textContent?.trim();
      const name = label ?? heading;
      if (name) svg.setAttribute("aria-label", name);
    }
  }
  return node;
}
