import { describe, expect, it } from "vitest";
import { asPublished, diffTraces, reconcileCounts } from "../../src/lib/reconcile.js";
import { COUNTS, SEED001 } from "../references.js";

describe("reconciling the published parameter counts", () => {
  const r = reconcileCounts();
  it("reproduces every published figure from its convention", () => {
    for (const row of r.rows) expect(row.matches, `${row.source}: ${row.computed}`).toBe(true);
    // TF-slim's 3.4M / 3.47M (3,472,041), torchvision's, Keras', the tutorial's, the pretrained file's (BN folded).
    expect(r.rows.map((x) => x.computed)).toEqual([
      3_472_041,
      3_472_041,
      COUNTS.torchvision.params,
      COUNTS.keras.total,
      SEED001.totalParams,
      3_487_816,
    ]);
  });
  it("rounds as the sources do", () => {
    expect(asPublished(3_472_041, 1)).toBe("3.4M");
    expect(asPublished(3_472_041, 2)).toBe("3.47M");
    expect(asPublished(3_504_872, "exact")).toBe("3,504,872");
  });
  it("explains from-scratch's +1,088: an extra 32→32 expansion conv (1,024) and its BatchNorm (64)", () => {
    const d = diffTraces(r.reference, r.fromScratch);
    expect(d).toEqual([
      { name: "expanded_conv_expand", base: 0, other: 32 * 32 },
      { name: "expanded_conv_expand_BN", base: 0, other: 2 * 32 },
    ]);
    expect(r.rows[4].delta).toBe(1_088);
  });
  it("explains TF-slim's count: no BatchNorm γ/β, one more class (1,280 weights + 1 bias)", () => {
    expect(r.rows[1].delta).toBe(-r.reference.totals.bnAffine + 1281);
  });
});
