import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { traceMobileNetV2 } from "../../src/lib/trace.js";

// Counted by torchvision itself (scripts/torchvision_counts.py, run where PyTorch is installed).
const fixture = JSON.parse(readFileSync(new URL("../fixtures/torchvision-counts.json", import.meta.url), "utf8"));

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
