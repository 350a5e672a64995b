/**
 * The TFLite import as the Activations page runs it (importMobileNetTflite): progress through every phase,
 * yielding to the event loop, the same network as the synchronous path, a one-line description of what was
 * imported, and no tensors left behind when a file is refused.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildMobileNetV2 } from "../../src/lib/build.js";
import type { ArchConfig } from "../../src/lib/spec.js";
import { readTflite } from "../../src/lib/tflite.js";
import {
  buildFromTflite,
  describeImport,
  importMobileNetTflite,
  mobilenetFromTflite,
  mobilenetFromTfliteAsync,
  type TfliteImportProgress,
  weightStorage,
} from "../../src/lib/tflite-mobilenet.js";
import { writeMobileNetTflite } from "./tflite-writer.js";

// The shared int8 file (optional asset; the tests that need it are skipped where it is absent).
const TFLITE = fileURLToPath(
  new URL("../../../shared/models/tflite/tf2_mobilenet_v2_1.0_224_ptq.tflite", import.meta.url),
);
const HAVE_TFLITE = existsSync(TFLITE);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const CFG: ArchConfig = { width: 0.35, resolution: 96, classes: 16, convention: "reference", batchNorm: false };

/** Every layer's weights of two models, compared value by value. */
function expectSameWeights(a: tf.LayersModel, b: tf.LayersModel) {
  expect(b.layers.map((l) => l.name)).toEqual(a.layers.map((l) => l.name));
  for (const layer of a.layers) {
    const wa = layer.getWeights().map((t) => t.dataSync());
    const wb = b
      .getLayer(layer.name)
      .getWeights()
      .map((t) => t.dataSync());
    expect(wb.length, layer.name).toBe(wa.length);
    for (let k = 0; k < wa.length; k++)
      expect(Buffer.from(wb[k].buffer).equals(Buffer.from(wa[k].buffer)), layer.name).toBe(true);
  }
}

