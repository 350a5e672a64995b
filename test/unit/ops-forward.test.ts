import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildGraph } from "../../src/lib/build.js";
import { mobilenetV2Graph } from "../../src/lib/graph.js";
import { opsForward, weightsByLayer } from "../../src/lib/ops-forward.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("plain-ops forward (the benchmark's baseline)", () => {
  it("computes the same function as the Layers model, BatchNorm included", async () => {
    const cfg = { width: 0.35, resolution: 64, classes: 10, convention: "reference" as const };
    const graph = mobilenetV2Graph(cfg);
    const model = buildGraph(tf, graph, { seed: 1 });
    // Non-trivial BatchNorm statistics, so the test would notice a swapped mean/variance.
    for (const l of model.layers.filter((l) => l.getClassName() === "BatchNormalization")) {
      const [g, b, m, v] = l.getWeights();
      l.setWeights([
        tf.randomUniform(g.shape, 0.5, 1.5),
        tf.randomNormal(b.shape),
        tf.randomNormal(m.shape),
        tf.randomUniform(v.shape, 0.5, 2),
      ]);
    }
    const x = tf.randomUniform([2, 64, 64, 3], -1, 1) as tf.Tensor4D;
    const a = model.predict(x) as tf.Tensor;
    const b = opsForward(tf, graph, weightsByLayer(model), x);
    expect(b.shape).toEqual([2, 10]);
    const diff = (await tf.max(tf.abs(tf.sub(a, b))).data())[0];
    expect(diff).toBeLessThan(1e-5);
    tf.dispose([a, b, x]);
    model.dispose();
  });
});
