/**
 * Transfer learning (src/lib/transfer.ts) in Node with tfjs CPU, on a small MobileNetV2 (width 0.35, 96 px, random
 * weights standing in for a trained network): data checks, the split, the cut, what training changes, the
 * parameter counts, export and reload, and that no tensor is left behind.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildMobileNetV2 } from "../../src/lib/build.js";
import type { ArchConfig } from "../../src/lib/spec.js";
import {
  assembleFull,
  buildTop,
  cacheActivations,
  confusionMatrix,
  cutInfo,
  DEMO_CLASSES,
  dataProblems,
  demoImage,
  disposeTop,
  evaluate,
  exportArtifacts,
  frozenPart,
  newTrainState,
  stratifiedSplit,
  topForward,
  train,
  trainedLayers,
  trainedParams,
} from "../../src/lib/transfer.js";

const CFG: ArchConfig = { width: 0.35, resolution: 96, classes: 10, convention: "reference", batchNorm: false };

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("data checks and split", () => {
  it("says what is wrong with the classes", () => {
    expect(dataProblems([{ name: "cats", count: 5 }])).toEqual(["Add at least 2 classes (there is 1)."]);
    expect(
      dataProblems([
        { name: "cats", count: 0 },
        { name: "dogs", count: 1 },
        { name: "", count: 3 },
        { name: "Cats", count: 4 },
      ]),
    ).toEqual([
      "“cats” has no images: add at least 2.",
      "“dogs” has only one image: add at least one more, so that one can be held out for testing.",
      "Class 3 has no name.",
      "Two classes are called “Cats”: give each a different name.",
    ]);
    expect(dataProblems(Array.from({ length: 6 }, (_, i) => ({ name: `c${i}`, count: 2 })))).toEqual([
      "Use at most 5 classes (there are 6).",
    ]);
    expect(
      dataProblems([
        { name: "a", count: 2 },
        { name: "b", count: 9 },
      ]),
    ).toEqual([]);
  });

  it("holds out a quarter of each class, at least one and never all, reproducibly", () => {
    const labels = [...new Array(16).fill(0), ...new Array(16).fill(1), 2, 2];
    const s = stratifiedSplit(labels, 0.25, 7);
    const count = (idx: number[], c: number) => idx.filter((i) => labels[i] === c).length;
    expect([0, 1, 2].map((c) => count(s.heldOut, c))).toEqual([4, 4, 1]);
    expect([0, 1, 2].map((c) => count(s.train, c))).toEqual([12, 12, 1]);
    expect(new Set([...s.train, ...s.heldOut]).size).toBe(labels.length);
    expect(stratifiedSplit(labels, 0.25, 7)).toEqual(s);
    expect(stratifiedSplit(labels, 0.25, 8)).not.toEqual(s);
  });

  it("generates the demo images deterministically, different per class and per index", () => {
    expect(DEMO_CLASSES.length).toBe(3);
    const a = demoImage(0, 3, 32);
    expect(a.length).toBe(32 * 32 * 3);
    expect(demoImage(0, 3, 32)).toEqual(a);
    expect(demoImage(0, 4, 32)).not.toEqual(a);
    expect(demoImage(1, 3, 32)).not.toEqual(a);
  });

  it("counts a confusion matrix with true classes as rows", () => {
    expect(confusionMatrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 1],
    ]);
  });
});

describe("the cut and the parameters trained", () => {
  it("cuts at the input of row 8 − k: row 7 is block_16, rows 6–7 start at block_13", () => {
    const model = buildMobileNetV2(tf, CFG);
    const c0 = cutInfo(model, 0, CFG.width);
    expect(c0).toMatchObject({ firstLayer: null, topLayers: [], cutShape: [1280] });
    const c1 = cutInfo(model, 1, CFG.width);
    expect(c1.firstLayer).toBe("block_16_expand");
    expect(c1.cutShape).toEqual([3, 3, 56]); // 96 px → 3×3; row 6 outputs 160·0.35 → 56 channels
    expect(c1.topLayers.at(-1)).toBe("global_average_pooling2d");
    const c2 = cutInfo(model, 2, CFG.width);
    expect(c2.firstLayer).toBe("block_13_expand");
    expect(c2.cutShape).toEqual([6, 6, 32]); // row 5 outputs 96·0.35 → 33.6 → 32 channels at 6×6
    expect(() => cutInfo(model, 8)).toThrow(/from 0 to 7/);
    model.dispose();
  });

  it("counts from the spec: the head is 1280·C + C; fine-tuning adds exactly the top's weights", () => {
    expect(trainedParams(0, 3).head).toBe(1280 * 3 + 3);
    expect(trainedParams(0, 3).backbone).toBe(0);
    const model = buildMobileNetV2(tf, { ...CFG, width: 1 });
    for (const k of [0, 1, 2, 7]) {
      const t = buildTop(tf, model, k, 3, 1);
      const built = t.variables.reduce((s, v) => s + v.size, 0);
      expect(trainedParams(k, 3).total, `k = ${k}`).toBe(built);
      disposeTop(t);
    }
    // k = 7 trains everything after the stem conv (Conv1): all but its 3·3·3·32 + 32 weights, with the new head.
    expect(trainedParams(7, 3).total).toBe(trainedParams(7, 3).all - (3 * 3 * 3 * 32 + 32));
    model.dispose();
  });
});

describe("training", () => {
  it("head-only and fine-tuning: only the chosen rows and the head change; export reloads and predicts the same; no tensor left", async () => {
    const base = buildMobileNetV2(tf, CFG);
    const images = Array.from({ length: 8 }, (_, i) => tf.tensor3d(demoImage(i % 2, i, 48), [48, 48, 3], "int32"));
    const labels = images.map((_, i) => i % 2);
    const split = stratifiedSplit(labels, 0.25, 1);
    const pick = (idx: number[]) => ({ images: idx.map((i) => images[i]), labels: idx.map((i) => labels[i]) });
    const [tr, ho] = [pick(split.train), pick(split.heldOut)];

    // Fine-tune the last 2 rows.
    const t = buildTop(tf, base, 2, 2, CFG.width, 3);
    const h = buildTop(tf, base, 0, 2, CFG.width, 5);
    const frozen = frozenPart(tf, base, t.cut);
    const frozen0 = frozenPart(tf, base, h.cut);
    const before = new Map(base.layers.map((l) => [l.name, l.getWeights().map((w) => w.dataSync().slice())]));
    const topBefore = t.variables.map((v) => v.dataSync().slice());
    // Everything exists now: what caching, training, evaluation and export make must all go again.
    const baseline = tf.memory().numTensors;
    const cachedTrain = await cacheActivations(tf, frozen, tr.images, tr.labels, 96, { copies: 1, seed: 2 });
    const cachedHeld = await cacheActivations(tf, frozen, ho.images, ho.labels, 96);
    expect(cachedTrain!.x.shape).toEqual([tr.images.length * 2, 6, 6, 32]);
    // The top computes what the layers compute: same probabilities as the network cut at the same place.
    const viaLayers = tf.tidy(() => {
      const x = tf.stack(ho.images.map((im) => tf.image.resizeBilinear(im, [96, 96]).toFloat().div(127.5).sub(1)));
      return tf
        .model({
          inputs: base.inputs,
          outputs: base.getLayer("global_average_pooling2d").getOutputAt(0) as tf.SymbolicTensor,
        })
        .predict(x) as tf.Tensor;
    });
    const pooledTop = tf.tidy(() => {
      const noHead = {
        ...t,
        steps: t.steps,
        head: { kernel: tf.variable(tf.eye(1280), false), bias: tf.variable(tf.zeros([1280]), false) },
      };
      const z = topForward(tf, noHead, cachedHeld!.x, true);
      disposeTop({ ...noHead, variables: [noHead.head.kernel, noHead.head.bias] });
      return z;
    });
    expect(tf.tidy(() => pooledTop.sub(viaLayers).abs().max().dataSync()[0])).toBeLessThan(1e-4);
    tf.dispose([pooledTop, viaLayers]);

    const state = newTrainState();
    let stopAfter = 2;
    const finished = await train(tf, t, cachedTrain!, cachedHeld!, state, {
      epochs: 2,
      batchSize: 4,
      learningRate: 0.01,
      shouldStop: () => --stopAfter < 0,
    });
    expect(finished).toBe(false); // stopped after 2 of the 3 batches of epoch 1
    expect(state.epochsDone).toBe(0);
    expect(await train(tf, t, cachedTrain!, cachedHeld!, state, { epochs: 2, batchSize: 4, learningRate: 0.01 })).toBe(
      true,
    );
    expect(state.history.map((r) => r.epoch)).toEqual([1, 2]);
    for (const r of state.history) expect(Number.isFinite(r.trainLoss) && Number.isFinite(r.heldOutLoss)).toBe(true);
    // Every fine-tuned variable moved; the pretrained network itself did not.
    expect(trainedLayers(t)[0]).toBe("block_13_expand");
    for (const [i, v] of t.variables.slice(0, -2).entries())
      expect(
        v.dataSync().some((x, j) => x !== topBefore[i][j]),
        `variable ${i}`,
      ).toBe(true);
    tf.tidy(() => {
      for (const l of base.layers)
        for (const [i, w] of l.getWeights().entries()) expect(w.dataSync()).toEqual(before.get(l.name)![i]);
    });

    // Head only: trains the head; nothing else exists to change.
    const f0 = await cacheActivations(tf, frozen0, tr.images, tr.labels, 96);
    const f0h = await cacheActivations(tf, frozen0, ho.images, ho.labels, 96);
    const s0 = newTrainState();
    await train(tf, h, f0!, f0h!, s0, { epochs: 3, batchSize: 4, learningRate: 0.05 });
    expect(trainedLayers(h)).toEqual([]);
    expect(s0.history).toHaveLength(3);

    // Caching, training and evaluating leave nothing behind once their results and optimizers are disposed.
    tf.dispose([f0!.x, f0h!.x, cachedTrain!.x]);
    s0.optimizer?.dispose();
    state.optimizer?.dispose();
    expect(tf.memory().numTensors - 1).toBe(baseline); // cachedHeld, used below

    // The assembled network: fine-tuned rows carry the new weights, earlier rows the pretrained ones; it predicts
    // what the top predicts; exported and reloaded, it predicts the same.
    const full = await assembleFull(tf, base, t);
    tf.tidy(() => {
      for (const l of full.layers.filter((l) => l.getWeights().length && before.has(l.name))) {
        const same = l.getWeights().every((w, i) => w.dataSync().every((x, j) => x === before.get(l.name)![i][j]));
        expect(same, l.name).toBe(!trainedLayers(t).includes(l.name));
      }
    });
    const x = tf.stack(ho.images.map((im) => tf.image.resizeBilinear(im, [96, 96]).toFloat().div(127.5).sub(1)));
    const pFull = tf.tidy(() => full.predict(x) as tf.Tensor);
    const viaTop = await evaluate(tf, t, cachedHeld!);
    const fullP = (await pFull.array()) as number[][];
    for (const [i, p] of viaTop.probabilities.entries())
      for (const [j, v] of p.entries()) expect(fullP[i][j]).toBeCloseTo(v, 4);
    const artifacts = await exportArtifacts(tf, full);
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const again = tf.tidy(() => reloaded.predict(x) as tf.Tensor);
    expect(tf.tidy(() => again.sub(pFull).abs().max().dataSync()[0])).toBeLessThan(1e-6);
    expect(reloaded.outputs[0].shape).toEqual([null, 2]);

    tf.dispose([x, pFull, again, cachedHeld!.x]);
    reloaded.dispose();
    full.dispose();
    disposeTop(t);
    disposeTop(h);
    tf.dispose(images);
    base.dispose();
  }, 120_000);
});
