import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { activationTaps } from "../../src/lib/activation-taps.js";
import { runActivations } from "../../src/lib/activations.js";
import { buildGraph, buildMobileNetV2 } from "../../src/lib/build.js";
import { type FusedNetwork, fastForward, fastForwardAsync, fuseModel, timeSteps } from "../../src/lib/fast-forward.js";
import { mobilenetV2Graph } from "../../src/lib/graph.js";
import type { ArchConfig } from "../../src/lib/spec.js";
import { haveAssets, LAYERS_MODEL_DIR } from "../assets.js";
import { loadPretrained } from "./pretrained.js";

const HAVE_LAYERS = haveAssets("fast path on the pretrained weights", `${LAYERS_MODEL_DIR}/model.json`);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Non-trivial BatchNorm statistics (γ, β, moving mean and variance), so a swapped or missed term shows. */
function randomiseBatchNorm(model: tf.LayersModel, seed = 3): void {
  let s = seed;
  for (const l of model.layers.filter((l) => l.getClassName() === "BatchNormalization")) {
    const [g, b, m, v] = l.getWeights();
    tf.tidy(() =>
      l.setWeights([
        tf.randomUniform(g.shape, 0.5, 1.5, "float32", s++),
        tf.randomNormal(b.shape, 0, 0.5, "float32", s++),
        tf.randomNormal(m.shape, 0, 0.5, "float32", s++),
        tf.randomUniform(v.shape, 0.5, 2, "float32", s++),
      ]),
    );
  }
}

/** max |a − b| / max(1, max |b|): the tolerance below is relative to the layer's own scale. */
function relDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => {
    const d = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
    const m = tf.max(tf.abs(b)).dataSync()[0];
    return d / Math.max(1, m);
  });
}

/** The fast path (`net`, fused from `model`) gives the layers model's output on `x`, within `tolerance` (relDiff). */
function expectSameOutput(model: tf.LayersModel, net: FusedNetwork, x: tf.Tensor4D, tolerance: number, label?: string) {
  const a = model.predict(x) as tf.Tensor;
  const b = fastForward(tf, net, x).output;
  expect(relDiff(b, a), label).toBeLessThan(tolerance);
  tf.dispose([a, b]);
}

/**
 * The explorer's taps plus the output, from the layers model (the reference) and from the fast path, agree within
 * `tolerance` (relDiff of the worst tap, and of the output).
 */
function compareTaps(model: tf.LayersModel, x: tf.Tensor4D, tolerance: { taps: number; output: number }) {
  const taps = activationTaps(model.layers.map((l) => l.name)).flatMap((g) => g.taps.map((t) => t.layer));
  const tapped = tf.model({
    inputs: model.inputs,
    outputs: [...taps.map((n) => model.getLayer(n).output as tf.SymbolicTensor), model.outputs[0]],
  });
  const net = fuseModel(tf, model);
  const ref = tapped.predict(x) as tf.Tensor[];
  const fast = fastForward(tf, net, x, taps);
  const worst = { layer: "", diff: 0 };
  taps.forEach((t, i) => {
    expect(fast.taps[i].shape, t).toEqual(ref[i].shape);
    const d = relDiff(fast.taps[i], ref[i]);
    if (d > worst.diff) Object.assign(worst, { layer: t, diff: d });
  });
  const outDiff = relDiff(fast.output, ref[ref.length - 1]);
  tf.dispose([...ref, fast.output, ...fast.taps]);
  expect(worst.diff, worst.layer).toBeLessThan(tolerance.taps);
  expect(outDiff).toBeLessThan(tolerance.output);
  return { net, taps };
}

