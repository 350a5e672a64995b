import { describe, expect, it } from "vitest";
import { histogram } from "../../src/lib/stats.js";

describe("histogram", () => {
  it("counts the values in (lo, hi] into equal bins, each value once", () => {
    // Bins of width 1 over (0, 4]: 0 and -1 are outside, 4 belongs to the last bin, 5 is outside.
    const xs = new Float32Array([-1, 0, 0.5, 1, 1.5, 2.25, 3.999, 4, 5, Number.NaN]);
    const { bins, counted } = histogram(xs, 0, 4, 4);
    expect(bins.map((b) => [b.x0, b.x1])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    // By hand: 0.5 → [0,1); 1, 1.5 → [1,2); 2.25 → [2,3); 3.999, 4 → [3,4].
    expect(bins.map((b) => b.count)).toEqual([1, 2, 1, 2]);
    expect(counted).toBe(6);
  });

  it("agrees with counting each bin by its own filter on random values", () => {
    let s = 7;
    const rand = () => {
      s = (s * 16807) % 2147483647;
      return (s - 1) / 2147483646;
    };
    const xs = Float64Array.from({ length: 5000 }, () => rand() * 10 - 3);
    const { bins, counted } = histogram(xs, 0, 6, 24);
    const w = 6 / 24;
    bins.forEach((b, i) => {
      const inBin = Array.from(xs).filter(
        (v) => v > 0 && v <= 6 && (i === 23 ? v >= i * w : v >= i * w && v < (i + 1) * w),
      );
      expect(b.count).toBe(inBin.length);
    });
    expect(counted).toBe(Array.from(xs).filter((v) => v > 0 && v <= 6).length);
  });
});
