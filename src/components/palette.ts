/**
 * The site's series colours: the Okabe–Ito set (Masataka Okabe and Kei Ito, "Color Universal Design: how to
 * make figures and presentations that are friendly to colorblind people", 2002/2008). Its eight colours stay
 * distinguishable under every common colour-vision deficiency, so a series never depends on red–green alone.
 * Components use these names wherever they mean a series colour, instead of typing hex literals.
 *   orange #e69f00 · sky blue #56b4e9 · bluish green #009e73 · yellow #f0e442 · blue #0072b2 ·
 *   vermillion #d55e00 · reddish purple #cc79a7 · black #000000
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
