/**
 * Grad-CAM, saliency, SmoothGrad and the effective receptive field (src/lib/attribution.ts) against an
 * independent route: a float64 loop implementation of a tiny MobileNetV2-shaped network (test/unit/ref-net.ts)
 * differentiated by central finite differences. Also the gradient-friendly executor (net-exec.ts) against
 * tf.LayersModel.predict, and the depthwise input gradient against finite differences at odd sizes and both
 * paddings.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  effectiveReceptiveField,
  gradCam,
  massSquare,
  saliency,
  smoothGradNoise,
  smoothGradSteps,
} from "../../src/lib/attribution.js";
import { depthwiseInputGradient, execNet, forward } from "../../src/lib/net-exec.js";
import { runSteps } from "../../src/lib/steps.js";
import { finiteGradient, type RefTensor, refForward, refNet } from "./ref-net.js";
import { tinyNet } from "./tiny-net.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function seededInput(seed: number, n = 8 * 8 * 3): Float32Array {
  let a = seed;
  return new Float32Array(n).map(() => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return (a / 2147483648) * 2 - 1;
  });
}

function maxRelError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  let err = 0;
  for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
  return err / scale;
}

describe("gradient tools on a tiny MobileNetV2-shaped network vs finite differences in float64", () => {
  const model = tinyNet(7);
  const ref = refNet(model);
  const net = execNet(tf, model);
  const x = seededInput(3);
  const x64: RefTensor = { shape: [8, 8, 3], data: Float64Array.from(x) };
  const logit = (c: number) => (m: Map<string, RefTensor>) => m.get("logits")!.data[c];

  it("the executor computes what tf.LayersModel.predict computes, and the float64 reference agrees", () => {
    const t = tf.tensor4d(x, [1, 8, 8, 3]);
    const want = (model.predict(t) as tf.Tensor).dataSync();
    const got = tf.tidy(() => forward(tf, net, t).get("predictions")!.dataSync());
    t.dispose();
    expect(maxRelError(got, want)).toBeLessThan(1e-5);
    expect(maxRelError(want, refForward(ref, x64).get("predictions")!.data)).toBeLessThan(1e-5);
  });

  for (const layer of ["out_relu", "block_1_expand_relu", "block_2_depthwise_relu"]) {
    it(`Grad-CAM at ${layer} = ReLU(Σ mean finite-difference gradient × map), for every class`, () => {
      const before = tf.memory().numTensors;
      const acts = refForward(ref, x64);
      const A = acts.get(layer)!;
      const [h, w, c] = A.shape;
      let nonZero = 0;
      for (let cls = 0; cls < 5; cls++) {
        // ∂logit/∂A by finite differences, with A replacing the layer's output (the residual add still gets its
        // own input from before the layer, as in the network).
        const g = finiteGradient(A, (a) => logit(cls)(refForward(ref, x64, new Map([[layer, a]]))));
        const alpha = new Float64Array(c);
        for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) alpha[k] += g[p * c + k] / (h * w);
        const want = new Float64Array(h * w);
        for (let p = 0; p < h * w; p++) {
          let s = 0;
          for (let k = 0; k < c; k++) s += alpha[k] * A.data[p * c + k];
          want[p] = Math.max(s, 0);
        }
        const cam = gradCam(tf, net, x, layer, cls);
        expect([cam.h, cam.w]).toEqual([h, w]);
        expect(cam.score).toBeCloseTo(acts.get("logits")!.data[cls], 4);
        expect(maxRelError(cam.weights, alpha), `class ${cls} channel weights`).toBeLessThan(1e-3);
        if (Math.max(...want) > 0) {
          nonZero++;
          expect(maxRelError(cam.values, want), `class ${cls} map`).toBeLessThan(1e-3);
        } else expect(Math.max(...cam.values)).toBe(0);
      }
      // Most classes have something to show (a map that is zero everywhere would test little).
      expect(nonZero).toBeGreaterThanOrEqual(2);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it("saliency = max over colours of |finite-difference ∂logit/∂pixel|", () => {
    for (const cls of [0, 3]) {
      const g = finiteGradient(x64, (xi) => logit(cls)(refForward(ref, xi)));
      const want = new Float64Array(64).map((_, p) => Math.max(...[0, 1, 2].map((k) => Math.abs(g[p * 3 + k]))));
      const got = saliency(tf, net, x, cls);
      expect(maxRelError(got.values, want)).toBeLessThan(1e-3);
    }
  });

  it("SmoothGrad = the mean of those maps over the noisy copies, in steps counting the copies, no tensor left", () => {
    const before = tf.memory().numTensors;
    const opts = { samples: 4, noise: 0.15, seed: 5 };
    const steps: number[] = [];
    const gen = smoothGradSteps(tf, net, x, 2, opts);
    let r = gen.next();
    while (!r.done) {
      steps.push(r.value.done);
      r = gen.next();
    }
    // Steps within each copy (its gradient in segments) say how many copies are done.
    expect([...new Set(steps)]).toEqual([0, 1, 2, 3, 4]);
    const sigma = 0.15 * (Math.max(...x) - Math.min(...x));
    const want = new Float64Array(64);
    for (let i = 0; i < 4; i++) {
      const noise = smoothGradNoise(x.length, sigma, 5, i);
      const xi: RefTensor = { shape: [8, 8, 3], data: Float64Array.from(x, (v, k) => v + noise[k]) };
      const g = finiteGradient(xi, (z) => logit(2)(refForward(ref, z)));
      for (let p = 0; p < 64; p++) want[p] += Math.max(...[0, 1, 2].map((k) => Math.abs(g[p * 3 + k]))) / 4;
    }
    expect(maxRelError(r.value.values, want)).toBeLessThan(1e-3);
    // Stopping after one sample frees everything too.
    const stopped = smoothGradSteps(tf, net, x, 2, opts);
    stopped.next();
    stopped.return({ h: 8, w: 8, values: new Float32Array(64) });
    expect(tf.memory().numTensors).toBe(before);
    expect(runSteps(smoothGradSteps(tf, net, x, 2, { ...opts, samples: 1 })).values.length).toBe(64);
  });

  it("effective receptive field = |finite-difference ∂(cell)/∂pixel| summed over colours", () => {
    for (const [layer, row, col] of [
      ["block_1_depthwise_relu", 1, 2],
      ["block_2_project", 1, 0],
    ] as const) {
      const c = refForward(ref, x64).get(layer)!.shape[2];
      const cell = (m: Map<string, RefTensor>) => {
        const a = m.get(layer)!;
        let s = 0;
        for (let k = 0; k < c; k++) s += a.data[(row * a.shape[1] + col) * c + k];
        return s;
      };
      const g = finiteGradient(x64, (xi) => cell(refForward(ref, xi)));
      const want = new Float64Array(64).map((_, p) => [0, 1, 2].reduce((s, k) => s + Math.abs(g[p * 3 + k]), 0));
      const got = effectiveReceptiveField(tf, net, x, layer, row, col);
      expect(maxRelError(got.values, want), layer).toBeLessThan(1e-3);
    }
  });
});

describe("depthwise input gradient (used where a backend lacks one) vs finite differences", () => {
  for (const [size, stride, same] of [
    [7, 1, true],
    [7, 2, true],
    [8, 2, true],
    [6, 2, true],
    [7, 2, false],
    [5, 1, false],
  ] as const) {
    it(`${size}×${size}, stride ${stride}, ${same ? "same" : "valid"} padding`, () => {
      const c = 2;
      const x = seededInput(11, size * size * c);
      const k = seededInput(12, 9 * c);
      const kernel = tf.tensor4d(k, [3, 3, c, 1]);
      const xt = tf.tensor4d(x, [1, size, size, c]);
      const y = tf.depthwiseConv2d(xt, kernel, stride, same ? "same" : "valid");
      const dyv = seededInput(13, y.size);
      const dy = tf.tensor4d(dyv, y.shape as [number, number, number, number]);
      const got = depthwiseInputGradient(tf, dy, kernel, [1, size, size, c], stride, same).dataSync();
      // d(Σ dy·y)/dx by finite differences of the float64 reference conv.
      const f = (xi: RefTensor) => {
        const out = tf.tidy(() =>
          tf
            .depthwiseConv2d(
              tf.tensor4d(Float32Array.from(xi.data), [1, size, size, c]),
              kernel,
              stride,
              same ? "same" : "valid",
            )
            .dataSync(),
        );
        return Array.from(out).reduce((s: number, v: number, i: number) => s + v * dyv[i], 0);
      };
      const want = finiteGradient({ shape: [size, size, c], data: Float64Array.from(x) }, f, 1e-2);
      expect(maxRelError(got, want)).toBeLessThan(1e-3);
      tf.dispose([kernel, xt, y, dy]);
    });
  }
});

describe("massSquare", () => {
  it("finds the square holding a given share of a map", () => {
    const values = new Float32Array(11 * 11);
    values[5 * 11 + 5] = 6;
    values[5 * 11 + 7] = 3; // two columns right of the centre
    values[0] = 1; // a corner, five rings out
    const m = { h: 11, w: 11, values };
    expect(massSquare(m, 5, 5, 0.5)).toEqual({ side: 1, total: 10 });
    expect(massSquare(m, 5, 5, 0.9)).toEqual({ side: 5, total: 10 });
    expect(massSquare(m, 5, 5, 1)).toEqual({ side: 11, total: 10 });
  });
});
