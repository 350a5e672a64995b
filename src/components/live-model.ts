/**
 * The live cell of the architecture page: builds the configured MobileNetV2 with tfjs in the browser
 * (yielding to the page while it allocates weights), runs a forward pass, and checks tfjs' own parameter
 * count and layer shapes against the analytic trace. Shows progress, timing and the backend.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { BackendStatus } from "../lib/backend.js";
import { buildGraphAsync, countWeights, layerShapes } from "../lib/build.js";
import { fastForwardAsync, fastPredict, fuseModelAsync } from "../lib/fast-forward.js";
import { formatInt, formatMs } from "../lib/format.js";
import { mobilenetV2Graph } from "../lib/graph.js";
import { type LiveCost, liveLimitProblem } from "../lib/live-limits.js";
import type { ArchConfig } from "../lib/spec.js";
import type { TF } from "../lib/tf-type.js";
import type { Trace } from "../lib/trace.js";
import { el } from "./dom.js";
import { liveStatus } from "./live-status.js";

export interface LiveResult {
  trainable: number;
  nonTrainable: number;
  outputShape: number[];
  shapes: Map<string, number[]>;
  buildMs: number;
  firstRunMs: number;
  warmRunMs: number;
  probabilitySum: number;
  /** The built model (disposed when the cell is invalidated), e.g. to save it. */
  model: tfjs.LayersModel;
}

/** The configuration is too large to run live; the message says why. */
class NotRun extends Error {}

