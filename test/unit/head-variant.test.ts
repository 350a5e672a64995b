import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { buildMobileNetV2, countWeights } from "../../src/lib/build.js";
import { traceMobileNetV2 } from "../../src/lib/trace.js";

describe("head variants: a dense classifier or a 1×1 conv on the pooled map", () => {
  const base = {
    width: 0.35,
    resolution: 64,
    classes: 10,
    convention: "reference" as const,
    rows: [
      { t: 1, c: 16, n: 1, s: 1 },
      { t: 6, c: 24, n: 2, s: 2 },
    ],
  };
  it("have the same parameters and multiply-adds, and tfjs agrees on both", async () => {
    await tf.setBackend("cpu");
    const linear = traceMobileNetV2({ ...base, head: "linear" });
    const conv = traceMobileNetV2({ ...base, head: "conv1x1" });
    expect(conv.totals).toEqual(linear.totals);
    // 1280 pooled features × 10 classes + 10 biases, counted as the classifier in both.
    expect(conv.totals.classifier).toBe(1280 * 10 + 10);
    expect(conv.output).toEqual([10]);
    expect(conv.layers.map((l) => l.name).slice(-4)).toEqual([
      "pool_reshape",
      "logits",
      "logits_flatten",
      "predictions",
    ]);
    const model = buildMobileNetV2(tf, { ...base, head: "conv1x1" }, { seed: 1 });
    expect(countWeights(model).trainable).toBe(conv.totals.params);
    const y = model.predict(tf.zeros([1, 64, 64, 3])) as tf.Tensor;
    expect(y.shape).toEqual([1, 10]);
    expect((await y.sum().data())[0]).toBeCloseTo(1, 5);
    y.dispose();
    model.dispose();
  });
});
