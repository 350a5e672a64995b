/**
 * The site's colours for data series, built on the Okabe–Ito set (Masataka Okabe and Kei Ito, "Color Universal
 * Design: how to make figures and presentations that are friendly to colorblind people", 2002/2008), whose
 * colours stay apart under deuteranopia and protanopia, so a series never depends on red–green alone.
 *
 * Rules (DEVELOPERS.md, "Colours"): a chart colours categorical series with `SERIES` (or `seriesRange(n)`), never
 * with a d3/Plot categorical scheme (Tableau10, Category10, Observable10) or typed hex. Each name is a CSS
 * custom property defined in style.css for the light and the dark scheme, so the chart follows the reader's
 * scheme and every series keeps at least 3:1 contrast against the page background in both:
 *   blue #0072b2 · vermillion #d55e00 · bluish green #009e73 · reddish purple #cc79a7 · grey #7f7f7f, in both;
 *   orange: #e69f00 in dark mode, darkened to #8c510a on white (Okabe–Ito's orange is 2.2:1 there);
 *   ink: black on white, the theme's light grey #dfdfd6 in dark mode (black would be 1.2:1 there).
 * Okabe–Ito's sky blue and yellow are below 3:1 on white; they are kept in OKABE_ITO for marks drawn over a
 * photo (not over the page background).
 *
 * Continuous values use the ramps of `RAMPS` (below), chosen so that lightness alone keeps their order: each
 * sequential ramp gets steadily lighter from 0 to 1, and stays so under deuteranopia and protanopia (checked with
 * the Machado, Oliveira and Fernandes 2009 simulation, severity 1, by test/unit/palette.test.ts and in the browser
 * by test/browser/colour-vision.test.ts). Rainbow ramps such as turbo or jet are not used: their lightness rises
 * and falls again, so two far-apart values look alike in grey or to a colour-blind reader. A mark drawn over a
 * ramp (a chosen cell) is a black and white double line (`strokeOnRamp`), which no ramp colour can hide.
 */
import * as d3 from "d3";

export const OKABE_ITO = {
  orange: "#e69f00",
  skyBlue: "#56b4e9",
  bluishGreen: "#009e73",
  yellow: "#f0e442",
  blue: "#0072b2",
  vermillion: "#d55e00",
  reddishPurple: "#cc79a7",
  black: "#000000",
} as const;

/** Series colours as CSS custom properties (style.css gives their light and dark values). */
export const SERIES = {
  blue: "var(--series-blue)",
  vermillion: "var(--series-vermillion)",
  bluishGreen: "var(--series-bluish-green)",
  reddishPurple: "var(--series-reddish-purple)",
  orange: "var(--series-orange)",
  ink: "var(--series-ink)",
  grey: "var(--series-grey)",
} as const;

/** The order in which a chart with n categorical series takes its colours (at most 6; grey is for "other"). */
const ORDER = [SERIES.blue, SERIES.vermillion, SERIES.bluishGreen, SERIES.reddishPurple, SERIES.orange, SERIES.ink];

/** Colours for n categorical series, in the palette's order. Throws past 6: more series need another channel. */
export function seriesRange(n: number): string[] {
  if (n > ORDER.length) throw new Error(`${n} series: the palette has ${ORDER.length} colours`);
  return ORDER.slice(0, n);
}

/**
 * Colour ramps for continuous values (t from 0 to 1). The sequential ones are perceptually uniform (viridis and
 * inferno: Smith and van der Walt, matplotlib, 2015), lighter as t grows, also for colour-blind readers.
 */
export const RAMPS = {
  /** Values from 0 up drawn as tiles (ReLU6 outputs, a feature map's channel mean): viridis, dark blue → yellow. */
  sequential: d3.interpolateViridis,
  /** Non-negative maps laid over a photo (Grad-CAM, SmoothGrad, effective receptive field): inferno, black → yellow. */
  heat: d3.interpolateInferno,
  /**
   * Signed values centred on 0 (outputs without ReLU6): purple for negative, white at 0, orange for positive
   * (ColorBrewer PuOr): lightness falls from the centre to both ends, and the ends differ in the blue–yellow hue
   * that deuteranopes and protanopes keep.
   */
  diverging: (t: number) => d3.interpolatePuOr(1 - t),
  /**
   * A position along a curve drawn as dots on the page (the spiral's points, from its centre out): viridis
   * without its darkest tenth and lightest 15%, so that neither end fades into a light or a dark background.
   */
  order: (t: number) => d3.interpolateViridis(0.1 + 0.75 * t),
} as const;

/** Outline a box over a ramp-coloured canvas: a black line with a white line inside it, each `line` px wide. */
export function strokeOnRamp(g: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, line = 2): void {
  g.lineWidth = line;
  g.strokeStyle = OKABE_ITO.black;
  g.strokeRect(x + line / 2, y + line / 2, w - line, h - line);
  g.strokeStyle = "#ffffff";
  g.strokeRect(x + line * 1.5, y + line * 1.5, w - 3 * line, h - 3 * line);
}
