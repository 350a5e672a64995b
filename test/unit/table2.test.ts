import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/lib/config.js";
import { PAPER_ROWS, partName } from "../../src/lib/spec.js";
import { table2 } from "../../src/lib/table2.js";
import { traceMobileNetV2 } from "../../src/lib/trace.js";
import { TABLE2_PRINTED } from "../references.js";
import { randomConfig, rng } from "./random-config.js";

describe("Table 2 derived from the trace", () => {
  const cfg = { width: 1, resolution: 224, classes: 1000, convention: "reference" as const };
  const rows = table2(cfg, traceMobileNetV2(cfg));
  it("reproduces the paper's input and c columns (224²×3, 112²×32, …, 7²×1280, 1×1×1280; c = 32, 16, …, k)", () => {
    // As printed in data/reference/paper-table2.json: "56²×24" is 56×56×24.
    const shape = (s: string) => {
      const [, h, w, c] = s.match(/^(\d+)(?:²|×(\d+))×(\d+)$/)!;
      return [Number(h), Number(w ?? h), Number(c)];
    };
    expect(rows.map((r) => r.input)).toEqual(TABLE2_PRINTED.map((r) => shape(r.input)));
    expect(rows.map((r) => r.input)[3]).toEqual([56, 56, 24]);
    // The paper prints no c for the pool (it keeps the 1280 channels) and k, the classes (1000 here), last.
    expect(rows.map((r) => r.c)).toEqual(TABLE2_PRINTED.map((r) => (r.c === "k" ? 1000 : (r.c ?? 1280))));
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

describe("Table 2 and the per-part groups for any number of rows", () => {
  // Random row tables (1 to 10 rows, both conventions, both heads) must add up to the trace's totals: the
  // head is never folded into the last row, whatever the number of rows.
  const r = rng(2);
  const configs = [
    { ...defaultConfig(), rows: [{ t: 6, c: 24, n: 2, s: 2 }] },
    { ...defaultConfig(), rows: [...PAPER_ROWS, { t: 6, c: 480, n: 1, s: 1 }] },
    {
      ...defaultConfig(),
      rows: Array.from({ length: 10 }, (_, i) => ({
        t: 1 + (i % 6),
        c: 16 * (i + 1),
        n: 1 + (i % 3),
        s: i % 3 ? 1 : 2,
      })),
    },
    ...Array.from({ length: 200 }, () => randomConfig(r)),
  ];
  it("includes 1-row and 10-row tables", () => {
    expect(configs.some((c) => c.rows.length === 1)).toBe(true);
    expect(configs.some((c) => c.rows.length === 10)).toBe(true);
  });
  it("Table 2's totals equal the trace's totals, row by row", () => {
    for (const cfg of configs) {
      const trace = traceMobileNetV2(cfg);
      const t2 = table2(cfg, trace);
      expect(t2).toHaveLength(cfg.rows.length + 4);
      expect(t2.reduce((s, row) => s + row.params, 0)).toBe(trace.totals.params);
      expect(t2.reduce((s, row) => s + row.madds, 0)).toBe(trace.totals.madds);
      // Each bottleneck row covers exactly its n blocks, and the head is its own part.
      for (const [i, row] of cfg.rows.entries()) expect(t2[i + 1].groups).toHaveLength(row.n);
      const parts = trace.groups.map((g) => (g.part ? partName(g.part) : "?"));
      expect(parts[0]).toBe("stem");
      expect(parts.at(-1)).toBe("head");
      expect(new Set(parts).size).toBe(cfg.rows.length + 2);
    }
  });
  it("an eighth row keeps the head apart: its last conv and classifier rows cost what the formulas say", () => {
    const cfg = configs[1]; // the paper's rows + (t 6, c 480, n 1, s 1)
    const t2 = table2(cfg, traceMobileNetV2(cfg));
    const eighth = t2[8];
    // 320 → 1920 expansion, 3×3 depthwise, 1920 → 480 projection, each with BatchNorm's γ and β.
    expect(eighth.params).toBe(320 * 1920 + 2 * 1920 + 9 * 1920 + 2 * 1920 + 1920 * 480 + 2 * 480);
    expect(t2[9]).toMatchObject({ operator: "conv2d 1×1", input: [7, 7, 480], params: 480 * 1280 + 2 * 1280 });
    expect(t2[11].params).toBe(1280 * 1000 + 1000);
  });
});
