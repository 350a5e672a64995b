import { describe, expect, it } from "vitest";
import { table2 } from "../../src/lib/table2.js";
import { traceMobileNetV2 } from "../../src/lib/trace.js";

describe("Table 2 derived from the trace", () => {
  const cfg = { width: 1, resolution: 224, classes: 1000, convention: "reference" as const };
  const rows = table2(cfg, traceMobileNetV2(cfg));
  it("reproduces the paper's input column (224²×3, 112²×32, 112²×16, 56²×24, 28²×32, 14²×64, 14²×96, 7²×160, 7²×320, 7²×1280)", () => {
    expect(rows.map((r) => r.input)).toEqual([
      [224, 224, 3],
      [112, 112, 32],
      [112, 112, 16],
      [56, 56, 24],
      [28, 28, 32],
      [14, 14, 64],
      [14, 14, 96],
      [7, 7, 160],
      [7, 7, 320],
      [7, 7, 1280],
      [1, 1, 1280],
    ]);
    expect(rows.map((r) => r.c)).toEqual([32, 16, 24, 32, 64, 96, 160, 320, 1280, 1280, 1000]);
    expect(rows.every((r) => r.paperC === null)).toBe(true);
  });
  it("sums to the whole network's parameters and multiply-adds", () => {
    const trace = traceMobileNetV2(cfg);
    expect(rows.reduce((s, r) => s + r.params, 0)).toBe(trace.totals.params);
    expect(rows.reduce((s, r) => s + r.madds, 0)).toBe(trace.totals.madds);
  });
  it("shows the paper's c beside the scaled one at width 0.5, and keeps 1280 for the last conv", () => {
    const half = { ...cfg, width: 0.5 };
    const r = table2(half, traceMobileNetV2(half));
    expect(r[2]).toMatchObject({ c: 16, paperC: 24 }); // make_divisible(12) = 16
    expect(r[8]).toMatchObject({ c: 1280, paperC: null });
    expect(r[0].input).toEqual([224, 224, 3]);
  });
});
