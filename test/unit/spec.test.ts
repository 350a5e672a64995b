import { describe, expect, it } from "vitest";
import {
  blockNumber,
  blockSpecs,
  lastConvChannels,
  makeDivisible,
  PAPER_ROWS,
  residualReason,
  scaleChannels,
  validateConfig,
} from "../../src/lib/spec.js";

describe("makeDivisible (torchvision's _make_divisible)", () => {
  it("rounds to the nearest multiple of 8 and never below 90% of the value", () => {
    expect(makeDivisible(32)).toBe(32);
    expect(makeDivisible(16 * 0.35)).toBe(8); // 5.6 → minimum 8
    expect(makeDivisible(24 * 0.75)).toBe(24); // 18 → 16 is < 90% of 18, so 24
    expect(makeDivisible(32 * 0.35)).toBe(16); // 11.2 → 8 < 10.08, so 16
    expect(makeDivisible(96 * 1.4)).toBe(136); // 134.4 → 136
    expect(makeDivisible(1280 * 1.4)).toBe(1792);
  });
});

describe("blockSpecs", () => {
  it("has 17 blocks whose strides, channels and shortcuts follow Table 2", () => {
    const blocks = blockSpecs({ width: 1, resolution: 224, classes: 1000, convention: "reference" });
    expect(blocks).toHaveLength(PAPER_ROWS.reduce((s, r) => s + r.n, 0));
    expect(blocks).toHaveLength(17);
    expect(blocks.map((b) => b.stride)).toEqual([1, 2, 1, 2, 1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1]);
    expect(blocks.filter((b) => b.residual).map((b) => b.index)).toEqual([2, 4, 5, 7, 8, 9, 11, 12, 14, 15]);
    expect(blocks[0].hasExpansion).toBe(false);
    expect(blocks[1]).toMatchObject({ prefix: "block_1", cin: 16, expanded: 96, cout: 24 });
  });
  it("keeps the expansion conv in the t = 1 block under the from-scratch convention", () => {
    const blocks = blockSpecs({ width: 1, resolution: 224, classes: 1000, convention: "from-scratch" });
    expect(blocks[0]).toMatchObject({ hasExpansion: true, cin: 32, expanded: 32, cout: 16 });
  });
  it("scales channels differently per convention", () => {
    expect(scaleChannels(24, 0.75, "reference")).toBe(24);
    expect(scaleChannels(24, 0.75, "from-scratch")).toBe(18);
    expect(lastConvChannels(0.5, "reference")).toBe(1280);
    expect(lastConvChannels(0.5, "from-scratch")).toBe(640);
    expect(lastConvChannels(1.4, "reference")).toBe(1792);
  });
  it("explains the shortcut rule", () => {
    expect(residualReason(1, 24, 24)).toMatch(/^shortcut/);
    expect(residualReason(2, 24, 24)).toMatch(/stride 2/);
    expect(residualReason(1, 24, 32)).toMatch(/24→32/);
  });
});

describe("validateConfig", () => {
  const ok = { width: 1, resolution: 224, classes: 1000, convention: "reference" as const };
  it("accepts the paper's configuration", () => expect(validateConfig(ok)).toEqual([]));
  it("rejects zero, negative, non-numbers and absurd sizes with sentences", () => {
    expect(validateConfig({ ...ok, width: 0 })[0]).toMatch(/Width multiplier must be between/);
    expect(validateConfig({ ...ok, width: Number.NaN })[0]).toMatch(/must be a number/);
    expect(validateConfig({ ...ok, resolution: -3 })[0]).toMatch(/Input resolution/);
    expect(validateConfig({ ...ok, resolution: 100000 })[0]).toMatch(/between 32 and 1024/);
    expect(validateConfig({ ...ok, resolution: 224.5 })[0]).toMatch(/whole number/);
    expect(validateConfig({ ...ok, rows: [{ t: 6, c: 24, n: 2, s: 3 }] })[0]).toMatch(/s must be 1 or 2/);
  });
});

describe("block numbers in words", () => {
  it("count from 0 in network order, as the Keras prefixes do", () => {
    const cfg = { width: 1, resolution: 224, classes: 1000, convention: "reference" as const };
    const prefixes = blockSpecs(cfg).map((b) => b.prefix);
    expect(prefixes.map(blockNumber)).toEqual(Array.from({ length: 17 }, (_, i) => String(i)));
    expect(blockNumber("stem")).toBe("stem");
    expect(blockNumber("head")).toBe("head");
  });
});