describe("fast path: BatchNorm folded, one fused op per conv", () => {
  it("gives the educational model's activations and output on random BatchNorm statistics", () => {
    const cfg: ArchConfig = { width: 0.5, resolution: 96, classes: 10, convention: "reference" };
    const model = buildMobileNetV2(tf, cfg, { seed: 1 });
    randomiseBatchNorm(model);
    const x = tf.randomUniform([2, 96, 96, 3], -1, 1, "float32", 9) as tf.Tensor4D;
    // Folding reorders float32 arithmetic: measured worst 9e-7 of the layer's range (block_16_expand_relu),
    // probabilities 1.5e-7 (tfjs CPU backend).
    const { net, taps } = compareTaps(model, x, { taps: 1e-5, output: 1e-5 });
    expect(taps.length).toBe(1 + 17 * 3 - 1 + 10 + 1); // stem, 3 per block (block 0 has no expansion), adds, head
    // Every conv absorbed its BatchNorm and ReLU6: 52 convs + 10 adds + pool + logits + softmax.
    expect(net.steps.filter((s) => s.op === "conv" || s.op === "depthwise").length).toBe(52);
    expect(net.steps.length).toBe(52 + 10 + 3);
    expect(net.steps.filter((s) => s.op === "batchnorm" || s.op === "activation").length).toBe(1); // softmax
    net.dispose();
    model.dispose();
    x.dispose();
  });

  it("gives the same output at every width and resolution, and frees everything it made", () => {
    const before = tf.memory().numTensors;
    for (const [width, resolution] of [
      [0.35, 64],
      [1.4, 32],
      [0.75, 48],
    ] as const) {
      const model = buildMobileNetV2(tf, { width, resolution, classes: 7, convention: "reference" }, { seed: 2 });
      randomiseBatchNorm(model, 11);
      const x = tf.randomUniform([1, resolution, resolution, 3], -1, 1, "float32", 4) as tf.Tensor4D;
      const net = fuseModel(tf, model);
      expectSameOutput(model, net, x, 1e-5, `${width}/${resolution}`);
      x.dispose();
      net.dispose();
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("handles a BatchNorm-free model (the random and TFLite explorer models) without copying its weights", () => {
    const cfg: ArchConfig = { width: 0.35, resolution: 64, classes: 10, convention: "reference", batchNorm: false };
    const model = buildGraph(tf, mobilenetV2Graph(cfg), { seed: 5 });
    const before = tf.memory();
    const net = fuseModel(tf, model);
    // Nothing to fold: the fused network reads the model's own kernels.
    expect(net.owned.length).toBe(0);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    const x = tf.randomUniform([1, 64, 64, 3], -1, 1, "float32", 6) as tf.Tensor4D;
    compareTaps(model, x, { taps: 1e-5, output: 1e-6 }).net.dispose();
    net.dispose();
    model.dispose();
    x.dispose();
  });

  it("turns Keras' ZeroPadding2D + 'valid' stride-2 conv into the conv's own padding", () => {
    const input = tf.input({ shape: [15, 15, 3] });
    let y = tf.layers
      .zeroPadding2d({
        padding: [
          [0, 1],
          [1, 0],
        ],
      })
      .apply(input) as tf.SymbolicTensor;
    y = tf.layers
      .conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: "valid", useBias: false })
      .apply(y) as tf.SymbolicTensor;
    y = tf.layers.batchNormalization({ epsilon: 1e-3 }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.reLU({ maxValue: 6 }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.zeroPadding2d({ padding: 1 }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: "valid" }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.dropout({ rate: 0.5 }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.flatten().apply(y) as tf.SymbolicTensor;
    y = tf.layers.dense({ units: 4, activation: "softmax" }).apply(y) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: y });
    randomiseBatchNorm(model, 21);
    const net = fuseModel(tf, model);
    // The depthwise conv's one pixel on every side at stride 1 is what 'same' adds for a 3×3 kernel.
    expect(net.steps.map((s) => s.op)).toEqual(["conv", "depthwise", "reshape", "dense", "activation"]);
    const x = tf.randomUniform([2, 15, 15, 3], -1, 1, "float32", 8) as tf.Tensor4D;
    expectSameOutput(model, net, x, 1e-6);
    x.dispose();
    net.dispose();
    model.dispose();
  });

  it("folds a ZeroPadding2D into a depthwise conv only where it equals TensorFlow's 'same' padding", () => {
    // Keras pads (0, 1) before a stride-2 depthwise conv on an even size and (1, 1) on an odd one; 'same' adds
    // total = (⌈n/2⌉ − 1)·2 + 3 − n, the smaller half first: 1 = (0, 1) for n = 14, 2 = (1, 1) for n = 13.
    const ops = (size: number, pad: [[number, number], [number, number]]) => {
      const input = tf.input({ shape: [size, size, 4] });
      let y = tf.layers.zeroPadding2d({ padding: pad }).apply(input) as tf.SymbolicTensor;
      y = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: "valid" }).apply(y) as tf.SymbolicTensor;
      const model = tf.model({ inputs: input, outputs: y });
      const net = fuseModel(tf, model);
      const x = tf.randomUniform([1, size, size, 4], -1, 1, "float32", size) as tf.Tensor4D;
      expectSameOutput(model, net, x, 1e-6);
      const result = net.steps.map((s) => (s.op === "depthwise" ? `depthwise ${JSON.stringify(s.pad)}` : s.op));
      tf.dispose([x]);
      net.dispose();
      model.dispose();
      return result;
    };
    // keras.applications' correct_pad: (k//2 − adjust, k//2) on each axis, adjust = 1 − n % 2.
    const keras = (n: number): [[number, number], [number, number]] => [
      [1 - (1 - (n % 2)), 1],
      [1 - (1 - (n % 2)), 1],
    ];
    expect(keras(14)).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(ops(14, keras(14))).toEqual(['depthwise "same"']);
    expect(ops(13, keras(13))).toEqual(['depthwise "same"']);
    // Padding before instead of after is not 'same': the pad stays a step of its own.
    expect(
      ops(14, [
        [1, 0],
        [1, 0],
      ]),
    ).toEqual(["pad", 'depthwise "valid"']);
  });

  it("refuses a tap inside a fused step, and times every step", async () => {
    const model = buildMobileNetV2(tf, { width: 0.35, resolution: 32, classes: 3, convention: "reference" });
    const net = fuseModel(tf, model);
    const x = tf.zeros([1, 32, 32, 3]) as tf.Tensor4D;
    expect(() => fastForward(tf, net, x, ["block_2_expand_BN"])).toThrow(/fused into block_2_expand_relu/);
    const before = tf.memory().numTensors;
    const t = await timeSteps(tf, net, x, 2);
    expect(tf.memory().numTensors).toBe(before);
    expect(t.length).toBe(net.steps.length);
    expect(t.every((s) => s.ms >= 0)).toBe(true);
    // Multiply-adds of block_1's depthwise (stride 2 on the stem's 16×16): 8×8 outputs × 3×3 kernel × channels.
    const dw = t.find((s) => s.name === "block_1_depthwise_relu");
    const channels = model.getLayer("block_1_depthwise").outputShape[3] as number;
    expect(dw?.madds).toBe(8 * 8 * 9 * channels);
    expect(dw?.kind).toBe("depthwise");
    net.dispose();
    model.dispose();
    x.dispose();
  });
});

