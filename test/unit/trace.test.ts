import { describe, expect, it } from "vitest";
import { traceMobileNetV2 } from "../../src/lib/trace.js";
// The published counts (data/reference/counts.json, the same file the pages cite) and the seed tutorial's.
import { COUNTS, SEED001 as fixture, torchvision } from "../references.js";

const tv = COUNTS.torchvision;

const reference = { width: 1, resolution: 224, classes: 1000, convention: "reference" as const };
const fromScratch = { ...reference, convention: "from-scratch" as const };

describe("reference convention (torchvision / Keras), width 1.0, 224", () => {
  const t = traceMobileNetV2(reference);
  it("has torchvision's 3,504,872 trainable parameters and Keras' 3,538,984 in all", () => {
    expect(t.totals.params).toBe(tv.params);
    expect(t.totals.bnStats).toBe(COUNTS.keras.nonTrainable);
    expect(t.totals.params + t.totals.bnStats).toBe(COUNTS.keras.total);
  });
  it("splits them as torchvision does: conv weights, BN γ/β, classifier", () => {
    expect(t.totals.convWeights).toBe(tv.convWeights);
    expect(t.totals.bnAffine).toBe(tv.batchNormAffine);
    expect(t.totals.classifier).toBe(tv.classifier);
  });
  it("costs about 300.8M multiply-adds", () => {
    expect(t.totals.madds / 1e6).toBeCloseTo(torchvision().madds / 1e6, 2); // 300.77
  });
  it("ends in [1000] after 7x7x1280", () => {
    expect(t.output).toEqual([1000]);
    expect(t.layers.find((l) => l.name === "out_relu")!.outShape).toEqual([7, 7, 1280]);
  });
  it("with BatchNorm folded into conv biases has the pretrained model's 3,487,816 parameters", () => {
    expect(traceMobileNetV2({ ...reference, batchNorm: false }).totals.params).toBe(3_487_816);
  });
  it("reproduces TF-slim's 3.47M (conv weights + 1001-class classifier, no BN)", () => {
    const slim = traceMobileNetV2({ ...reference, classes: 1001 }).totals;
    expect(`${((slim.convWeights + slim.classifier) / 1e6).toFixed(2)}M`).toBe(COUNTS.slim.params);
  });
});

describe("from-scratch convention (seed 001)", () => {
  const t = traceMobileNetV2(fromScratch);
  it("has the tutorial's 3,505,960 parameters and ~313.6M multiply-adds", () => {
    expect(t.totals.params).toBe(fixture.totalParams);
    expect(t.totals.madds / 1e6).toBeCloseTo(313.62, 2);
    // torchinfo's 313.65 also counts each BatchNorm γ/β and the classifier bias once.
    const torchinfo = (t.totals.madds + t.totals.bnAffine + 1000) / 1e6;
    expect(torchinfo.toFixed(2)).toBe(fixture.totalMultAddsM.toFixed(2));
  });
  it("matches every conv, BatchNorm and Linear row of the torchinfo table: shape and parameters", () => {
    const ours = t.layers.filter((l) => ["conv", "depthwise", "batchnorm", "dense"].includes(l.op));
    expect(ours).toHaveLength(fixture.layers.length);
    ours.forEach((l, i) => {
      const row = fixture.layers[i];
      const type = l.op === "batchnorm" ? "BatchNorm2d" : l.op === "dense" ? "Linear" : "Conv2d";
      expect(type, `${l.name} vs row ${i}`).toBe(row.type);
      // NHWC [h, w, c] vs torch NCHW [1, c, h, w]
      const nchw = l.outShape.length === 3 ? [1, l.outShape[2], l.outShape[0], l.outShape[1]] : [1, ...l.outShape];
      expect(nchw, l.name).toEqual(row.shape);
      expect(l.params, l.name).toBe(row.params);
    });
  });
  it("matches every block output printed by the tutorial's forward pass", () => {
    const blockOutputs = t.groups.filter((g) => g.group !== "head").map((g) => g.outShape);
    const printed = fixture.blockOutputs
      .slice(0, 18)
      .map((b: { shape: number[] }) => [b.shape[2], b.shape[3], b.shape[1]]);
    expect(blockOutputs).toEqual(printed);
    expect(t.output).toEqual([fixture.blockOutputs.at(-1)!.shape[1]]);
  });
});
