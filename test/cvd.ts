/**
 * Colour-vision simulation for the palette tests, written here from the published method, never from src/:
 * Machado, Oliveira and Fernandes, "A Physiologically-based Model for Simulation of Color Vision Deficiency",
 * IEEE TVCG 2009, matrices for severity 1.0 (protanopia, deuteranopia), applied to linear sRGB; lightness is
 * CIELAB L* of the simulated colour's luminance.
 */
const MATRICES = {
  normal: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
} as const;
export type Vision = keyof typeof MATRICES;
export const VISIONS = Object.keys(MATRICES) as Vision[];

/** "#rrggbb" or "rgb(r, g, b)" → [r, g, b] in 0…255. */
function parseColour(text: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text.trim());
  if (hex) return [1, 2, 3].map((i) => Number.parseInt(hex[i], 16)) as [number, number, number];
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(text.trim());
  if (rgb) return [1, 2, 3].map((i) => Number(rgb[i])) as [number, number, number];
  throw new Error(`not a colour: ${text}`);
}

const toLinear = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};

/** The colour as a reader with `vision` sees it, in linear RGB (0…1). */
function simulate(rgb: [number, number, number], vision: Vision): [number, number, number] {
  const m = MATRICES[vision];
  const v = rgb.map(toLinear);
  return [0, 1, 2].map((r) =>
    Math.min(1, Math.max(0, m[r * 3] * v[0] + m[r * 3 + 1] * v[1] + m[r * 3 + 2] * v[2])),
  ) as [number, number, number];
}

const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);

/** CIELAB (D65) of a linear RGB colour. */
function lab([r, g, b]: [number, number, number]): [number, number, number] {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** Lightness L* (0 black … 100 white) of a colour as `vision` sees it. */
export function lightness(colour: string, vision: Vision): number {
  return lab(simulate(parseColour(colour), vision))[0];
}

/** Colour difference ΔE*ab between two colours as `vision` sees them. */
export function deltaE(a: string, b: string, vision: Vision): number {
  const [p, q] = [lab(simulate(parseColour(a), vision)), lab(simulate(parseColour(b), vision))];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}