describe("importMobileNetTflite on a float32 file written from a known network (width 0.35, 96 px)", () => {
  it("reports every phase in order with a growing fraction, yields to the event loop, and builds the file's network", async () => {
    const source = buildMobileNetV2(tf, CFG, { seed: 21 });
    const file = writeMobileNetTflite(source, CFG, { float16Layer: "block_3_depthwise" });
    const steps: TfliteImportProgress[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const { model, imported } = await importMobileNetTflite(tf, file, { onProgress: (p) => steps.push(p) });
    clearInterval(timer);
    // Other work ran while the import was under way: it gave the event loop back, more than once.
    expect(ticks).toBeGreaterThan(1);
    const phases = steps.map((s) => s.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(["reading", "converting", "building", "weights"]);
    for (let i = 1; i < steps.length; i++) expect(steps[i].fraction).toBeGreaterThanOrEqual(steps[i - 1].fraction);
    expect(steps[0].fraction).toBe(0);
    expect(steps.at(-1)!.fraction).toBe(1);
    expect(steps.every((s) => s.what.length > 0)).toBe(true);

    expect(imported.config).toEqual(CFG);
    expect(model.inputs[0].shape).toEqual([null, 96, 96, 3]);
    expect(model.outputs[0].shape).toEqual([null, 16]);
    // The same network, weight for weight, as the synchronous import (which unit tests check against the source).
    const sync = buildFromTflite(tf, mobilenetFromTflite(readTflite(file)));
    expectSameWeights(sync, model);
    model.dispose();
    sync.dispose();
    source.dispose();
  });

  it("the step-wise conversion gives exactly what the one-go conversion gives", async () => {
    const source = buildMobileNetV2(tf, CFG, { seed: 4 });
    const parsed = readTflite(writeMobileNetTflite(source, CFG));
    source.dispose();
    const a = mobilenetFromTflite(parsed);
    const seen: string[] = [];
    const b = await mobilenetFromTfliteAsync(parsed, { onProgress: (p) => seen.push(p.layer) });
    expect({ ...b, weights: null }).toEqual({ ...a, weights: null });
    expect([...b.weights.keys()]).toEqual([...a.weights.keys()]);
    for (const [name, w] of a.weights) {
      expect(b.weights.get(name)!.kernelShape).toEqual(w.kernelShape);
      expect(Array.from(b.weights.get(name)!.kernel)).toEqual(Array.from(w.kernel));
      expect(Array.from(b.weights.get(name)!.bias)).toEqual(Array.from(w.bias));
    }
    // Progress names layers of the network, in order.
    const order = [...a.weights.keys()];
    expect(seen.every((l) => order.includes(l))).toBe(true);
    expect(seen.map((l) => order.indexOf(l))).toEqual([...seen.map((l) => order.indexOf(l))].sort((x, y) => x - y));
  });

  it("describes what was imported: width, resolution, classes, weight storage, input", () => {
    const source = buildMobileNetV2(tf, CFG, { seed: 5 });
    const withHalf = mobilenetFromTflite(
      readTflite(writeMobileNetTflite(source, CFG, { float16Layer: "block_3_depthwise" })),
    );
    const plain = mobilenetFromTflite(readTflite(writeMobileNetTflite(source, CFG)));
    source.dispose();
    expect(weightStorage(plain)).toBe("float32");
    expect(weightStorage(withHalf)).toBe("float32 + float16");
    expect(describeImport(plain, { dropBackground: true })).toBe(
      "width 0.35, 96×96 input, 16 classes, weights stored as float32, the file's input float32",
    );
    expect(describeImport(withHalf)).toBe(
      "width 0.35, 96×96 input, 16 classes, weights stored as float32 + float16 (dequantized to float32), the file's input float32",
    );
  });

  it("a refused file leaves no tensors behind and says why", async () => {
    const source = buildMobileNetV2(tf, CFG, { seed: 6 });
    const badPad = writeMobileNetTflite(source, CFG, { stemPad: [1, 1] });
    const good = mobilenetFromTflite(readTflite(writeMobileNetTflite(source, CFG)));
    source.dispose();
    const before = tf.memory().numTensors;
    await expect(
      importMobileNetTflite(tf, new TextEncoder().encode("just some text, not a flatbuffer")),
    ).rejects.toThrow(/^Not a TFLite file: expected the file identifier "TFL3"/);
    await expect(importMobileNetTflite(tf, badPad)).rejects.toThrow(
      /Conv1: explicit padding .* differs from TensorFlow's "same" padding/,
    );
    // Weights that do not fit the network built for them (a classifier of the wrong width): refused after the
    // model was built, which must then be disposed.
    const logits = good.weights.get("logits")!;
    const broken = { ...good, weights: new Map([...good.weights, ["logits", { ...logits, kernelShape: [640, 32] }]]) };
    expect(() => buildFromTflite(tf, broken)).toThrow(
      "logits: the model expects weights 1280x16, 16, the file gives 640x32, 16.",
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.skipIf(!HAVE_TFLITE)(
  "importMobileNetTflite on tf2_mobilenet_v2_1.0_224_ptq.tflite (int8, per-channel)",
  () => {
    it("drops the background class, says what it imported, and equals the synchronous build", async () => {
      const bytes = new Uint8Array(readFileSync(TFLITE));
      const { model, imported } = await importMobileNetTflite(tf, bytes, { dropBackground: true });
      expect(model.outputs[0].shape).toEqual([null, 1000]);
      expect(describeImport(imported, { dropBackground: true })).toBe(
        "width 1, 224×224 input, 1001 classes (background dropped: 1000 outputs), weights stored as int8 with per-channel " +
          "scales (dequantized to float32), the file's input uint8 with scale 1/127.5 and zero point 127",
      );
      expect(describeImport(imported)).toContain("1001 classes (output 0 is background)");
      const sync = buildFromTflite(tf, mobilenetFromTflite(readTflite(bytes)), { dropBackground: true });
      expectSameWeights(sync, model);
      model.dispose();
      sync.dispose();
    });
  },
);
