/** Seeded random configurations for property tests (shared by the configuration and trace tests). */
import { type SiteConfig, totalStride, validate } from "../../src/lib/config.js";

/** A small seeded generator (the site's mulberry32), so failures reproduce. */
export { mulberry32 as rng } from "../../src/lib/manifold.js";

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
export const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** A random valid configuration (1 to 10 rows). */
export function randomConfig(r: () => number): SiteConfig {
  for (;;) {
    const c = randomCandidate(r);
    if (validate(c).length === 0) return c;
  }
}

function randomCandidate(r: () => number): SiteConfig {
  const rows = Array.from({ length: int(r, 1, 10) }, () => ({
    t: int(r, 1, 12),
    c: int(r, 1, 400),
    n: int(r, 1, 5),
    s: pick(r, [1, 2]),
  }));
  const stride = totalStride(rows);
  return {
    width: pick(r, [0.1, 0.25, 0.35, 0.5, 0.75, 1, 1.3, 1.4, 2, 0.123]),
    resolution: Math.max(stride, int(r, 32, 512)),
    classes: int(r, 1, 5000),
    convention: pick(r, ["reference", "from-scratch"] as const),
    rows,
    stemChannels: int(r, 8, 64),
    lastChannels: int(r, 64, 2048),
    head: pick(r, ["linear", "conv1x1"] as const),
  };
}
