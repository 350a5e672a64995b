/**
 * Observable Plot charts as a screen reader and a keyboard user should meet them: the chart's SVG is one image
 * (role="img") named by its text alternative, and the tiny colour swatches of a legend, which carry no information
 * their text labels do not, are hidden. Use `chart(options)` where a page would call Plot.plot, with a `title` and
 * an `ariaLabel` that says what the chart shows (its numbers, not only its kind).
 *
 * Plot labels its marks' groups with aria-label ("dot", "x-axis label"); inside an image those labels are never
 * read and are not allowed on a plain <g>, so they move to data-mark. A chart with tooltips (tip: true) can be
 * focused with Tab; the arrow keys step through its points and show each one's tooltip, which is also announced
 * politely, as a mouse would show it; Escape hides it. A chart asked for more width than the page's text column
 * has (a phone) is drawn at the column's width instead, down to MIN_WIDTH, so its text keeps its size and the
 * whole chart is in view; only below that does it scroll sideways inside its own box.
 */
import * as Plot from "@observablehq/plot";
import { announce } from "./page-a11y.js";

export type ChartOptions = Plot.PlotOptions & { title: string; ariaLabel: string };

/** The narrowest a chart is drawn at to fit a narrow column, in CSS px; narrower columns scroll it. */
const MIN_WIDTH = 300;

/** Plot.plot(options), made accessible (see `accessibleChart`), no wider than the page's text column. */
export function chart(options: ChartOptions): HTMLElement | SVGSVGElement {
  const width = fitWidth(options.width ?? 640);
  return accessibleChart(Plot.plot({ ...options, width }) as HTMLElement | SVGSVGElement, options.ariaLabel);
}

/** `wanted`, or the width of the page's main column when that is narrower (not below MIN_WIDTH). */
export function fitWidth(wanted: number): number {
  const column = columnWidth();
  return column > 0 && column < wanted ? Math.max(MIN_WIDTH, Math.floor(column)) : wanted;
}

/** The main column's width for a chart, in CSS px before presenter mode's zoom; 0 outside a page. */
let column: number | null = null;
let watched = false;

/**
 * Measured once and kept until the column resizes: measuring forces a layout, which cost 17–31 ms per photo
 * change on the Activations page when every chart measured again.
 */
function columnWidth(): number {
  if (column !== null) return column;
  const main = typeof document === "undefined" ? null : document.getElementById("observablehq-main");
  if (!main) return 0;
  const style = getComputedStyle(main);
  // Presenter mode enlarges cell output by --present-zoom (style.css): draw that much narrower to fit the column.
  // Only read in presenter mode: the root's computed style recalculated the whole page's styles (~10 ms).
  const root = document.documentElement;
  const zoom =
    (root.classList.contains("present") &&
      Number.parseFloat(getComputedStyle(root).getPropertyValue("--present-zoom"))) ||
    1;
  const padding = Number.parseFloat(style.paddingLeft) + Number.parseFloat(style.paddingRight);
  column = (main.clientWidth - padding) / zoom;
  if (!watched) {
    watched = true;
    new ResizeObserver(() => {
      column = null;
    }).observe(main);
  }
  return column;
}

// Measured as soon as this module loads, while the page's text is laid out and no cell has drawn yet: the first
// chart then does not force a layout of everything the cells before it added (30+ ms on the Playground).
columnWidth();

/**
 * Give every chart SVG in `node` (node itself included) role="img" and a name, and hide legend swatches from
 * assistive technology. An SVG with no aria-label gets `label`, or the text of the figure's heading. Charts with
 * tooltips get keyboard access (see the module's comment).
 */
export function accessibleChart<T extends Element>(node: T, label?: string): T {
  const svgs = [...(node instanceof SVGSVGElement ? [node] : []), ...node.querySelectorAll("svg")];
  node.classList.add("chart-box");
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
    const hasTip = !!svg.querySelector(':scope > g[aria-label="tip"]');
    markLabels(svg);
    // Plot redraws a tooltip's group on every move, labelled again.
    new MutationObserver(() => markLabels(svg)).observe(svg, { childList: true });
    if (hasTip) keyboardTips(svg);
  }
  return node;
}

function markLabels(svg: SVGSVGElement): void {
  for (const g of svg.querySelectorAll("[aria-label]")) {
    if (g === svg) continue;
    g.setAttribute("data-mark", g.getAttribute("aria-label") ?? "");
    g.removeAttribute("aria-label");
  }
}

/** The points a pointer can visit: centres of dots and bars, vertices of lines, in the SVG's coordinates. */
function tipPoints(svg: SVGSVGElement): { x: number; y: number }[] {
  const pts: { x: number; y: number }[] = [];
  for (const g of svg.querySelectorAll(':scope > g[data-mark="dot"], :scope > g[data-mark="bar"]')) {
    for (const c of g.querySelectorAll("circle, rect, path")) {
      const e = c as SVGGraphicsElement;
      const b = e.getBBox();
      // Symbols are drawn around 0,0 and placed by their transform.
      const m = e.transform.baseVal.consolidate()?.matrix;
      const centre = new DOMPoint(b.x + b.width / 2, b.y + b.height / 2);
      if (b.width || b.height) pts.push(m ? centre.matrixTransform(m) : centre);
    }
  }
  if (!pts.length)
    for (const p of svg.querySelectorAll(':scope > g[data-mark="line"] path')) {
      const d = p.getAttribute("d") ?? "";
      for (const m of d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)) pts.push({ x: +m[1], y: +m[2] });
    }
  const seen = new Set<string>();
  return pts
    .filter((p) => !seen.has(`${p.x.toFixed(1)},${p.y.toFixed(1)}`) && seen.add(`${p.x.toFixed(1)},${p.y.toFixed(1)}`))
    .sort((a, b) => a.x - b.x || a.y - b.y);
}

function keyboardTips(svg: SVGSVGElement): void {
  svg.setAttribute("tabindex", "0");
  const name = svg.getAttribute("aria-label") ?? "";
  svg.setAttribute("aria-label", `${name}${name ? " " : ""}(Use the arrow keys to read the values.)`);
  let at = -1;
  const show = (i: number) => {
    const pts = tipPoints(svg);
    if (!pts.length) return;
    at = (i + pts.length) % pts.length;
    const ctm = svg.getScreenCTM();
    if (!ctm) return;
    const p = new DOMPoint(pts[at].x, pts[at].y).matrixTransform(ctm);
    svg.dispatchEvent(
      new PointerEvent("pointermove", { clientX: p.x, clientY: p.y, pointerType: "pen", bubbles: true }),
    );
    // Plot fills in the tooltip's text after it has measured it, a frame later.
    requestAnimationFrame(() => {
      const tip = svg.querySelector(':scope > g[data-mark="tip"]');
      const text = [...(tip?.querySelectorAll("text") ?? [])].map((t) => t.textContent?.trim()).join(" ");
      if (text) announce(text);
    });
  };
  svg.addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight" || e.key === "ArrowDown") show(at + 1);
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") show(at - 1);
    else if (e.key === "Home") show(0);
    else if (e.key === "End") show(-1);
    else if (e.key === "Escape") svg.dispatchEvent(new PointerEvent("pointerleave", { pointerType: "mouse" }));
    else return;
    e.preventDefault();
  });
  svg.addEventListener("blur", () => svg.dispatchEvent(new PointerEvent("pointerleave", { pointerType: "mouse" })));
}
