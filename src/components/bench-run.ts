/**
 * The Benchmark page's run (src/lib/bench.ts does the measuring): reads its parameters from the address, loads
 * the pretrained model and sample photos when the site has them, measures the matMul ceiling, then every size,
 * then (at 224 with real weights) the fast path's top-5 against the educational model's on the photos. Shows
 * progress, and the result as JSON in <pre id="bench-json"> for `npm run bench`.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { addAddressKeys } from "../lib/address.js";
import type { BackendStatus } from "../lib/backend.js";
import { benchSize, type Ceiling, copyWeights, matMulCeiling, type SizeResult, top5Agreement } from "../lib/bench.js";
import { buildMobileNetV2 } from "../lib/build.js";
import { fuseModel } from "../lib/fast-forward.js";
import { preprocess } from "../lib/preprocess.js";
import { yieldToEventLoop } from "../lib/steps.js";
import type { TF } from "../lib/tf-type.js";
import { assetURL, loadManifest } from "./assets.js";
import { el } from "./dom.js";
import { liveStatus } from "./live-status.js";

// The Benchmark page's own address keys (read below), so the site's address check does not flag them.
addAddressKeys("sizes", "runs", "warmup", "matmul", "top5");

/** What ran: the backend, and for a GPU backend the adapter or renderer and whether it is software-emulated. */
function backendFacts(status: BackendStatus) {
  const gpu =
    status.name === "webgpu"
      ? { adapter: status.caps.webgpu.adapter ?? null, software: status.caps.webgpu.software ?? null }
      : status.name === "webgl"
        ? { adapter: status.caps.webgl.renderer ?? null, software: status.caps.webgl.software ?? null }
        : { adapter: null, software: null };
  return { backend: status.name, ...gpu, fallback: status.fallback };
}

export function benchRun(tf: TF, status: BackendStatus, threads: number | null): HTMLElement {
  const p = new URLSearchParams(location.search);
  const num = (k: string, d: number) => (p.has(k) && Number.isFinite(Number(p.get(k))) ? Number(p.get(k)) : d);
  const sizes = (p.get("sizes") ?? "224,160,128,96").split(",").map(Number);
  const runs = num("runs", 20);
  const warmup = num("warmup", 3);
  const matmul = num("matmul", 1024);
  const line = liveStatus(undefined, { cls: "bench-status" });
  line.set("running", "Starting…");
  const root = el("div", {}, line);
  (async () => {
    const manifest = await loadManifest();
    const entry = manifest.models[0];
    let pretrained: tfjs.LayersModel | null = null;
    if (entry) {
      line.set("running", `Loading ${entry.id}…`);
      pretrained = await tf.loadLayersModel(assetURL(manifest, entry.url));
    }
    line.set("running", `Measuring a ${matmul}×${matmul} matMul…`);
    const ceiling: Ceiling = await matMulCeiling(tf, matmul, Math.max(5, Math.min(runs, 10)), yieldToEventLoop);
    const results: SizeResult[] = [];
    for (const size of sizes)
      results.push(
        await benchSize(tf, size, {
          sizes,
          runs,
          warmup,
          pretrained,
          ceiling,
          pause: yieldToEventLoop,
          onProgress: (w) => line.set("running", w),
        }),
      );
    let top5: Awaited<ReturnType<typeof top5Agreement>> | null = null;
    if (pretrained && p.get("top5") !== "0") {
      line.set("running", "Top-5 on the sample photos…");
      const edu = buildMobileNetV2(tf, { width: 1, resolution: 224, classes: 1000, convention: "reference" });
      copyWeights(tf, pretrained, edu);
      const net = fuseModel(tf, edu);
      const inputs: { name: string; x: tfjs.Tensor4D }[] = [];
      for (const img of manifest.images) {
        const bitmap = await createImageBitmap(await (await fetch(assetURL(manifest, img.url))).blob());
        inputs.push({ name: img.file, x: preprocess(tf, bitmap, 224).input });
      }
      top5 = await top5Agreement(tf, edu, net, inputs);
      tf.dispose(inputs.map((i) => i.x));
      net.dispose();
      edu.dispose();
    }
    pretrained?.dispose();
    const result = {
      ...backendFacts(status),
      threads,
      userAgent: navigator.userAgent,
      cores: navigator.hardwareConcurrency,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      weights: entry ? entry.id : "random (no pretrained model installed)",
      runs,
      warmup,
      ceiling,
      sizes: results,
      top5,
      numTensorsAfter: tf.memory().numTensors,
    };
    line.set("done", "Done.");
    root.append(el("pre", { id: "bench-json" }, JSON.stringify(result, null, 1)));
  })().catch((e) => {
    line.set("error", `The benchmark failed: ${e instanceof Error ? e.message : String(e)}`);
    root.append(el("pre", { id: "bench-error" }, String(e instanceof Error ? e.stack : e)));
  });
  return root;
}
