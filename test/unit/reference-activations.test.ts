/**
 * The activations are the real ones: the site's layers against references made outside the site by
 * scripts/keras_activation_stats.py (test/fixtures/keras-activations.json: Keras on the float model;
 * test/fixtures/tflite-activations.json: tf.lite.Interpreter on the int8 file that ships in data/), on every
 * sample photo of data/images. Deviations are measured in units of the reference layer's standard deviation.
 * The photos are decoded here by the test's own JPEG/PNG decoders, Keras' by Pillow (libjpeg): JPEG decoders
 * differ slightly (chroma upsampling), so JPEG photos get a looser tolerance than the lossless PNGs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { activationTaps } from "../../src/lib/activation-taps.js";
import { runActivations } from "../../src/lib/activations.js";
import { fuseModel } from "../../src/lib/fast-forward.js";
import { activationQuantization } from "../../src/lib/int8-compare.js";
import { execNet, forward } from "../../src/lib/net-exec.js";
import { readTflite } from "../../src/lib/tflite.js";
import { buildFromTflite, mobilenetFromTflite } from "../../src/lib/tflite-mobilenet.js";
import { haveAssets, LAYERS_MODEL_DIR } from "../assets.js";
import { loadPhoto, loadPretrained } from "./pretrained.js";

interface Stats {
  mean: number;
  std: number;
  min: number;
  max: number;
  samples: [number, number][];
}

const DATA_IMAGES = "data/images";
const PHOTOS = readdirSync(DATA_IMAGES).filter((f) => /\.(jpe?g|png)$/.test(f));
const fixture = (name: string) => JSON.parse(readFileSync(join("test", "fixtures", name), "utf8"));

/** Largest deviation of our values from the reference statistics, in reference standard deviations. */
function deviation(ours: ArrayLike<number>, ref: Stats): { stats: number; moments: number; samples: number } {
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < ours.length; i++) {
    const v = ours[i];
    sum += v;
    sq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / ours.length;
  const std = Math.sqrt(Math.max(sq / ours.length - mean * mean, 0));
  const unit = ref.std > 0 ? ref.std : 1;
  const stats = Math.max(
    ...[mean - ref.mean, std - ref.std, min - ref.min, max - ref.max].map((d) => Math.abs(d) / unit),
  );
  const moments = Math.max(...[mean - ref.mean, std - ref.std].map((d) => Math.abs(d) / unit));
  const samples = Math.max(...ref.samples.map(([i, v]) => Math.abs(ours[i] - v) / unit));
  return { stats, moments, samples };
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const HAVE_FLOAT = haveAssets("the site's float layers against Keras", join(LAYERS_MODEL_DIR, "model.json"));

describe.skipIf(!HAVE_FLOAT)("the float model's layers = Keras' (keras-activations.json)", () => {
  const ref = fixture("keras-activations.json");

  it("every layer on every sample photo, and the same top-5", async () => {
    const model = await loadPretrained();
    const layers = Object.keys(ref.photos[PHOTOS[0]].layers) as string[];
    expect(layers.length).toBe(64); // 62 explorer layers, the logits and the probabilities
    const tapped = tf.model({
      inputs: model.inputs,
      outputs: layers.map((l) => model.getLayer(l).output as tf.SymbolicTensor),
    });
    const worst: Record<string, { stats: number; samples: number }> = {};
    for (const file of PHOTOS) {
      const r = ref.photos[file];
      const input = loadPhoto(file, 224, DATA_IMAGES);
      expect(deviation(input, r.input).stats, `${file} input`).toBeLessThan(file.endsWith(".png") ? 1e-3 : 0.05);
      const x = tf.tensor4d(input, [1, 224, 224, 3]);
      const outs = tapped.predict(x) as tf.Tensor[];
      const values = await Promise.all(outs.map((t) => t.data()));
      tf.dispose([x, ...outs]);
      let w = { stats: 0, samples: 0 };
      layers.forEach((l, i) => {
        const d = deviation(values[i], r.layers[l]);
        w = { stats: Math.max(w.stats, d.stats), samples: Math.max(w.samples, d.samples) };
      });
      worst[file] = w;
      const probs = values[layers.length - 1];
      const top = Array.from(probs, (p, i) => [p, i])
        .sort((a, b) => b[0] - a[0])
        .slice(0, 5)
        .map(([, i]) => i);
      if (file.endsWith(".png")) expect(top, file).toEqual(r.top5.map((t: [number]) => t[0]));
      else expect(top[0], file).toBe(r.top5[0][0]);
    }
    console.log(
      `site vs Keras, worst deviation in reference std units (statistics / sampled values): ${Object.entries(worst)
        .map(([f, w]) => `${f} ${w.stats.toExponential(1)} / ${w.samples.toExponential(1)}`)
        .join("; ")}`,
    );
    // Measured: PNGs (decoded identically) within 1.2e-4 of the reference's std on every statistic and sampled
    // value of all 64 layers; JPEGs within 0.30 on statistics (min and max) and 0.25 on sampled values.
    for (const [file, w] of Object.entries(worst)) {
      const png = file.endsWith(".png");
      expect(w.stats, file).toBeLessThan(png ? 1e-3 : 0.5);
      expect(w.samples, file).toBeLessThan(png ? 1e-3 : 0.5);
    }
    model.dispose();
  }, 300_000);

  it("the explorer's pass: every layer's minimum (read from the backend) and the shown block's statistics", async () => {
    const model = await loadPretrained();
    const net = fuseModel(tf, model);
    const taps = activationTaps(model.layers.map((l) => l.name));
    const tapLayers = taps.flatMap((g) => g.taps.map((t) => t.layer));
    const shown = taps.find((g) => g.id === "block_2")!.taps.map((t) => t.layer);
    const file = "coffee.png"; // decoded identically here and in the reference: tight tolerances
    const r = ref.photos[file];
    const run = await runActivations(tf, net, tapLayers, loadPhoto(file, 224, DATA_IMAGES), 224, new Set(shown));
    expect(tapLayers.length).toBe(62);
    for (const l of tapLayers) {
      const a = run.layers.get(l)!;
      const k = r.layers[l] as Stats;
      // Measured: within 1.2e-4 of the reference's std (the whole-layer comparison above).
      expect(Math.abs(a.min - k.min) / k.std, `${l} min ${a.min} vs Keras ${k.min}`).toBeLessThan(1e-3);
      expect(a.stats === undefined, l).toBe(!shown.includes(l));
      if (a.stats) {
        for (const m of ["min", "max", "mean"] as const)
          expect(Math.abs(a.stats[m] - k[m]) / k.std, `${l} ${m}`).toBeLessThan(1e-3);
        expect(a.data?.length).toBe(a.shape.reduce((p, d) => p * d, 1));
      }
    }
    // The linear bottleneck as the minima chart shows it: ReLU6 layers never negative, projections are.
    expect(run.layers.get("block_5_project")!.min).toBeLessThan(0);
    expect(run.layers.get("block_5_expand_relu")!.min).toBeGreaterThanOrEqual(0);
    net.dispose();
    model.dispose();
  }, 300_000);
});

describe("the int8 import with its activation grid = tf.lite.Interpreter (tflite-activations.json)", () => {
  const ref = fixture("tflite-activations.json");

  it("every quantized tensor on every sample photo, and the same top-5", async () => {
    const bytes = new Uint8Array(
      readFileSync("data/models/mobilenet_v2_1.0_224_int8/tf2_mobilenet_v2_1.0_224_ptq.tflite"),
    );
    const parsed = readTflite(bytes);
    const imported = mobilenetFromTflite(parsed);
    const quant = activationQuantization(parsed, imported);
    const model = buildFromTflite(tf, imported); // 1001 outputs, as the interpreter
    const net = execNet(tf, model);
    const layers = [...quant.keys()].filter((l) => l !== "input");
    expect(ref.input.scale).toBeCloseTo(quant.get("input")!.scale, 8);
    const worst: Record<string, { stats: number; moments: number; samples: number; layer: string }> = {};
    // Four of the seven photos (both PNGs, two JPEGs), to keep this always-run test short; the fixture has all.
    for (const file of ["cat_chelsea.png", "coffee.png", "coyote.jpg", "flamingo.jpg"]) {
      const r = ref.photos[file];
      const x = tf.tensor4d(loadPhoto(file, 224, DATA_IMAGES), [1, 224, 224, 3]);
      const outs = tf.tidy(() => {
        const o = forward(tf, net, x, { outputs: [...layers, "predictions"], quant });
        return [...layers.map((l) => o.get(l)!), o.get("predictions")!];
      });
      const values = await Promise.all(outs.map((t) => t.data()));
      tf.dispose([x, ...outs]);
      let w = { stats: 0, moments: 0, samples: 0, layer: "" };
      layers.forEach((l, i) => {
        const t = r.tensors[String(quant.get(l)!.tensor)];
        expect(t, `${l}: tensor ${quant.get(l)!.tensor} in the fixture`).toBeDefined();
        const d = deviation(values[i], t);
        if (d.stats > w.stats) w = { ...w, stats: d.stats, layer: l };
        w.moments = Math.max(w.moments, d.moments);
        w.samples = Math.max(w.samples, d.samples);
      });
      worst[file] = w;
      const probs = values[layers.length];
      const top = Array.from(probs, (p, i) => [p, i])
        .sort((a, b) => b[0] - a[0])
        .slice(0, 5)
        .map(([, i]) => i);
      expect(top[0], `${file} top-1`).toBe(r.top5[0][0]);
    }
    console.log(
      `simulated int8 vs tf.lite.Interpreter, worst deviation in reference std units (mean and std / with min and max / sampled values): ${Object.entries(
        worst,
      )
        .map(
          ([f, w]) =>
            `${f} ${w.moments.toExponential(1)} / ${w.stats.toExponential(1)} (${w.layer}) / ${w.samples.toExponential(1)}`,
        )
        .join("; ")}`,
    );
    // Measured: mean and std within 0.04 of the reference's std on every tensor of every photo, sampled values
    // within 0.52, min and max within 1.2 (extremes are single values and collect the rounding differences: the
    // simulation rounds each layer's float output, the interpreter requantizes int32 sums in fixed point).
    for (const [file, w] of Object.entries(worst)) {
      expect(w.moments, file).toBeLessThan(0.05);
      expect(w.samples, file).toBeLessThan(0.75);
      expect(w.stats, file).toBeLessThan(1.5);
    }
    model.dispose();
  }, 300_000);
});
