/**
 * int8 vs float (src/lib/int8-compare.ts): the activation scales read from the int8 TFLite file, the
 * simulation of int8 inference (every layer output rounded to the file's grid), and the per-layer differences.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { activationQuantization, layerDifference } from "../../src/lib/int8-compare.js";
import { type ActQuant, execNet, fakeQuant, forward } from "../../src/lib/net-exec.js";
import { readTflite } from "../../src/lib/tflite.js";
import { buildFromTflite, mobilenetFromTflite } from "../../src/lib/tflite-mobilenet.js";
import { haveAssets, IMAGES_DIR, LAYERS_MODEL_DIR, TFLITE_FILE } from "../assets.js";
import { loadLabels, loadPhoto, loadPretrained } from "./pretrained.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("layerDifference and fakeQuant", () => {
  it("measure what they say", () => {
    const d = layerDifference([1, 2, 3, 4], [1, 2, 3, 6]);
    expect(d.rmse).toBeCloseTo(1, 12); // sqrt(4 / 4)
    expect(d.maxAbs).toBe(2);
    expect(d.relative).toBeCloseTo(1 / Math.sqrt(1.25), 12); // std of 1..4 is sqrt(1.25)
    expect(d.cosine).toBeCloseTo(38 / Math.sqrt(30 * 50), 12);
    expect(layerDifference([1, 2], [1, 2])).toEqual({ rmse: 0, maxAbs: 0, relative: 0, cosine: 1 });
    const q: ActQuant = { scale: 6 / 255, zeroPoint: -128, qmin: -128, qmax: 127 };
    const x = tf.tensor1d([-1, 0, 0.01, 3, 5.99, 7]);
    const y = Array.from(fakeQuant(tf, x, q).dataSync());
    // Grid 0, 6/255, 12/255 …: clamp to [0, 6], round to the nearest step.
    expect(y.map((v) => Math.round((v * 255) / 6))).toEqual([0, 0, 0, 128, 255, 255]);
    x.dispose();
  });
});

const HAVE = haveAssets(
  "int8 vs float on the pretrained weights",
  TFLITE_FILE,
  join(LAYERS_MODEL_DIR, "model.json"),
  join(IMAGES_DIR, "flamingo.jpg"),
);

describe.skipIf(!HAVE)("the int8 file's activation grid and the simulation of int8 inference", () => {
  it("reads a scale for the input and every layer output, and the simulation keeps the photos' top-1", async () => {
    const parsed = readTflite(new Uint8Array(readFileSync(TFLITE_FILE)));
    const imported = mobilenetFromTflite(parsed);
    const quant = activationQuantization(parsed, imported);
    // The input, 35 ReLU6 outputs (stem, 16 expansions, 17 depthwise, last conv), 17 projections, 10 adds,
    // pooling, logits.
    const names = [...quant.keys()];
    expect(names.filter((n) => n.endsWith("_relu")).length).toBe(35);
    expect(names.filter((n) => n.endsWith("_project")).length).toBe(17);
    // The ten blocks with a shortcut (stride 1, same channels), written out from Table 2.
    expect(names.filter((n) => n.endsWith("_add"))).toEqual(
      [2, 4, 5, 7, 8, 9, 11, 12, 14, 15].map((b) => `block_${b}_add`),
    );
    expect(names).toEqual(expect.arrayContaining(["input", "global_average_pooling2d", "logits", "out_relu"]));
    expect(quant.size).toBe(1 + 35 + 17 + 10 + 2);
    // ReLU6 outputs are stored on a grid inside [0, 6] (the interpreter clamps there).
    for (const [n, q] of quant)
      if (n.endsWith("_relu")) {
        expect((q.qmin - q.zeroPoint) * q.scale, n).toBeGreaterThanOrEqual(-1e-6);
        expect((q.qmax - q.zeroPoint) * q.scale, n).toBeLessThanOrEqual(6 + 1e-5);
      }
    // The input grid: uint8 (or int8) steps of 1/127.5 over [−1, 1].
    expect(quant.get("input")!.scale).toBeCloseTo(1 / 127.5, 6);

    const model = buildFromTflite(tf, imported, { dropBackground: true });
    const float = await loadPretrained();
    const labels = loadLabels();
    const dq = execNet(tf, model);
    const fl = execNet(tf, float);
    const before = tf.memory().numTensors;
    const x = tf.tensor4d(loadPhoto("flamingo.jpg"), [1, 224, 224, 3]);
    const layers = ["Conv1_relu", "block_2_add", "block_12_add", "out_relu", "logits"];
    const run = (net: typeof dq, q?: Map<string, ActQuant>) =>
      tf.tidy(() => {
        const outs = forward(tf, net, x, { outputs: layers, quant: q });
        return layers.map((l) => outs.get(l)!.dataSync() as Float32Array);
      });
    const a = run(fl);
    const b = run(dq);
    const c = run(dq, quant);
    x.dispose();
    const argmax = (v: Float32Array) => v.indexOf(Math.max(...v));
    for (const r of [a, b, c]) expect(labels[argmax(r[4])]).toBe("flamingo");
    const rel = layers.map((_, i) => [layerDifference(a[i], b[i]).relative, layerDifference(a[i], c[i]).relative]);
    console.log(
      `int8 vs float on flamingo.jpg, relative RMS difference (weights only, weights + activations): ${layers.map((l, i) => `${l} ${rel[i][0].toFixed(4)} / ${rel[i][1].toFixed(4)}`).join("; ")}`,
    );
    // Measured (weights only / simulated int8): Conv1_relu 0.005 / 0.008, block_2_add 0.12 / 0.14, block_12_add
    // 0.19 / 0.20, out_relu 0.27 / 0.29, logits 0.17 / 0.17. The error grows with depth; rounding the
    // activations as well adds to it at every layer.
    expect(rel[0][0]).toBeLessThan(0.01);
    for (const [i, l] of layers.entries()) {
      expect(rel[i][0], `${l} weights only`).toBeLessThan(0.35);
      expect(rel[i][1], `${l} simulated int8`).toBeGreaterThan(rel[i][0]);
      expect(rel[i][1], `${l} simulated int8`).toBeLessThan(0.4);
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    float.dispose();
  }, 180_000);
});
