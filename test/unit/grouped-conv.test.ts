import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildInvertedResidual, buildResnetBottleneck } from "../../src/lib/build.js";
import { compareConvs, groupedConvCost } from "../../src/lib/conv-cost.js";
import { forwardShapes } from "../../src/lib/forward-shapes.js";
import { invertedResidualGraph, resnetBottleneckGraph } from "../../src/lib/graph.js";
import { groupedConv2d, groupedKernels, runConvComparison } from "../../src/lib/grouped-conv.js";
import { traceGraph } from "../../src/lib/trace.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("grouped conv in tfjs", () => {
  it("groups = 1 equals tf.conv2d", () => {
    const x = tf.randomNormal([1, 6, 6, 4], 0, 1, "float32", 3) as tf.Tensor4D;
    const [k] = groupedKernels(tf, { k: 3, cin: 4, cout: 6, groups: 1, seed: 5 });
    const a = groupedConv2d(tf, x, [k]);
    const b = tf.conv2d(x, k, 1, "same");
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, k, a, b]);
  });

  it("groups = cin = cout equals tf.depthwiseConv2d", () => {
    const x = tf.randomNormal([1, 5, 5, 3], 0, 1, "float32", 4) as tf.Tensor4D;
    const ks = groupedKernels(tf, { k: 3, cin: 3, cout: 3, groups: 3, seed: 9 });
    expect(ks.map((k) => k.shape)).toEqual([
      [3, 3, 1, 1],
      [3, 3, 1, 1],
      [3, 3, 1, 1],
    ]);
    const dwKernel = tf.concat(ks, 2) as tf.Tensor4D; // [3,3,3,1]
    const a = groupedConv2d(tf, x, ks);
    const b = tf.depthwiseConv2d(x, dwKernel, 1, "same");
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, ...ks, dwKernel, a, b]);
  });

  it("a grouped conv keeps groups independent", () => {
    // Zeroing the input channels of group 0 must zero exactly the output channels of group 0.
    const x = tf.concat([tf.zeros([1, 4, 4, 2]), tf.ones([1, 4, 4, 2])], 3) as tf.Tensor4D;
    const ks = groupedKernels(tf, { k: 3, cin: 4, cout: 6, groups: 2, seed: 1 });
    const y = groupedConv2d(tf, x, ks);
    expect(y.shape).toEqual([1, 4, 4, 6]);
    const [g0, g1] = tf.split(y, 2, 3);
    expect(tf.max(tf.abs(g0)).dataSync()[0]).toBe(0);
    expect(tf.max(tf.abs(g1)).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([x, ...ks, y, g0, g1]);
  });

  it("rejects groups that do not divide the channels", () => {
    expect(() => groupedKernels(tf, { k: 3, cin: 6, cout: 8, groups: 3 })).toThrow(
      /does not divide the output channels \(8\)/,
    );
  });

  it("runConvComparison agrees with the analytic counts and leaks no tensors", async () => {
    const s = { height: 12, width: 10, cin: 8, cout: 16, k: 3, groups: 4 };
    const before = tf.memory().numTensors;
    const r = await runConvComparison(tf, s);
    expect(tf.memory().numTensors).toBe(before);
    const a = compareConvs(s);
    expect(r.inShape).toEqual([12, 10, 8]);
    expect(r.standard.outShape).toEqual([12, 10, 16]);
    expect(r.standard.params).toBe(3 * 3 * 8 * 16);
    expect(r.standard.params).toBe(a.standard.params);
    expect(r.depthwise.outShape).toEqual([12, 10, 8]);
    expect(r.depthwise.params).toBe(3 * 3 * 8);
    expect(r.pointwise.params).toBe(8 * 16);
    expect(r.separable.params).toBe(a.separable.total.params);
    expect(r.separable.outShape).toEqual([12, 10, 16]);
    expect(r.grouped.outShape).toEqual([12, 10, 16]);
    expect(r.grouped.params).toBe(groupedConvCost(s, 4).params);
    expect(r.grouped.params).toBe((3 * 3 * 8 * 16) / 4);
    for (const l of [r.standard, r.depthwise, r.separable, r.grouped]) expect(l.ms).toBeGreaterThanOrEqual(0);
  });

  it("runConvComparison with stride 2", async () => {
    const r = await runConvComparison(tf, { height: 9, width: 9, cin: 4, cout: 4, k: 5, groups: 4, stride: 2 });
    expect(r.standard.outShape).toEqual([5, 5, 4]);
    expect(r.separable.outShape).toEqual([5, 5, 4]);
    expect(r.grouped.outShape).toEqual([5, 5, 4]);
    expect(r.grouped.params).toBe(5 * 5 * 4);
  });
});

describe("forwardShapes", () => {
  it("reports real per-layer shapes of block_1 (16→24, stride 2 at 112) equal to the trace", async () => {
    const o = { cin: 16, cout: 24, t: 6, stride: 2, size: 112 };
    const model = buildInvertedResidual(tf, o, { seed: 1 });
    const x = tf.randomNormal([1, 112, 112, 16]);
    const before = tf.memory().numTensors;
    const r = await forwardShapes(tf, model, x);
    expect(tf.memory().numTensors).toBe(before);
    const trace = traceGraph(invertedResidualGraph(o));
    expect(r.layers.map((l) => l.name)).toEqual(trace.layers.map((l) => l.name));
    expect(r.layers.map((l) => l.shape)).toEqual(trace.layers.map((l) => l.outShape));
    expect(r.layers.find((l) => l.name === "block_expand")?.shape).toEqual([112, 112, 96]);
    expect(r.layers.find((l) => l.name === "block_depthwise")?.shape).toEqual([56, 56, 96]);
    expect(r.output).toEqual([56, 56, 24]);
    expect(r.layers.some((l) => l.name.endsWith("_add"))).toBe(false);
    x.dispose();
    model.dispose();
  });

  it("includes the add for 24→24 stride 1, and the ResNet bottleneck's shapes", async () => {
    const m = buildInvertedResidual(tf, { cin: 24, cout: 24, t: 6, stride: 1, size: 8 });
    const x = tf.randomNormal([1, 8, 8, 24]);
    const r = await forwardShapes(tf, m, x);
    expect(r.layers.at(-1)).toEqual({ name: "block_add", shape: [8, 8, 24] });
    expect(r.layers.find((l) => l.name === "block_expand")?.shape).toEqual([8, 8, 144]);
    tf.dispose(x);
    m.dispose();
    const o = { cin: 32, mid: 8, cout: 32, stride: 2, size: 8 };
    const rn = buildResnetBottleneck(tf, o);
    const x2 = tf.randomNormal([1, 8, 8, 32]);
    const r2 = await forwardShapes(tf, rn, x2);
    const trace = traceGraph(resnetBottleneckGraph(o));
    // tfjs orders layers topologically (the shortcut branch may come earlier); compare by name.
    const byName = (a: [string, number[]][]) => a.sort((p, q) => p[0].localeCompare(q[0]));
    expect(byName(r2.layers.map((l) => [l.name, l.shape]))).toEqual(
      byName(trace.layers.map((l) => [l.name, l.outShape])),
    );
    expect(r2.layers.find((l) => l.name === "resnet_shortcut")?.shape).toEqual([4, 4, 32]);
    expect(r2.output).toEqual([4, 4, 32]);
    tf.dispose(x2);
    rn.dispose();
  });
});
