import { describe, expect, it } from "vitest";
import {
  compareConvs,
  divisors,
  groupedConvCost,
  groupsError,
  groupsKind,
  separableConvCost,
  separableRatio,
  standardConvCost,
  validGroups,
} from "../../src/lib/conv-cost.js";

describe("conv-cost", () => {
  const s = { height: 56, width: 56, cin: 32, cout: 64, k: 3 };

  it("counts a standard 3×3 conv 32→64 at 56×56", () => {
    const c = standardConvCost(s);
    expect(c.params).toBe(3 * 3 * 32 * 64); // 18,432
    expect(c.params).toBe(18432);
    expect(c.madds).toBe(56 * 56 * 18432); // 57,802,752
    expect(c.outShape).toEqual([56, 56, 64]);
  });

  it("counts depthwise + pointwise", () => {
    const c = separableConvCost(s);
    expect(c.depthwise.params).toBe(288);
    expect(c.pointwise.params).toBe(2048);
    expect(c.total.params).toBe(2336);
    expect(c.depthwise.madds).toBe(56 * 56 * 288);
    expect(c.pointwise.madds).toBe(56 * 56 * 2048);
    expect(c.total.madds).toBe(56 * 56 * 2336);
    expect(c.depthwise.outShape).toEqual([56, 56, 32]);
    expect(c.total.outShape).toEqual([56, 56, 64]);
  });

  it("saving equals 1 / (1/cout + 1/k²)", () => {
    const c = compareConvs(s);
    expect(c.saving).toBeCloseTo(18432 / 2336, 12);
    expect(c.saving).toBeCloseTo(7.89, 3);
    expect(c.ratio).toBeCloseTo(1 / 64 + 1 / 9, 12);
    expect(1 / c.ratio).toBeCloseTo(c.saving, 12);
    // the paper: "8 to 9 times less computation" for 3×3 and realistic widths
    for (const cout of [128, 256, 512, 1024]) {
      const r = compareConvs({ ...s, cin: cout, cout });
      expect(r.saving).toBeGreaterThan(8);
      expect(r.saving).toBeLessThan(9);
    }
    expect(separableRatio(1, 1)).toBe(2);
  });

  it("handles stride with same padding", () => {
    const c = standardConvCost({ ...s, height: 7, width: 5, stride: 2 });
    expect(c.outShape).toEqual([4, 3, 64]);
    expect(c.madds).toBe(4 * 3 * 18432);
  });

  it("grouped conv divides cost by the number of groups", () => {
    expect(groupedConvCost(s, 1).params).toBe(18432);
    expect(groupedConvCost(s, 4).params).toBe(18432 / 4);
    expect(groupedConvCost(s, 32).params).toBe(3 * 3 * 1 * 2 * 32); // depthwise, multiplier 2
    const dw = groupedConvCost({ ...s, cout: 32 }, 32);
    expect(dw.params).toBe(separableConvCost({ ...s, cout: 32 }).depthwise.params);
    expect(() => groupedConvCost(s, 3)).toThrow(/does not divide/);
  });

  it("lists divisors and valid groups", () => {
    expect(divisors(1)).toEqual([1]);
    expect(divisors(36)).toEqual([1, 2, 3, 4, 6, 9, 12, 18, 36]);
    expect(divisors(13)).toEqual([1, 13]);
    expect(validGroups(32, 64)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(validGroups(24, 36)).toEqual([1, 2, 3, 4, 6, 12]);
  });

  it("explains bad group counts", () => {
    expect(groupsError(32, 64, 4)).toBeNull();
    expect(groupsError(32, 64, 3)).toMatch(/does not divide the input channels \(32\) and output channels \(64\)/);
    expect(groupsError(32, 40, 16)).toMatch(/output channels \(40\)/);
    expect(groupsError(32, 40, 16)).toMatch(/Valid here: 1, 2, 4, 8\.$/);
    expect(groupsError(24, 48, 16)).toMatch(/input channels \(24\)/);
    expect(groupsError(32, 64, 0)).toMatch(/at least 1/);
    expect(groupsError(32, 64, 1.5)).toMatch(/whole number/);
  });

  it("names the kind of convolution", () => {
    expect(groupsKind(32, 64, 1)).toMatch(/^standard/);
    expect(groupsKind(32, 32, 32)).toMatch(/^depthwise convolution:/);
    expect(groupsKind(32, 64, 32)).toMatch(/multiplier 2/);
    expect(groupsKind(32, 64, 8)).toMatch(/ResNeXt\): 8 independent groups, each mapping 4 → 8/);
  });
});
