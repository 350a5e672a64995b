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
 */
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
