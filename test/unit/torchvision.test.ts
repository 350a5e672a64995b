import { describe, expect, it } from "vitest";
import { traceMobileNetV2 } from "../../src/lib/trace.js";
import { TORCHVISION as fixture, TABLE2 } from "../references.js";

// Counted by torchvision itself (scripts/torchvision_fixtures.py, run where PyTorch is installed).
describe("the paper's Table 2 = torchvision's default rows", () => {
  it("the seven bottleneck rows (t, c, n, s) as printed are the ones torchvision builds", () =>
    expect(TABLE2.map(({ t, c, n, s }) => [t, c, n, s])).toEqual(fixture.rows));
});

describe("reference convention = torchvision's mobilenet_v2 for every width and resolution", () => {
  it(`covers ${fixture.configs.length} configurations`, () =>
    expect(fixture.configs.length).toBeGreaterThanOrEqual(30));
  for (const c of fixture.configs) {
    it(`width ${c.width}, ${c.resolution}px, ${c.classes} classes: ${c.params} params, ${c.madds} multiply-adds`, () => {
      const t = traceMobileNetV2({
        width: c.width,
        resolution: c.resolution,
        classes: c.classes,
        convention: "reference",
      });
      expect(t.totals.params).toBe(c.params);
      expect(t.totals.bnStats).toBe(c.bnStats);
      expect(t.totals.madds).toBe(c.madds);
      expect([1, ...t.output]).toEqual(c.output);
    });
  }
});
