import { describe, expect, it } from "vitest";
import {
  activationStats,
  channelPlane,
  channelRanges,
  colourDomain,
  robustAbsMax,
  topK,
} from "../../src/lib/activation-stats.js";
import { activationTaps, rowOfBlock } from "../../src/lib/activation-taps.js";
import { mobilenetV2Graph } from "../../src/lib/graph.js";
import { type ArchConfig, blockSpecs } from "../../src/lib/spec.js";

describe("activationStats", () => {
  it("counts zeros, saturation and negatives", () => {
    const s = activationStats([0, 0, 6, 6, 6, 3, -1.5, 2.5]);
    expect(s.count).toBe(8);
    expect(s.min).toBe(-1.5);
    expect(s.max).toBe(6);
    expect(s.mean).toBeCloseTo((0 + 0 + 18 + 3 - 1.5 + 2.5) / 8, 12);
    expect(s.zeros).toBe(2 / 8);
    expect(s.saturated).toBe(3 / 8);
    expect(s.negative).toBe(1 / 8);
  });
  it("agrees with a direct computation on random data", () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed / 2 ** 31) * 10 - 3;
    };
    const data = Float32Array.from({ length: 1000 }, () => Math.min(6, Math.max(0, rnd())));
    const s = activationStats(data);
    const arr = Array.from(data);
    expect(s.zeros).toBe(arr.filter((v) => v === 0).length / 1000);
    expect(s.saturated).toBe(arr.filter((v) => v === 6).length / 1000);
    expect(s.negative).toBe(0);
    expect(s.min).toBe(Math.min(...arr));
    expect(s.max).toBe(Math.max(...arr));
    expect(s.zeros).toBeGreaterThan(0.2);
  });
  it("equals a plain filter-and-sum reference on mixed data (zeros, -0, values at and above the ceiling)", () => {
    let seed = 11;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const picks = [0, -0, 6, 7.5, -2, 6];
    const data = Float32Array.from({ length: 5000 }, () => {
      const u = rnd();
      return u < 0.3 ? picks[Math.floor(rnd() * picks.length)] : (rnd() - 0.3) * 10;
    });
    for (const ceiling of [6, 1, 0, -1]) {
      const s = activationStats(data, ceiling);
      const arr = Array.from(data);
      const n = arr.length;
      // The categories as the page defines them: exact zeros, then negatives, then what reaches the ceiling.
      const zeros = arr.filter((v) => v === 0).length;
      const negative = arr.filter((v) => v !== 0 && v < 0).length;
      const saturated = arr.filter((v) => v !== 0 && !(v < 0) && v >= ceiling).length;
      let sum = 0;
      for (const v of arr) sum += v;
      expect(s).toEqual({
        count: n,
        min: Math.min(...arr),
        max: Math.max(...arr),
        mean: sum / n,
        zeros: zeros / n,
        saturated: saturated / n,
        negative: negative / n,
      });
      expect(zeros).toBeGreaterThan(0);
      expect(arr.filter((v) => v === 6).length).toBeGreaterThan(0);
    }
  });
  it("is NaN for nothing", () => {
    expect(activationStats([]).mean).toBeNaN();
  });
});

describe("channels", () => {
  // [h=2, w=2, c=3], value = 100*c + pixel
  const data = Float32Array.from({ length: 12 }, (_, i) => 100 * (i % 3) + Math.floor(i / 3));
  it("per-channel ranges", () => {
    const r = channelRanges(data, 3);
    expect(Array.from(r.min)).toEqual([0, 100, 200]);
    expect(Array.from(r.max)).toEqual([3, 103, 203]);
  });
  it("per-channel ranges equal a channel-by-channel filter on random data", () => {
    const channels = 5;
    const random = Float32Array.from({ length: 7 * channels }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 - 0.5);
    const r = channelRanges(random, channels);
    for (let c = 0; c < channels; c++) {
      const values = Array.from(random).filter((_, i) => i % channels === c);
      expect(r.min[c]).toBe(Math.fround(Math.min(...values)));
      expect(r.max[c]).toBe(Math.fround(Math.max(...values)));
    }
  });
  it("extracts one plane", () => {
    expect(Array.from(channelPlane(data, 2, 2, 3, 2))).toEqual([200, 201, 202, 203]);
    expect(() => channelPlane(data, 2, 2, 3, 3)).toThrow();
  });
});

