import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildInvertedResidual,
  buildMobileNetV2,
  buildResnetBottleneck,
  countWeights,
  layerShapes,
} from "../../src/lib/build.js";
import { invertedResidualGraph, resnetBottleneckGraph } from "../../src/lib/graph.js";
import { type ArchConfig, type BottleneckRow, type Convention, validateConfig } from "../../src/lib/spec.js";
import { traceGraph, traceMobileNetV2 } from "../../src/lib/trace.js";
import { COUNTS, SEED001 } from "../references.js";
import { rng } from "./random-config.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function expectAgreement(cfg: ArchConfig) {
  const model = buildMobileNetV2(tf, cfg);
  const trace = traceMobileNetV2(cfg);
  const counts = countWeights(model);
  expect(counts.trainable, JSON.stringify(cfg)).toBe(trace.totals.params);
  expect(counts.nonTrainable).toBe(trace.totals.bnStats);
  expect(counts.total).toBe(trace.totals.params + trace.totals.bnStats);
  const shapes = layerShapes(model);
  for (const l of trace.layers) expect(shapes.get(l.name), `${l.name} in ${JSON.stringify(cfg)}`).toEqual(l.outShape);
  expect(shapes.size).toBe(trace.layers.length + 1); // + the input layer
  model.dispose();
}

describe("tfjs model = analytic trace", () => {
  it("reference 1.0 @224: 3,504,872 trainable, 34,112 BN statistics, same shapes", () => {
    const model = buildMobileNetV2(tf, { width: 1, resolution: 224, classes: 1000, convention: "reference" });
    // Keras' published counts (data/reference/counts.json).
    const { trainable, nonTrainable, total } = COUNTS.keras;
    expect(countWeights(model)).toEqual({ trainable, nonTrainable, total });
    expect(model.outputs[0].shape).toEqual([null, 1000]);
    expect(model.getLayer("block_16_project").outputShape).toEqual([null, 7, 7, 320]);
    model.dispose();
    expectAgreement({ width: 1, resolution: 224, classes: 1000, convention: "reference" });
  });
  it("from-scratch 1.0 @224: 3,505,960 trainable", () => {
    const model = buildMobileNetV2(tf, { width: 1, resolution: 224, classes: 1000, convention: "from-scratch" });
    expect(countWeights(model).trainable).toBe(SEED001.totalParams);
    model.dispose();
  });
  it("agrees for 30 random configurations (width, resolution, t/c/n/s, convention, folded BN)", () => {
    const rand = rng(20180113);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    let checked = 0;
    for (let i = 0; i < 30; i++) {
      const rows: BottleneckRow[] = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => ({
        t: pick([1, 2, 3, 4, 6]),
        c: 1 + Math.floor(rand() * 96),
        n: 1 + Math.floor(rand() * 3),
        s: pick([1, 2]),
      }));
      const cfg: ArchConfig = {
        width: pick([0.35, 0.5, 0.75, 1, 1.3, 1.4]),
        resolution: pick([32, 57, 96, 128, 160, 193]),
        classes: pick([10, 1000, 1001]),
        convention: pick<Convention>(["reference", "from-scratch"]),
        rows,
        batchNorm: rand() < 0.7,
      };
      if (validateConfig(cfg).length > 0) {
        // e.g. int(3 × 0.35) = 0 channels: the product refuses it, and so does tfjs.
        expect(() => buildMobileNetV2(tf, cfg)).toThrow();
        continue;
      }
      expectAgreement(cfg);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
  it("agrees for a single inverted residual and a ResNet bottleneck, and runs a forward pass", () => {
    for (const o of [
      { cin: 16, cout: 24, t: 6, stride: 2, size: 112 },
      { cin: 24, cout: 24, t: 6, stride: 1, size: 56 },
      { cin: 32, cout: 16, t: 1, stride: 1, size: 20 },
    ]) {
      const g = invertedResidualGraph(o);
      const tr = traceGraph(g);
      const m = buildInvertedResidual(tf, o);
      expect(countWeights(m).trainable).toBe(tr.totals.params);
      expect(m.layers.some((l) => l.name.endsWith("_add"))).toBe(o.stride === 1 && o.cin === o.cout);
      const y = tf.tidy(() => m.predict(tf.randomNormal([1, o.size, o.size, o.cin])) as tf.Tensor);
      expect(y.shape.slice(1)).toEqual(tr.output);
      y.dispose();
      m.dispose();
    }
    const r = { cin: 256, mid: 64, cout: 256, stride: 1, size: 14 };
    const rm = buildResnetBottleneck(tf, r);
    const rt = traceGraph(resnetBottleneckGraph(r));
    expect(countWeights(rm).trainable).toBe(rt.totals.params);
    // 1x1 256→64, 3x3 64→64, 1x1 64→256, plus BN γ/β for 64+64+256
    expect(rt.totals.params).toBe(256 * 64 + 9 * 64 * 64 + 64 * 256 + 2 * (64 + 64 + 256));
    rm.dispose();
  });
});
