import { describe, expect, it } from "vitest";
import { traceMobileNetV2 } from "../../src/lib/trace.js";
import { TORCHVISION_RANDOM_ROWS as fixture } from "../references.js";

// Counted by torchvision itself on random row tables (scripts/torchvision_fixtures.py).

describe("any row table = torchvision's mobilenet_v2(inverted_residual_setting=…)", () => {
  it("covers 1-row and 10-row tables", () => {
    const counts = fixture.configs.map((c: { rows: unknown[] }) => c.rows.length);
    expect(counts).toContain(1);
    expect(counts).toContain(10);
  });
  for (const c of fixture.configs) {
    it(`${c.rows.length} rows, width ${c.width}, ${c.resolution}px, ${c.classes} classes: ${c.params} params, ${c.madds} multiply-adds`, () => {
      const t = traceMobileNetV2({
        width: c.width,
        resolution: c.resolution,
        classes: c.classes,
        convention: "reference",
        rows: c.rows.map(([t, ch, n, s]: number[]) => ({ t, c: ch, n, s })),
      });
      expect(t.totals.params).toBe(c.params);
      expect(t.totals.bnStats).toBe(c.bnStats);
      expect(t.totals.madds).toBe(c.madds);
      expect([1, ...t.output]).toEqual(c.output);
    });
  }
});
