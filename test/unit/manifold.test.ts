import { describe, expect, it } from "vitest";
import {
  errorCurve,
  meanSquaredDistance,
  mulberry32,
  pseudoInverse,
  randomMatrix,
  reconstruct,
  scaledError,
  spiral,
} from "../../src/lib/manifold.js";

describe("manifold (Figure 1 arithmetic)", () => {
  const { points } = spiral(200);

  it("the PRNG is seeded and uniform in [0, 1)", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 5000 }, () => a());
    expect(Array.from({ length: 5000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  it("random matrices are Gaussian, seeded, and differ between seeds", () => {
    const T = randomMatrix(5000, 3);
    const v = T.flat();
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const varc = v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(varc).toBeGreaterThan(0.9);
    expect(varc).toBeLessThan(1.1);
    expect(randomMatrix(4, 3)).toEqual(randomMatrix(4, 3));
    expect(randomMatrix(4, 3)).not.toEqual(randomMatrix(4, 4));
  });

  it("the pseudo-inverse satisfies T⁺T = I", () => {
    for (const n of [2, 3, 7, 30]) {
      const T = randomMatrix(n, 11 + n);
      const [r0, r1] = pseudoInverse(T);
      const m = [
        [0, 0],
        [0, 0],
      ];
      for (let i = 0; i < n; i++)
        for (let j = 0; j < 2; j++) {
          m[0][j] += r0[i] * T[i][j];
          m[1][j] += r1[i] * T[i][j];
        }
      expect(m[0][0]).toBeCloseTo(1, 9);
      expect(m[1][1]).toBeCloseTo(1, 9);
      expect(Math.abs(m[0][1])).toBeLessThan(1e-9);
      expect(Math.abs(m[1][0])).toBeLessThan(1e-9);
    }
  });

  it("rejects a rank-deficient T", () => {
    expect(() =>
      pseudoInverse([
        [1, 2],
        [2, 4],
      ]),
    ).toThrow(/rank/);
  });

  it("with no activation the reconstruction is exact to 1e-9", () => {
    for (const n of [2, 5, 30]) {
      const back = reconstruct(points, randomMatrix(n, 5), "none");
      expect(meanSquaredDistance(points, back)).toBeLessThan(1e-18);
      for (let i = 0; i < points.length; i++) {
        expect(Math.abs(back[i][0] - points[i][0])).toBeLessThan(1e-9);
        expect(Math.abs(back[i][1] - points[i][1])).toBeLessThan(1e-9);
      }
      expect(scaledError(points, back).error).toBeLessThan(1e-9);
    }
  });

  it("scaled error: 0 for a rescaled copy, 1 when nothing is recovered", () => {
    const half = points.map(([x, y]) => [x / 2, y / 2] as [number, number]);
    const e = scaledError(points, half);
    expect(e.error).toBeLessThan(1e-12);
    expect(e.scale).toBeCloseTo(2, 12);
    expect(
      scaledError(
        points,
        points.map(() => [0, 0] as [number, number]),
      ).error,
    ).toBe(1);
    // Independent: 1 − cos² of the angle between the stacked vectors.
    const noisy = points.map(([x, y], i) => [x + 0.1 * Math.sin(i), y] as [number, number]);
    let xy = 0;
    let xx = 0;
    let yy = 0;
    points.forEach(([a, b], i) => {
      xy += a * noisy[i][0] + b * noisy[i][1];
      xx += a * a + b * b;
      yy += noisy[i][0] ** 2 + noisy[i][1] ** 2;
    });
    let best = Infinity;
    for (let s = 0.5; s <= 1.5; s += 1e-4)
      best = Math.min(
        best,
        points.reduce((acc, [a, b], i) => acc + (s * noisy[i][0] - a) ** 2 + (s * noisy[i][1] - b) ** 2, 0) / xx,
      );
    expect(scaledError(points, noisy).error).toBeCloseTo(best, 6);
    expect(scaledError(points, noisy).error).toBeCloseTo(1 - (xy * xy) / (xx * yy), 12);
  });

  it("with ReLU, n = 2 loses far more of the spiral than n = 30 (averaged over seeds)", () => {
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
    const curve = errorCurve(points, "relu", seeds);
    expect(curve.map((c) => c.n)).toEqual(Array.from({ length: 29 }, (_, i) => i + 2));
    const at = (n: number) => curve.find((c) => c.n === n)!.mean;
    expect(at(2)).toBeGreaterThan(4 * at(30));
    expect(at(2)).toBeGreaterThan(0.05);
    expect(at(3)).toBeGreaterThan(at(15));
    // ReLU6 on a spiral of radius ≤ 1 rarely reaches 6, so it behaves like ReLU; none is exact.
    expect(errorCurve(points, "none", seeds.slice(0, 3)).every((c) => c.mean < 1e-9)).toBe(true);
    expect(errorCurve(points, "relu6", seeds.slice(0, 3))).toEqual(errorCurve(points, "relu", seeds.slice(0, 3)));
    // A spiral of radius 20 drives T·x far past 6: ReLU6 clips and loses more than ReLU (scale-free).
    const big = spiral(200, 2.5, 20).points;
    const e6 = errorCurve(big, "relu6", seeds.slice(0, 5), 30, 30)[0].mean;
    const e = errorCurve(big, "relu", seeds.slice(0, 5), 30, 30)[0].mean;
    expect(e).toBeCloseTo(errorCurve(points, "relu", seeds.slice(0, 5), 30, 30)[0].mean, 9);
    expect(e6).toBeGreaterThan(1.3 * e);
  });
});
