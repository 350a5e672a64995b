import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildMobileNetV2 } from "../../src/lib/build.js";
import { fuseModel, timeSteps } from "../../src/lib/fast-forward.js";
import type { ArchConfig } from "../../src/lib/spec.js";
import { timeBreakdown } from "../../src/lib/time-breakdown.js";
import { traceMobileNetV2 } from "../../src/lib/trace.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("where the time goes", () => {
  it("sums measured steps by layer kind and Table 2 row; multiply-adds agree with the analytic trace", async () => {
    const cfg: ArchConfig = { width: 0.5, resolution: 64, classes: 10, convention: "reference" };
    const model = buildMobileNetV2(tf, cfg, { zeros: true });
    const net = fuseModel(tf, model);
    const x = tf.zeros([1, 64, 64, 3]) as tf.Tensor4D;
    const steps = await timeSteps(tf, net, x, 2, undefined, false);
    const b = timeBreakdown(steps);
    // The independent reference: the analytic trace's multiply-adds by role (convs and classifier).
    const trace = traceMobileNetV2(cfg);
    const by = (roles: string[]) =>
      trace.layers.filter((l) => roles.includes(l.role) && l.op !== "batchnorm").reduce((s, l) => s + l.madds, 0);
    const kind = (k: string) => b.byKind.find((r) => r.key === k);
    expect(kind("depthwise")?.madds).toBe(by(["depthwise"]));
    expect(kind("expansion")?.madds).toBe(by(["expansion"]));
    expect(kind("projection")?.madds).toBe(by(["projection"]));
    expect(kind("stem")?.madds).toBe(by(["stem"]));
    expect(kind("head")?.madds).toBe(by(["last", "classifier"]));
    expect(b.totalMadds).toBe(by(["stem", "expansion", "depthwise", "projection", "last", "classifier"]));
    // Shares add up to 1, and the rows hold the same totals as the kinds.
    const sum = (xs: number[]) => xs.reduce((a, c) => a + c, 0);
    expect(sum(b.byKind.map((r) => r.timeShare))).toBeCloseTo(1, 9);
    expect(sum(b.byRow.map((r) => r.maddsShare))).toBeCloseTo(1, 9);
    expect(sum(b.byRow.map((r) => r.ms))).toBeCloseTo(b.totalMs, 9);
    // Row 2 (t=6, c=24, n=2, s=2) is blocks 1 and 2: their multiply-adds.
    const row2 = trace.layers
      .filter((l) => /^block_[12]_/.test(l.name) && l.op !== "batchnorm")
      .reduce((s, l) => s + l.madds, 0);
    expect(b.byRow[2].madds).toBe(row2);
    expect(b.byKind.every((r) => r.ms > 0)).toBe(true);
    tf.dispose(x);
    net.dispose();
    model.dispose();
  });
});
