/**
 * The published figures of data/reference/ as the site reads them (src/lib/reference.ts), checked against the
 * JSON files themselves and against what the spec computes.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COUNTS, PAPER_TABLE3, PAPER_TABLE4, SLIM_TABLE, table4 } from "../../src/lib/reference.js";
import { SLIM_CHECKPOINTS } from "../../src/lib/slim.js";
import { traceMobileNetV2 } from "../../src/lib/trace.js";

const json = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../data/reference/${name}.json`, import.meta.url), "utf8"));

describe("reference figures", () => {
  it("are the JSON files' contents, each with a source", () => {
    expect(PAPER_TABLE4).toEqual(json("paper-table4"));
    expect(PAPER_TABLE3).toEqual(json("paper-table3"));
    expect(SLIM_TABLE).toEqual(json("slim-checkpoints"));
    expect(COUNTS).toEqual(json("counts"));
    for (const s of [PAPER_TABLE4.source, PAPER_TABLE3.source, SLIM_TABLE.source, COUNTS.torchvision.source])
      expect(s.url).toMatch(/^https:\/\//);
  });
  it("torchvision's count is the sum of its parts and Keras' total adds the BN statistics", () => {
    const tv = COUNTS.torchvision;
    expect(tv.convWeights + tv.batchNormAffine + tv.classifier).toBe(tv.params);
    expect(COUNTS.keras.trainable + COUNTS.keras.nonTrainable).toBe(COUNTS.keras.total);
    expect(COUNTS.keras.trainable).toBe(tv.params);
  });
  it("Table 4's MobileNetV2 row agrees with the computed network (rounded as printed)", () => {
    const t = traceMobileNetV2({ width: 1, resolution: 224, classes: 1000, convention: "reference" }).totals;
    const v2 = table4("MobileNetV2");
    expect(Math.round(t.madds / 1e6 / 100) * 100).toBe(v2.madds);
    // The paper's 3.4M is TF-slim's count (conv kernels + 1001-class classifier, no BatchNorm), truncated.
    const slim = traceMobileNetV2({ width: 1, resolution: 224, classes: 1001, convention: "reference" }).totals;
    expect(Math.floor((slim.convWeights + slim.classifier) / 1e5) / 10).toBe(v2.params);
    expect(PAPER_TABLE4.rows).toHaveLength(6);
  });
  it("Table 3: MobileNetV1's and V2's maxima are their largest rows, and V2's memory is size² × channels × 2 bytes", () => {
    // (ShuffleNet's printed maximum, 600K, is below its own 112² row in the final version: quoted as printed.)
    for (const i of [0, 1])
      expect(Math.max(...PAPER_TABLE3.rows.map((r) => r.memoryKb[i]))).toBe(PAPER_TABLE3.maxKb[i]);
    // 16-bit floats: memory in Kb = size² × channels × 2 bytes / 1000, rounded as printed (V2 column).
    for (const r of PAPER_TABLE3.rows)
      expect(Math.abs((r.size * r.size * r.channels[1] * 2) / 1000 - r.memoryKb[1])).toBeLessThan(1.5);
  });
  it("slim.ts lists the 22 checkpoints of the table", () => {
    expect(SLIM_CHECKPOINTS).toHaveLength(22);
    expect(SLIM_CHECKPOINTS.find((c) => c.width === 1 && c.resolution === 224)).toMatchObject({
      maddsM: 300,
      paramsM: 3.47,
    });
  });
});