describe.skipIf(!HAVE_LAYERS)("fast path on the pretrained MobileNetV2 1.0 (224)", () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    model = await loadPretrained();
  });

  it("gives the converted model's activations and probabilities, reusing its weights", () => {
    const x = tf.randomUniform([1, 224, 224, 3], -1, 1, "float32", 12) as tf.Tensor4D;
    // Measured: identical (0) on the CPU backend; other backends' fused kernels may round differently.
    const { net } = compareTaps(model, x, { taps: 1e-5, output: 1e-6 });
    expect(net.owned.length).toBe(0); // BatchNorm is already folded in this checkpoint: no copies
    net.dispose();
    x.dispose();
  }, 120_000);

  it("gives the educational model's output with these kernels and random BatchNorm statistics", () => {
    const edu = buildMobileNetV2(
      tf,
      { width: 1, resolution: 224, classes: 1000, convention: "reference" },
      { zeros: true },
    );
    for (const l of edu.layers) {
      const w = l.getWeights();
      if (w.length && l.getClassName() !== "BatchNormalization") {
        const src = model.getLayer(l.name).getWeights();
        // The pretrained convs carry their folded bias; the educational ones have no bias (BatchNorm's β).
        l.setWeights(src.slice(0, w.length));
      }
    }
    randomiseBatchNorm(edu, 31);
    const x = tf.randomUniform([1, 224, 224, 3], -1, 1, "float32", 13) as tf.Tensor4D;
    const net = fuseModel(tf, edu);
    expectSameOutput(edu, net, x, 1e-5);
    x.dispose();
    net.dispose();
    edu.dispose();
  }, 120_000);
});

