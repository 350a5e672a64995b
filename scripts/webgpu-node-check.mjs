// Dev check, run on a machine with a GPU (not part of npm test): WebGPU on a real GPU, outside a browser: dawn.node provides navigator.gpu; tfjs' WebGPU backend runs the
// product's MobileNetV2 builder; backend.ts decides from the real adapter.
// Needs dawn.node (npm package "webgpu", not a project dependency): bundle with
//   npx esbuild scripts/webgpu-node-check.mjs --bundle --platform=node --format=esm --outfile=/tmp/check.mjs \
//     --banner:js="import {createRequire} from 'module'; const require = createRequire(import.meta.url);"
// then WEBGPU_MODULE=/path/to/node_modules/webgpu/index.js node /tmp/check.mjs (Vulkan loader and GPU driver needed).
// Measured on an NVIDIA H100 (2026-11-23): adapter "nvidia nvidia-h100-80gb-hbm3", chooseBackend → webgpu;
// MobileNetV2 1.0 @224 first call 1.21 s, median 24.1 ms (product Layers model) vs 16.1 ms (plain-ops baseline);
// tfjs CPU backend on the same machine 3.07 s.
import * as tf from "@tensorflow/tfjs";
import { chooseBackend, isSoftwareRenderer } from "../src/lib/backend.ts";
import { buildMobileNetV2, countWeights } from "../src/lib/build.ts";
import { mobilenetV2Graph } from "../src/lib/graph.ts";
import { opsForward, weightsByLayer } from "../src/lib/ops-forward.ts";
import { median } from "../src/lib/stats.ts";

const webgpuModule = process.env.WEBGPU_MODULE;
if (!webgpuModule) throw new Error("Set WEBGPU_MODULE to dawn.node's index.js (see the header).");
const { create, globals } = await import(webgpuModule);
Object.assign(globalThis, globals);
Object.defineProperty(globalThis, "navigator", { value: { gpu: create([]) }, configurable: true });
// The backend registers itself only if navigator.gpu exists when it is evaluated.
await import("@tensorflow/tfjs-backend-webgpu");
/** @type {(GPUAdapter & { info?: { vendor?: string; architecture?: string; description?: string; device?: string } }) | null} */
const adapter = await navigator.gpu.requestAdapter({ powerPreference: "high-performance" });
const info = adapter?.info ?? {};
const name = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(" ");
const caps = {
  webgpu: { available: !!adapter, software: !!adapter?.isFallbackAdapter || isSoftwareRenderer(name), adapter: name },
  webgl: { available: false },
  wasm: { available: true },
};
const choice = chooseBackend(caps);
console.log(JSON.stringify({ adapter: name, isFallbackAdapter: adapter?.isFallbackAdapter, choice }));
/** @type {object[]} */
const results = [];
for (const backend of adapter ? ["webgpu", "cpu"] : ["cpu"]) {
  await tf.setBackend(backend);
  await tf.ready();
  for (const size of [224]) {
    /** @type {import("../src/lib/spec.ts").ArchConfig} */
    const cfg = { width: 1, resolution: size, classes: 1000, convention: "reference" };
    const model = buildMobileNetV2(tf, cfg, { seed: 3 });
    const graph = mobilenetV2Graph(cfg);
    const w = weightsByLayer(model);
    const x = /** @type {import("@tensorflow/tfjs").Tensor4D} */ (tf.randomUniform([1, size, size, 3], -1, 1));
    /** @param {() => import("@tensorflow/tfjs").Tensor} f */
    const time = async (f) => {
      const t0 = performance.now();
      const y = f();
      await y.data();
      y.dispose();
      return performance.now() - t0;
    };
    const predict = () => /** @type {import("@tensorflow/tfjs").Tensor} */ (model.predict(x));
    const first = await time(predict);
    const runs = backend === "cpu" ? 3 : 20;
    /** @type {number[]} */
    const a = [];
    /** @type {number[]} */
    const b = [];
    for (let i = 0; i < 2; i++) {
      await time(predict);
      await time(() => opsForward(tf, graph, w, x));
    }
    for (let i = 0; i < runs; i++) {
      a.push(await time(predict));
      b.push(await time(() => opsForward(tf, graph, w, x)));
    }
    const y = predict();
    const s = (await y.sum().data())[0];
    results.push({
      backend: tf.getBackend(),
      size,
      firstMs: first,
      productMedianMs: median(a),
      baselineMedianMs: median(b),
      runs,
      trainable: countWeights(model).trainable,
      outputShape: y.shape,
      probSum: s,
    });
    console.log(JSON.stringify(results.at(-1)));
    y.dispose();
    x.dispose();
    model.dispose();
  }
}
process.exit(0);
