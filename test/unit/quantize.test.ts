import { describe, expect, it } from "vitest";
import {
  compareReluQuantization,
  fakeQuantize,
  maxOf,
  quantError,
  quantile,
  relu,
  relu6,
  reluRanges,
  stepSize,
  withOutliers,
} from "../../src/lib/quantize.js";

describe("quantize", () => {
  it("step = range / (2^bits − 1): 6/255 for ReLU6 at 8 bits", () => {
    expect(stepSize({ lo: 0, hi: 6, bits: 8 })).toBeCloseTo(6 / 255, 15);
    expect(stepSize({ lo: 0, hi: 6, bits: 8 })).toBeCloseTo(0.0235294, 6);
    expect(stepSize({ lo: 0, hi: 30, bits: 4 })).toBe(2);
    expect(stepSize({ lo: -1, hi: 1, bits: 2 })).toBeCloseTo(2 / 3, 15);
  });

  it("error ≤ step/2 inside the range; clipped outside", () => {
    for (const bits of [2, 4, 8]) {
      const r = { lo: 0, hi: 6, bits };
      const step = stepSize(r);
      for (let x = 0; x <= 6; x += 0.0137)
        expect(Math.abs(fakeQuantize(x, r) - x)).toBeLessThanOrEqual(step / 2 + 1e-12);
    }
    expect(fakeQuantize(9, { lo: 0, hi: 6, bits: 8 })).toBe(6);
    expect(fakeQuantize(-1, { lo: 0, hi: 6, bits: 8 })).toBe(0);
    // The grid points themselves are exact.
    expect(fakeQuantize(3 * (6 / 255), { lo: 0, hi: 6, bits: 8 })).toBeCloseTo(3 * (6 / 255), 12);
  });

  it("uniform values: RMSE ≈ step/√12", () => {
    const xs = Float64Array.from({ length: 100000 }, (_, i) => (6 * (i + 0.5)) / 100000);
    const e = quantError(xs, { lo: 0, hi: 6, bits: 8 });
    expect(e.rmse).toBeCloseTo(6 / 255 / Math.sqrt(12), 4);
    expect(e.maxError).toBeLessThanOrEqual(6 / 255 / 2 + 1e-12);
    expect(e.clipped).toBe(0);
    expect(e.count).toBe(100000);
  });

  it("a wide ReLU range makes typical values coarser than ReLU6's [0, 6]", () => {
    const xs = withOutliers(
      Float64Array.from({ length: 10000 }, (_, i) => Math.sin(i) * 2),
      0.001,
      40,
    );
    const r = relu(xs);
    const r6 = relu6(xs);
    expect(maxOf(r)).toBeGreaterThan(30);
    expect(maxOf(r6)).toBeLessThanOrEqual(6);
    const typical = (x: number) => x <= 2;
    const eRelu = quantError(r, { lo: 0, hi: maxOf(r), bits: 8 }, typical);
    const eRelu6 = quantError(r6, { lo: 0, hi: 6, bits: 8 }, typical);
    expect(eRelu.step / eRelu6.step).toBeCloseTo(maxOf(r) / 6, 9);
    expect(eRelu.rmse).toBeGreaterThan(3 * eRelu6.rmse);
  });

  it("helpers", () => {
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(2.5);
    expect(quantile([3, 1, 2, 4], 1)).toBe(4);
    expect(Array.from(relu6([-1, 3, 7]))).toEqual([0, 3, 6]);
    expect(Array.from(withOutliers([1, 1, 1, 1], 0.5, 10))).toEqual([1, 10, 1, 10]);
  });
});

describe("quantile by selection", () => {
  it("equals linear interpolation in a sorted copy, with ties, at every q", () => {
    let s = 3;
    const rand = () => {
      s = (s * 16807) % 2147483647;
      return (s - 1) / 2147483646;
    };
    for (const n of [1, 2, 7, 1000, 4099]) {
      const xs = Float32Array.from({ length: n }, () => Math.round((rand() * 2 - 1) * 40) / 8);
      const sorted = Array.from(xs).sort((a, b) => a - b);
      for (const q of [0, 0.01, 0.5, 0.99, 0.999, 1]) {
        const p = (n - 1) * q;
        const i = Math.floor(p);
        const want = i + 1 < n ? sorted[i] + (sorted[i + 1] - sorted[i]) * (p - i) : sorted[i];
        expect(quantile(xs, q)).toBeCloseTo(want, 12);
      }
    }
  });
});

describe("ReLU against ReLU6 in one pass", () => {
  // The reference: each activation built, then quantError and quantile over it, as the definitions read.
  const reference = (x: Float64Array, bits: number) => {
    const r = relu(x);
    const hi = maxOf(r);
    const top = Math.min(quantile(r, 0.99), 6);
    const typical = (v: number) => v > 0 && v <= top;
    return {
      hiRelu: hi,
      typicalTop: top,
      relu: quantError(r, { lo: 0, hi, bits }, typical),
      relu6: quantError(relu6(x), { lo: 0, hi: 6, bits }, typical),
      clippedBy6: x.filter((v) => v > 6).length,
    };
  };
  it("gives exactly the errors of building ReLU(x) and ReLU6(x), at every bit width, with and without outliers", () => {
    let s = 7;
    const rand = () => {
      s = (s * 16807) % 2147483647;
      return (s - 1) / 2147483646;
    };
    const base = Float64Array.from({ length: 20011 }, () => (rand() - 0.6) * 5);
    for (const scale of [1, 3, 40]) {
      const x = withOutliers(base, 0.001, scale);
      const ranges = reluRanges(x);
      for (const bits of [2, 4, 7, 8]) expect(compareReluQuantization(x, bits, ranges)).toEqual(reference(x, bits));
    }
  });
  it("when the typical values reach 6 (ReLU6's cap counts as typical, ReLU's larger values do not)", () => {
    const x = Float64Array.from({ length: 500 }, (_, i) => (i % 5 === 0 ? 0 : 5 + (i % 13)));
    const ranges = reluRanges(x);
    expect(ranges.typicalTop).toBe(6);
    expect(compareReluQuantization(x, 8, ranges)).toEqual(reference(x, 8));
  });
  it("the quantile skips ReLU's zeros exactly, whichever side of the zeros it falls", () => {
    for (const negatives of [0, 5, 98, 99, 100, 200])
      expect(
        reluRanges(Float64Array.from({ length: 200 }, (_, i) => (i < negatives ? -1 - i : i / 7))).typicalTop,
      ).toBe(
        reference(
          Float64Array.from({ length: 200 }, (_, i) => (i < negatives ? -1 - i : i / 7)),
          8,
        ).typicalTop,
      );
  });
});
