import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { buildMobileNetV2, countWeights } from "../../src/lib/build.js";
import { modelFiles } from "../../src/lib/model-files.js";
import { traceMobileNetV2 } from "../../src/lib/trace.js";

describe("model files (model.json + weights)", () => {
  it("load back with tf.loadLayersModel, with the same parameter count and the same outputs", async () => {
    await tf.setBackend("cpu");
    const cfg = {
      width: 0.35,
      resolution: 32,
      classes: 5,
      convention: "reference" as const,
      head: "conv1x1" as const,
      rows: [{ t: 2, c: 16, n: 2, s: 2 }],
    };
    const model = buildMobileNetV2(tf, cfg, { seed: 3 });
    const f = await modelFiles(tf, model, "mobilenetv2_0.35_32");
    expect(f.jsonName).toBe("mobilenetv2_0.35_32.json");
    const json = JSON.parse(f.json);
    expect(json.weightsManifest[0].paths).toEqual(["mobilenetv2_0.35_32.weights.bin"]);
    const back = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: f.weights,
      }),
    );
    const t = traceMobileNetV2(cfg).totals;
    expect(countWeights(back)).toMatchObject({ trainable: t.params, nonTrainable: t.bnStats });
    const x = tf.randomUniform([1, 32, 32, 3], -1, 1, "float32", 1);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (back.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
