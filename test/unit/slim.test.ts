import { describe, expect, it } from "vitest";
import { SLIM_CHECKPOINTS, SLIM_CLASSES } from "../../src/lib/slim.js";
import { traceMobileNetV2 } from "../../src/lib/trace.js";

describe("TF-slim checkpoints", () => {
  it("has the 22 width × resolution checkpoints", () => {
    expect(SLIM_CHECKPOINTS.length).toBe(22);
    expect(new Set(SLIM_CHECKPOINTS.map((c) => `${c.width}/${c.resolution}`)).size).toBe(22);
  });
  it("the trace's multiply-adds (1001 classes, reference) match slim's after truncation", () => {
    for (const c of SLIM_CHECKPOINTS) {
      const t = traceMobileNetV2({
        width: c.width,
        resolution: c.resolution,
        classes: SLIM_CLASSES,
        convention: "reference",
      });
      expect(Math.floor(t.totals.madds / 1e6), `${c.width}/${c.resolution}`).toBe(c.maddsM);
      // slim's params: no BatchNorm, rounded to 0.01M.
      expect(Math.round((t.totals.params - t.totals.bnAffine) / 1e4) / 100).toBeCloseTo(c.paramsM, 2);
    }
  });
});