export function liveModel(
  tf: TF,
  status: BackendStatus,
  cfg: ArchConfig,
  trace: Trace,
  invalidation?: Promise<unknown>,
): { element: HTMLElement; result: Promise<LiveResult>; signal: AbortSignal } {
  const progress = liveStatus();
  const out = el("dl", { class: "live-result" });
  // The configuration rides on the element, so a reader's tools (and the tests) can tell this run's result
  // from the previous configuration's.
  const element = el(
    "div",
    { class: "live-model", "data-state": "building", "data-config": configKey(cfg) },
    progress,
    out,
  );
  let model: tfjs.LayersModel | undefined;
  // Aborted when the cell is invalidated (a new configuration starts a new run): a rejection then is no error.
  const controller = new AbortController();
  const { signal } = controller;
  invalidation?.then(() => {
    controller.abort();
    model?.dispose();
  });
  const row = (term: string, key: string, value: string, ok?: boolean) =>
    out.append(
      el("dt", {}, term),
      el("dd", { "data-live": key, class: ok === undefined ? "" : ok ? "live-ok" : "live-bad" }, value),
    );
  // Too large to build and run without freezing the page (or exhausting its memory): say so, keep the counts.
  const tooBig = liveLimitProblem(liveCost(trace), {}, status.name);
  const result = (async (): Promise<LiveResult> => {
    if (tooBig) throw new NotRun(tooBig);
    const graph = mobilenetV2Graph(cfg);
    const total = graph.nodes.length;
    progress.progress(0, total + 2, `Building ${total} layers in tfjs (${status.label})…`);
    const t0 = performance.now();
    model = await buildGraphAsync(tf, graph, {
      onProgress: (p) => progress.progress(p.done, total + 2, `Building layer ${p.done} of ${total}: ${p.layer}`),
    });
    signal.throwIfAborted();
    const buildMs = performance.now() - t0;
    const counts = countWeights(model);
    const shapes = layerShapes(model);
    progress.progress(
      total,
      total + 2,
      `Running a forward pass on a 1×${cfg.resolution}×${cfg.resolution}×3 input${status.name === "webgpu" ? " (the first WebGPU run compiles its shaders and can take seconds)" : ""}…`,
    );
    await new Promise((ok) => setTimeout(ok, 0));
    // Timed on the fast path (BatchNorm folded into the convs, one fused op each): the same function as the
    // model above, which keeps its BatchNorm layers for the counts.
    const fused = await fuseModelAsync(tf, model);
    const x = tf.randomUniform([1, cfg.resolution, cfg.resolution, 3], -1, 1) as tfjs.Tensor4D;
    // The first run (when the backend prepares every kernel) yields between layers; the warm one runs in one go.
    const run = async (first: boolean) => {
      const s = performance.now();
      const y = first ? (await fastForwardAsync(tf, fused, x)).output : fastPredict(tf, fused, x);
      const data = (await y.data()) as Float32Array;
      const shape = y.shape;
      y.dispose();
      let sum = 0;
      for (const v of data) sum += v;
      return { ms: performance.now() - s, shape, sum };
    };
    let first: Awaited<ReturnType<typeof run>>;
    let warm: typeof first;
    try {
      first = await run(true);
      progress.progress(total + 1, total + 2, "Running it again, warm…");
      // A separate task: the page paints and answers input between the two passes.
      await new Promise((ok) => setTimeout(ok, 0));
      warm = await run(false);
    } finally {
      x.dispose();
      fused.dispose();
    }
    signal.throwIfAborted();
    progress.set("done", `Done on ${status.label}.`);
    const okTrain = counts.trainable === trace.totals.params;
    const okStats = counts.nonTrainable === trace.totals.bnStats;
    row("Backend", "backend", status.label);
    row("Built", "build-ms", `${total} layers in ${formatMs(buildMs)}`);
    row(
      "Trainable parameters (tfjs)",
      "trainable",
      `${formatInt(counts.trainable)} ${okTrain ? "✓ equals" : "✗ differs from"} the analytic ${formatInt(trace.totals.params)}`,
      okTrain,
    );
    row(
      "Non-trainable: BatchNorm statistics (tfjs)",
      "non-trainable",
      `${formatInt(counts.nonTrainable)} ${okStats ? "✓ equals" : "✗ differs from"} the analytic ${formatInt(trace.totals.bnStats)}`,
      okStats,
    );
    const okShape = first.shape.slice(1).join() === trace.output.join();
    row("Output shape", "output-shape", `[${first.shape.join(", ")}] ${okShape ? "✓" : "✗"}`, okShape);
    row("Probabilities sum to", "prob-sum", first.sum.toFixed(4));
    row(
      "Forward pass (BatchNorm folded into the convs)",
      "timing",
      `first ${formatMs(first.ms)} (includes warm-up), warm ${formatMs(warm.ms)}`,
    );
    element.dataset.state = "done";
    return {
      trainable: counts.trainable,
      nonTrainable: counts.nonTrainable,
      outputShape: first.shape,
      shapes,
      buildMs,
      firstRunMs: first.ms,
      warmRunMs: warm.ms,
      probabilitySum: first.sum,
      model: model!,
    };
  })();
  result.catch((e) => {
    if (signal.aborted) {
      progress.set("skipped", "");
      return;
    }
    if (e instanceof NotRun) {
      element.dataset.state = "skipped";
      progress.set("skipped", "");
      out.replaceChildren(
        el(
          "p",
          { class: "live-skipped", "data-live": "skipped" },
          `${e.message}. Every count on this page is still exact; a smaller width, resolution or number of classes runs live again.`,
        ),
      );
      return;
    }
    element.dataset.state = "error";
    progress.set("error", "");
    out.replaceChildren(
      el("p", { class: "input-error" }, `The live model could not run: ${e instanceof Error ? e.message : e}`),
    );
  });
  return { element, result, signal };
}

/** What building and running `trace`'s network live costs: a first and a warm forward pass, every weight, the largest tensor. */
export function liveCost(trace: Trace): LiveCost {
  return {
    madds: 2 * trace.totals.madds,
    params: trace.totals.params + trace.totals.bnStats,
    values: Math.max(...trace.layers.map((l) => l.outShape.reduce((a, b) => a * b, 1))),
  };
}

/** "width/resolution/classes/convention", e.g. "0.5/224/1000/reference". */
function configKey(cfg: ArchConfig): string {
  return `${cfg.width}/${cfg.resolution}/${cfg.classes}/${cfg.convention}`;
}
