import { describe, expect, it } from "vitest";
import { validate } from "../../src/lib/config.js";
import { compareToPaper, fileStem, layerCsv, layerRows, PRESETS, partCosts } from "../../src/lib/playground.js";
import { traceMobileNetV2 } from "../../src/lib/trace.js";
import { COUNTS, SEED001, TABLE2 } from "../references.js";

describe("Playground arithmetic", () => {
  it("every preset is a valid configuration; the tutorial's has 3,505,960 parameters", () => {
    for (const p of PRESETS) expect(validate(p.config), p.id).toEqual([]);
    const tutorial = PRESETS.find((p) => p.id === "tutorial")!;
    expect(traceMobileNetV2(tutorial.config).totals.params).toBe(SEED001.totalParams);
    expect(traceMobileNetV2(PRESETS[0].config).totals.params).toBe(COUNTS.torchvision.params);
  });
  it("the per-layer rows, their CSV and the costs by part add up to the trace", () => {
    const cfg = PRESETS.find((p) => p.id === "small")!.config;
    const trace = traceMobileNetV2(cfg);
    const rows = layerRows(cfg, trace);
    expect(rows).toHaveLength(trace.layers.length);
    const csv = layerCsv(rows).trimEnd().split("\n");
    expect(csv).toHaveLength(rows.length + 1);
    expect(csv[1]).toBe('Conv1,stem,stem,"conv 3×3, 3→16, stride 2",48x48x16,432,0,995328,36864,3,2');
    const parts = partCosts(rows);
    expect(parts.map((p) => p.part)).toEqual(["stem", ...[1, 2, 3, 4, 5, 6, 7].map((r) => `row ${r}`), "head"]);
    expect(parts.reduce((s, p) => s + p.params, 0)).toBe(trace.totals.params);
    expect(parts.reduce((s, p) => s + p.madds, 0)).toBe(trace.totals.madds);
    expect(parts.map((p) => p.blocks)).toEqual([1, ...TABLE2.map((r) => r.n), 1]); // stem, Table 2's n, head
  });
  it("compares with the paper's network and names files by width and resolution", () => {
    const c = compareToPaper(traceMobileNetV2(PRESETS[2].config));
    expect(c.dParams).toBe(c.params - COUNTS.torchvision.params);
    expect(c.rParams).toBeCloseTo(c.dParams / COUNTS.torchvision.params, 12);
    expect(fileStem(PRESETS[1].config)).toBe("mobilenetv2_0.35_96");
    expect(fileStem(PRESETS[4].config)).toBe("mobilenetv2_1.00_224_7-custom-rows");
  });
});