describe("colourDomain", () => {
  it("is symmetric for diverging layers", () => {
    expect(colourDomain(-2, 5, true)).toEqual([-5, 5]);
    expect(colourDomain(-7, 5, true)).toEqual([-7, 7]);
    expect(colourDomain(0, 0, true)).toEqual([-1, 1]);
  });
  it("keeps sequential ranges and widens flat ones", () => {
    expect(colourDomain(0, 6, false)).toEqual([0, 6]);
    expect(colourDomain(2, 2, false)).toEqual([2, 3]);
  });
});

describe("topK", () => {
  it("sorts largest first", () => {
    expect(topK([0.1, 0.5, 0.05, 0.3, 0.05], 3)).toEqual([
      { index: 1, value: 0.5 },
      { index: 3, value: 0.3 },
      { index: 0, value: 0.1 },
    ]);
  });
});

describe("activationTaps", () => {
  for (const batchNorm of [false, true]) {
    it(`finds stem, 17 blocks and head in MobileNetV2 (batchNorm ${batchNorm})`, () => {
      const cfg: ArchConfig = { width: 1, resolution: 224, classes: 1000, convention: "reference", batchNorm };
      const names = mobilenetV2Graph(cfg).nodes.map((n) => n.name);
      const groups = activationTaps(names);
      const specs = blockSpecs(cfg);
      expect(groups.length).toBe(specs.length + 2);
      expect(groups.map((g) => g.id)).toEqual(["stem", ...specs.map((b) => b.prefix), "head"]);
      for (const [i, b] of specs.entries()) {
        const g = groups[i + 1];
        expect(g.part).toEqual({ kind: "row", row: b.row });
        expect(g.taps.some((t) => t.kind === "expansion")).toBe(b.hasExpansion);
        expect(g.taps.some((t) => t.kind === "add")).toBe(b.residual);
        const proj = g.taps.find((t) => t.kind === "projection")!;
        expect(proj.relu6).toBe(false);
        expect(proj.layer).toBe(batchNorm ? `${b.prefix}_project_BN` : `${b.prefix}_project`);
      }
      for (const g of groups) for (const t of g.taps) expect(names).toContain(t.layer);
      expect(groups.flatMap((g) => g.taps).filter((t) => t.kind === "add").length).toBe(10);
    });
  }
  it("the row of each block follows Table 2's n", () => {
    expect([0, 1, 2, 3, 6, 7, 10, 13, 16].map((i) => rowOfBlock(i))).toEqual([1, 2, 2, 3, 4, 4, 5, 6, 7]);
  });
});

describe("robustAbsMax", () => {
  it("ignores a few extreme values", () => {
    const data = Float32Array.from({ length: 1000 }, (_, i) => (i % 2 ? 1 : -1) * (i / 1000));
    data[0] = -500;
    data[1] = 800;
    const m = robustAbsMax(data, 0.99);
    expect(m).toBeGreaterThan(0.97);
    expect(m).toBeLessThan(1);
    expect(robustAbsMax([], 0.99)).toBe(0);
    expect(robustAbsMax([-3, 2], 1)).toBe(3);
  });

  it("is the sorted sample's value at ⌊q·(n−1)⌋, on random data with ties and on strided samples", () => {
    let s = 11;
    const rand = () => {
      s = (s * 16807) % 2147483647;
      return (s - 1) / 2147483646;
    };
    for (const [n, maxSamples] of [
      [1, 10],
      [2, 10],
      [999, 200_000],
      [5000, 200_000],
      [5000, 700],
    ]) {
      // Rounded to a coarse grid so that many values tie.
      const data = Float32Array.from({ length: n }, () => Math.round((rand() * 2 - 1) * 50) / 10);
      const step = Math.max(1, Math.floor(n / maxSamples));
      const sorted = Array.from(data)
        .filter((_, i) => i % step === 0)
        .map(Math.abs)
        .sort((a, b) => a - b);
      for (const q of [0, 0.5, 0.9, 0.995, 1])
        expect(robustAbsMax(data, q, maxSamples)).toBe(sorted[Math.floor(q * (sorted.length - 1))]);
    }
  });
});

describe("fitLabels", () => {
  it("drops a leading background class and rejects a wrong count", async () => {
    const { fitLabels } = await import("../../src/components/model-loader.js");
    const names = Array.from({ length: 1000 }, (_, i) => `c${i}`);
    expect(fitLabels(names, 1000)).toEqual(names);
    expect(fitLabels(["background", ...names], 1000)).toEqual(names);
    expect(fitLabels(["background", ...names], 1001)?.[0]).toBe("background");
    expect(fitLabels(names.slice(1), 1000)).toBeNull();
    expect(fitLabels({ not: "an array" }, 1000)).toBeNull();
  });
});
