/**
 * The Playground's Keras summary against Keras itself: test/fixtures/keras-summary.json is what
 * keras.applications.MobileNetV2(alpha, input_shape, weights=None, classes) lists (scripts/keras_summary.py).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { kerasModelName } from "../../src/lib/build.js";
import { defaultConfig } from "../../src/lib/config.js";
import { mobilenetV2Graph } from "../../src/lib/graph.js";
import { kerasSummary } from "../../src/lib/model-text.js";
import { traceMobileNetV2 } from "../../src/lib/trace.js";

interface KerasLayer {
  name: string;
  class: string;
  shape: number[];
  params: number;
}
interface KerasConfig {
  width: number;
  resolution: number;
  classes: number;
  name: string;
  layers: KerasLayer[];
  total: number;
  trainable: number;
  nonTrainable: number;
  totalsText: string[];
}
const fixture: { configs: KerasConfig[] } = JSON.parse(
  readFileSync(new URL("../fixtures/keras-summary.json", import.meta.url), "utf8"),
);

/** The layer rows of a summary text: " name (Class)   (None, h, w, c)   params   [inputs]". */
function layerRows(text: string): KerasLayer[] {
  const rows: KerasLayer[] = [];
  for (const line of text.split("\n")) {
    const m = /^ (\S+) \((\w+)\)\s+\[?\(None, ([\d, ]+)\)\]?\s+(\d+)\s+\[/.exec(line);
    if (m) rows.push({ name: m[1], class: m[2], shape: m[3].split(", ").map(Number), params: Number(m[4]) });
  }
  return rows;
}

describe("Keras summary() against keras.applications.MobileNetV2", () => {
  expect(fixture.configs.length).toBeGreaterThanOrEqual(4);
  for (const k of fixture.configs) {
    it(`α ${k.width} at ${k.resolution}×${k.resolution}, ${k.classes} classes: every layer row and the totals`, () => {
      const cfg = { ...defaultConfig(), width: k.width, resolution: k.resolution, classes: k.classes };
      const trace = traceMobileNetV2(cfg);
      const name = kerasModelName(cfg);
      expect(name).toBe(k.name);
      const text = kerasSummary(name, mobilenetV2Graph(cfg), trace);
      expect(text.split("\n")[0]).toBe(`Model: "${k.name}"`);
      expect(layerRows(text)).toEqual(k.layers);
      for (const line of k.totalsText) expect(text.split("\n")).toContain(line);
      expect(trace.totals.params + trace.totals.bnStats).toBe(k.total);
      expect(trace.totals.params).toBe(k.trainable);
      expect(trace.totals.bnStats).toBe(k.nonTrainable);
    });
  }
});
