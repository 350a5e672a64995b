/**
 * The paper's Figure 1 experiment as plain arithmetic (no tfjs, no DOM): a 2-D spiral is embedded into n
 * dimensions by a random Gaussian matrix T (n×2), passed through an activation, and brought back to 2-D with
 * the pseudo-inverse T⁺ = (TᵀT)⁻¹Tᵀ. How much of the spiral survives says how much information the
 * activation destroyed in n dimensions.
 */

export type Point = [number, number];
export type Activation = "relu" | "relu6" | "none";

/** A 2-D spiral of `count` points: radius grows linearly from 5% to 100% of `radius` over `turns` turns. */
export function spiral(count = 300, turns = 2.5, radius = 1): { points: Point[]; along: number[] } {
  const points: Point[] = [];
  const along: number[] = [];
  for (let i = 0; i < count; i++) {
    const u = count === 1 ? 0 : i / (count - 1);
    const r = radius * (0.05 + 0.95 * u);
    const a = 2 * Math.PI * turns * u;
    points.push([r * Math.cos(a), r * Math.sin(a)]);
    along.push(u);
  }
  return { points, along };
}

/** A small seeded PRNG (mulberry32): uniform numbers in [0, 1), the same sequence for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal numbers from a uniform source (Box–Muller). */
export function gaussian(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** `count` seeded samples of Student's t with 3 degrees of freedom (heavy-tailed): z / sqrt(χ²₃ / 3). */
export function studentT3(count: number, seed: number): Float64Array {
  const g = gaussian(mulberry32(seed));
  return Float64Array.from({ length: count }, () => {
    const z = g();
    const chi = (g() ** 2 + g() ** 2 + g() ** 2) / 3;
    return z / Math.sqrt(chi);
  });
}

/** A random n×2 matrix T (rows are [T_i1, T_i2]) with independent N(0, 1) entries, seeded. */
export function randomMatrix(n: number, seed: number): Point[] {
  const g = gaussian(mulberry32(seed));
  return Array.from({ length: n }, () => [g(), g()] as Point);
}

/**
 * Pseudo-inverse of an n×2 matrix T of full column rank: T⁺ = (TᵀT)⁻¹Tᵀ, returned as its two rows (each of
 * length n). TᵀT is 2×2, inverted in closed form.
 */
export function pseudoInverse(T: readonly Point[]): [number[], number[]] {
  let a = 0;
  let b = 0;
  let d = 0;
  for (const [p, q] of T) {
    a += p * p;
    b += p * q;
    d += q * q;
  }
  const det = a * d - b * b;
  if (!(Math.abs(det) > 1e-12 * Math.max(1, a * d))) throw new Error("T has rank < 2: no pseudo-inverse");
  // (TᵀT)⁻¹ = [[d, -b], [-b, a]] / det
  const r0 = T.map(([p, q]) => (d * p - b * q) / det);
  const r1 = T.map(([p, q]) => (-b * p + a * q) / det);
  return [r0, r1];
}

function activate(v: number, act: Activation): number {
  if (act === "none") return v;
  if (act === "relu") return Math.max(v, 0);
  return v > 0 ? Math.min(v, 6) : 0;
}

/** x̂ = T⁺ act(T x) for every point. */
export function reconstruct(points: readonly Point[], T: readonly Point[], act: Activation): Point[] {
  const [r0, r1] = pseudoInverse(T);
  const n = T.length;
  return points.map(([x, y]) => {
    let u = 0;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const h = activate(T[i][0] * x + T[i][1] * y, act);
      u += r0[i] * h;
      v += r1[i] * h;
    }
    return [u, v] as Point;
  });
}

/** Mean squared distance (1/N) Σ ‖x̂ᵢ − xᵢ‖². */
export function meanSquaredDistance(xs: readonly Point[], ys: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (ys[i][0] - xs[i][0]) ** 2 + (ys[i][1] - xs[i][1]) ** 2;
  return s / xs.length;
}

/**
 * The error the page plots: the mean squared distance after the best single scale factor s (ReLU keeps
 * about half of the signal, so for large n the pseudo-inverse returns about x/2: the shape survives, the
 * size does not), relative to the spiral's mean squared norm:
 *   E = min_s Σ‖s·x̂ᵢ − xᵢ‖² / Σ‖xᵢ‖² = 1 − (Σ x̂ᵢ·xᵢ)² / (Σ‖x̂ᵢ‖² Σ‖xᵢ‖²).
 * 0 = the spiral is recovered exactly (up to scale); 1 = nothing of it is recovered.
 */
export function scaledError(xs: readonly Point[], ys: readonly Point[]): { error: number; scale: number } {
  let xy = 0;
  let yy = 0;
  let xx = 0;
  for (let i = 0; i < xs.length; i++) {
    xy += xs[i][0] * ys[i][0] + xs[i][1] * ys[i][1];
    yy += ys[i][0] ** 2 + ys[i][1] ** 2;
    xx += xs[i][0] ** 2 + xs[i][1] ** 2;
  }
  if (yy === 0) return { error: 1, scale: 0 };
  const scale = xy / yy;
  return { error: Math.max(0, 1 - (xy * xy) / (yy * xx)), scale };
}

export interface ErrorCurvePoint {
  n: number;
  /** Mean of the scaled error over the seeds. */
  mean: number;
  min: number;
  max: number;
}

/** Scaled error for every n in [nMin, nMax], averaged over `seeds` (seed s uses randomMatrix(n, s)). */
export function errorCurve(
  points: readonly Point[],
  act: Activation,
  seeds: readonly number[],
  nMin = 2,
  nMax = 30,
): ErrorCurvePoint[] {
  const out: ErrorCurvePoint[] = [];
  for (let n = nMin; n <= nMax; n++) {
    const errs = seeds.map((s) => scaledError(points, reconstruct(points, randomMatrix(n, s), act)).error);
    out.push({
      n,
      mean: errs.reduce((a, b) => a + b, 0) / errs.length,
      min: Math.min(...errs),
      max: Math.max(...errs),
    });
  }
  return out;
}

export interface Reconstruction {
  /** The spiral after T, the activation and T⁺. */
  back: Point[];
  /** Mean squared distance to the input. */
  msd: number;
  /** Scale-corrected error (scaledError) and its best scale factor. */
  error: number;
  scale: number;
}

/** The spiral embedded in n dimensions with randomMatrix(n, seed), activated and brought back, with its errors. */
export function reconstruction(points: readonly Point[], n: number, seed: number, act: Activation): Reconstruction {
  const back = reconstruct(points, randomMatrix(n, seed), act);
  return { back, msd: meanSquaredDistance(points, back), ...scaledError(points, back) };
}
