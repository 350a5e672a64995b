/**
 * Passes in steps (net-exec.ts: cutPoints, segmentBounds, forwardSteps, gradSteps): the cuts are the layers the
 * network's wiring allows (written out here for the tiny network from its diagram), and a pass or a gradient run
 * segment by segment equals one `forward` / one tf.grad through the whole network, on the tiny network and on the
 * full MobileNetV2 1.0 graph (random weights, small input), leaving no tensor behind, also when stopped early.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildMobileNetV2 } from "../../src/lib/build.js";
import {
  cutPoints,
  disposeNet,
  type ExecNet,
  execNet,
  forward,
  forwardSteps,
  type GradResult,
  gradSteps,
  layerCosts,
  STEP_COST,
  segmentBounds,
} from "../../src/lib/net-exec.js";
import { runSteps } from "../../src/lib/steps.js";
import { tinyNet } from "./tiny-net.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function seeded(seed: number, n: number): Float32Array {
  let a = seed;
  return new Float32Array(n).map(() => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return (a / 2147483648) * 2 - 1;
  });
}

/** Largest |got − want| over the largest |want|. */
function relError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let scale = 0;
  let err = 0;
  for (let i = 0; i < want.length; i++) {
    scale = Math.max(scale, Math.abs(want[i]));
    err = Math.max(err, Math.abs(got[i] - want[i]));
  }
  return scale > 0 ? err / scale : err;
}

/** Run a step generator to its end, counting its steps. */
function drain<R>(g: Generator<void, R>): { value: R; steps: number } {
  let steps = 0;
  for (;;) {
    const r = g.next();
    if (r.done) return { value: r.value, steps };
    steps++;
  }
}

/** One tf.grad through the whole pass: ∂objective(of)/∂(output of wrt), with zeros added there for a layer. */
function wholeGradient(
  net: ExecNet,
  x: tf.Tensor,
  of: string,
  objective: (y: tf.Tensor) => tf.Scalar,
  wrt?: string,
): Float32Array {
  return tf.tidy(() => {
    if (!wrt)
      return tf
        .grad((xi: tf.Tensor) => objective(forward(tf, net, xi, { outputs: [of] }).get(of)!))(x)
        .dataSync();
    const a = forward(tf, net, x, { outputs: [wrt] }).get(wrt)!;
    return tf
      .grad((d: tf.Tensor) => objective(forward(tf, net, x, { outputs: [of], add: new Map([[wrt, d]]) }).get(of)!))(
        tf.zerosLike(a),
      )
      .dataSync();
  }) as Float32Array;
}

const logit = (c: number) => (y: tf.Tensor) => tf.squeeze(tf.slice(y, [0, c], [1, 1])) as tf.Scalar;
const cell = (row: number, col: number) => (y: tf.Tensor) =>
  tf.sum(tf.slice(y, [0, row, col, 0], [1, 1, 1, y.shape[3]!])) as tf.Scalar;