describe("one Activations pass on the fast path", () => {
  it("reads back the kept taps whole, every tap's minimum and the probabilities, leaves no tensor behind and copies no weight", async () => {
    const cfg: ArchConfig = { width: 0.35, resolution: 64, classes: 10, convention: "reference", batchNorm: false };
    const model = buildGraph(tf, mobilenetV2Graph(cfg), { seed: 5 });
    const taps = activationTaps(model.layers.map((l) => l.name)).flatMap((g) => g.taps.map((t) => t.layer));
    const before = tf.memory();
    const net = fuseModel(tf, model);
    const input = tf.tidy(() => tf.randomUniform([64, 64, 3], -1, 1, "float32", 2).dataSync() as Float32Array);
    let pauses = 0;
    const run = await runActivations(tf, net, taps, input, 64, new Set(["block_3_depthwise_relu"]), {
      sliceMs: 0,
      pause: async () => void pauses++,
    });
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect(pauses).toBeGreaterThan(0); // it gave the page its turn between layers
    expect(run.layers.size).toBe(taps.length);
    expect(run.layers.get("block_3_depthwise_relu")?.data?.length).toBe(
      8 * 8 * (model.getLayer("block_3_depthwise").outputShape[3] as number),
    );
    expect(run.layers.get("block_3_expand_relu")?.data).toBeUndefined();
    expect(run.layers.get("block_3_expand_relu")?.stats).toBeUndefined();
    expect([...run.layers.keys()]).toEqual(taps); // in network order
    // Every layer's minimum, kept or not, and the kept layer's statistics: the minima of the same pass's tensors
    // read back whole (fastForward), computed here.
    const ref2 = tf.tidy(() => {
      const y = fastForward(tf, net, tf.tensor4d(input, [1, 64, 64, 3]), taps);
      return y.taps.map((t) => t.dataSync() as Float32Array);
    });
    for (const [i, l] of taps.entries()) {
      let min = Infinity;
      for (const v of ref2[i]) if (v < min) min = v;
      expect(run.layers.get(l)?.min, l).toBe(min);
    }
    const kept = run.layers.get("block_3_depthwise_relu")!;
    expect(kept.stats?.min).toBe(kept.min);
    expect(kept.stats?.max).toBe(Math.max(...ref2[taps.indexOf("block_3_depthwise_relu")]));
    // The reference: the layers model's own probabilities for the same input.
    const ref = tf.tidy(() => (model.predict(tf.tensor4d(input, [1, 64, 64, 3])) as tf.Tensor).dataSync());
    let d = 0;
    for (let i = 0; i < ref.length; i++) d = Math.max(d, Math.abs(ref[i] - run.probabilities[i]));
    expect(d).toBeLessThan(1e-6);
    net.dispose();
    model.dispose();
  });
});

describe("fastForwardAsync (the page's forward pass, in slices)", () => {
  it("gives fastForward's tensors, pauses between slices, and frees everything, on success and on failure", async () => {
    const cfg: ArchConfig = { width: 0.35, resolution: 64, classes: 10, convention: "reference" };
    const model = buildMobileNetV2(tf, cfg, { seed: 4 });
    randomiseBatchNorm(model, 41);
    const net = fuseModel(tf, model);
    const x = tf.randomUniform([1, 64, 64, 3], -1, 1, "float32", 7) as tf.Tensor4D;
    const taps = ["Conv1_relu", "block_2_project_BN", "block_2_add", "out_relu", "predictions", "predictions"];
    const before = tf.memory().numTensors;
    let pauses = 0;
    const a = await fastForwardAsync(tf, net, x, taps, { sliceMs: 0, pause: async () => void pauses++ });
    const b = fastForward(tf, net, x, taps);
    expect(pauses).toBeGreaterThanOrEqual(net.steps.length - 1); // sliceMs 0: a turn before (nearly) every step
    for (const [i, t] of a.taps.entries()) expect(relDiff(t, b.taps[i]), taps[i]).toBe(0);
    expect(relDiff(a.output, b.output)).toBe(0);
    tf.dispose([a.output, ...a.taps, b.output, ...b.taps]);
    expect(tf.memory().numTensors).toBe(before);
    // A step that throws half-way: nothing it made stays behind.
    const bad = {
      ...net,
      steps: net.steps.map((s) => (s.name === "block_5_add" ? { ...s, inputs: [s.inputs[0]] } : s)),
    };
    await expect(fastForwardAsync(tf, bad, x, taps, { sliceMs: 0 })).rejects.toThrow(/two inputs/);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
    model.dispose();
    x.dispose();
  });
});

describe("memory over many rebuilds", () => {
  it("100 rebuilds at different widths and resolutions, each fused and run, return tensors and bytes to the baseline", () => {
    const widths = [0.35, 0.5, 0.75, 1];
    const sizes = [32, 48, 64, 40];
    const x = new Map(sizes.map((s) => [s, tf.zeros([1, s, s, 3]) as tf.Tensor4D]));
    const before = tf.memory();
    let peakTensors = 0;
    for (let i = 0; i < 100; i++) {
      const cfg: ArchConfig = {
        width: widths[i % widths.length],
        resolution: sizes[i % sizes.length],
        classes: 10,
        convention: "reference",
      };
      // tfjs-layers keeps only name counters between models (no tensors): disposing the model frees its weights.
      const model = buildMobileNetV2(tf, cfg, { zeros: true });
      const net = fuseModel(tf, model);
      const y = fastForward(tf, net, x.get(cfg.resolution) as tf.Tensor4D).output;
      expect(y.shape).toEqual([1, 10]);
      y.dispose();
      peakTensors = Math.max(peakTensors, tf.memory().numTensors);
      net.dispose();
      model.dispose();
      expect(tf.memory().numTensors, `rebuild ${i}`).toBe(before.numTensors);
    }
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect(peakTensors).toBeGreaterThan(before.numTensors); // the loop did hold models while they lived
    tf.dispose([...x.values()]);
  }, 120_000);
});