describe("passes in steps on a tiny MobileNetV2-shaped network", () => {
  const model = tinyNet(7);
  const net = execNet(tf, model);
  const x = tf.tensor4d(seeded(3, 8 * 8 * 3), [1, 8, 8, 3]);

  it("the cuts are the input, the stem, the residual add and every layer after it", () => {
    // From tiny-net.ts's diagram: the stem's output is read again by block_1_add, so nothing between
    // Conv1_relu and block_1_add is a cut; block 2 has no shortcut, so each of its layers is one.
    const names = net.nodes.map((n) => n.name);
    const inBlock1 = names.slice(names.indexOf("Conv1_relu") + 1, names.indexOf("block_1_add"));
    expect(inBlock1).toContain("block_1_depthwise_relu");
    expect([...cutPoints(net)]).toEqual(names.filter((n) => !inBlock1.includes(n)));
  });

  it("segment bounds run from → to through cuts, and a larger budget gives fewer, a tiny one every cut", () => {
    const all = segmentBounds(net, "input", "logits", 1);
    const cuts = cutPoints(net);
    expect(all).toEqual([...cuts].slice(0, [...cuts].indexOf("logits") + 1));
    expect(segmentBounds(net, "input", "logits", Number.POSITIVE_INFINITY)).toEqual(["input", "logits"]);
    const total = layerCosts(net).reduce((a, b) => a + b, 0);
    const three = segmentBounds(net, "input", "logits", total / 3);
    expect(three.length).toBeGreaterThan(2);
    expect(three.length).toBeLessThan(all.length);
    // A bound that is not a cut ends only the last segment.
    expect(segmentBounds(net, "Conv1_relu", "block_1_depthwise_relu", 1)).toEqual([
      "Conv1_relu",
      "block_1_depthwise_relu",
    ]);
    expect(() => segmentBounds(net, "block_1_expand", "logits")).toThrow(/cannot start after block_1_expand/);
  });

  it("forwardSteps gives forward's outputs for every budget, with quantization too, and frees the rest", () => {
    const outputs = ["block_1_depthwise_relu", "block_2_project", "predictions"];
    const quant = new Map([
      ["input", { scale: 2 / 255, zeroPoint: 0, qmin: -128, qmax: 127 }],
      ["block_1_add", { scale: 0.05, zeroPoint: -10, qmin: -128, qmax: 127 }],
    ]);
    for (const q of [undefined, quant]) {
      const want = tf.tidy(() => [...forward(tf, net, x, { outputs, quant: q }).values()].map((t) => t.dataSync()));
      for (const budget of [1, 1e4, Number.POSITIVE_INFINITY]) {
        const before = tf.memory().numTensors;
        const { value, steps } = drain(forwardSteps(tf, net, x, { outputs, quant: q, budget }));
        expect([...value.keys()].sort()).toEqual([...outputs].sort());
        for (const [i, name] of outputs.entries()) expect(relError(value.get(name)!.dataSync(), want[i])).toBe(0);
        expect(steps).toBe(segmentBounds(net, "input", "predictions", budget).length - 1);
        tf.dispose([...value.values()]);
        expect(tf.memory().numTensors).toBe(before);
      }
    }
    // Starting from a cut's value.
    const mid = tf.tidy(() => forward(tf, net, x, { outputs: ["block_1_add"] }).get("block_1_add")!);
    const from = runSteps(forwardSteps(tf, net, mid, { from: "block_1_add", outputs: ["logits"], budget: 1 }));
    const whole = tf.tidy(() =>
      forward(tf, net, x, { outputs: ["logits"] })
        .get("logits")!
        .dataSync(),
    );
    expect(relError(from.get("logits")!.dataSync(), whole)).toBe(0);
    tf.dispose([mid, ...from.values()]);
  });

  const cases: [string, string, (y: tf.Tensor) => tf.Scalar, string | undefined][] = [
    ["saliency: a logit w.r.t. the input", "logits", logit(2), undefined],
    [
      "Grad-CAM: a logit w.r.t. a layer inside the residual block (not a cut)",
      "logits",
      logit(1),
      "block_1_expand_relu",
    ],
    ["Grad-CAM: a logit w.r.t. out_relu (a cut)", "logits", logit(4), "out_relu"],
    ["Grad-CAM: a logit w.r.t. block_1_project, read by the add", "logits", logit(0), "block_1_project"],
    ["receptive field: a cell w.r.t. the input", "block_2_project", cell(1, 0), undefined],
    ["a layer w.r.t. itself", "block_2_expand_relu", cell(0, 1), "block_2_expand_relu"],
  ];
  for (const [what, of, objective, wrt] of cases)
    it(`gradSteps = one tf.grad of the whole pass (${what}), every budget, nothing leaked`, () => {
      const want = wholeGradient(net, x, of, objective, wrt);
      const wantValue = tf.tidy(() => objective(forward(tf, net, x, { outputs: [of] }).get(of)!).dataSync()[0]);
      expect(Math.max(...want.map(Math.abs))).toBeGreaterThan(0);
      for (const budget of [1, 3e4, Number.POSITIVE_INFINITY]) {
        const before = tf.memory().numTensors;
        const { value: r } = drain(gradSteps(tf, net, x, { of, objective, wrt, budget, keep: wrt ? [wrt] : [] }));
        expect(relError(r.grad.dataSync(), want), `budget ${budget}`).toBeLessThan(1e-5);
        expect(r.value).toBeCloseTo(wantValue, 5);
        if (wrt) {
          const a = tf.tidy(() =>
            forward(tf, net, x, { outputs: [wrt] })
              .get(wrt)!
              .dataSync(),
          );
          expect(relError(r.kept.get(wrt)!.dataSync(), a)).toBe(0);
        }
        tf.dispose([r.grad, ...r.kept.values()]);
        expect(tf.memory().numTensors).toBe(before);
      }
    });

  it("a gradient stopped part-way frees everything", () => {
    const before = tf.memory().numTensors;
    for (let stopAt = 1; stopAt < 12; stopAt++) {
      const g = gradSteps(tf, net, x, { of: "logits", objective: logit(0), wrt: "block_1_expand_relu", budget: 1 });
      for (let i = 0; i < stopAt; i++) g.next();
      g.return({} as GradResult);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});

describe("passes in steps on the full MobileNetV2 1.0 graph (random weights, 32×32 input)", () => {
  it("split into short steps, the gradient of a logit w.r.t. the input and w.r.t. block_13_expand_relu is unchanged", () => {
    const model = buildMobileNetV2(tf, { width: 1, resolution: 32, classes: 10, convention: "reference" }, { seed: 3 });
    const net = execNet(tf, model);
    const x = tf.tensor4d(seeded(9, 32 * 32 * 3), [1, 32, 32, 3]);
    const of = net.logits!;
    const before = tf.memory().numTensors;
    for (const wrt of [undefined, "block_13_expand_relu"]) {
      const want = wholeGradient(net, x, of, logit(3), wrt);
      const { value: r, steps } = drain(gradSteps(tf, net, x, { of, objective: logit(3), wrt, budget: 1 }));
      expect(steps).toBeGreaterThan(17);
      expect(relError(r.grad.dataSync(), want)).toBeLessThan(1e-5);
      tf.dispose([r.grad, ...r.kept.values()]);
    }
    expect(tf.memory().numTensors).toBe(before);
    // Each block's output is a cut (17 blocks), and a 224×224 pass takes about 30 forward steps.
    const cuts = cutPoints(net);
    for (let b = 1; b <= 16; b++) {
      const end = net.nodes.some((n) => n.name === `block_${b}_add`) ? `block_${b}_add` : `block_${b}_project_BN`;
      expect(cuts.has(end), end).toBe(true);
    }
    const at224: ExecNet = { ...net, input: [224, 224, 3] };
    const forwardSegments = segmentBounds(at224, "input", of, STEP_COST).length - 1;
    console.log(
      `MobileNetV2 1.0 at 224: ${cuts.size} cuts of ${net.nodes.length} layers; ${forwardSegments} forward steps, ${segmentBounds(at224, "input", of, STEP_COST / 3).length - 1} gradient steps`,
    );
    expect(forwardSegments).toBeGreaterThanOrEqual(20);
    expect(forwardSegments).toBeLessThanOrEqual(40);
    x.dispose();
    disposeNet(net);
    model.dispose();
  });
});
