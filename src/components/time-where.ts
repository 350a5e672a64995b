/**
 * "Where the time goes, on your device": builds the configured MobileNetV2, runs the fast path (BatchNorm folded,
 * one fused op per conv) with every layer timed separately, and shows each layer kind's and each Table 2 row's
 * measured share of the time beside its share of the multiply-adds, saying which backend and how many runs.
 */
import * as Plot from "@observablehq/plot";
import type * as tfjs from "@tensorflow/tfjs";
import type { BackendStatus } from "../lib/backend.js";
import { buildGraphAsync, kerasModelName } from "../lib/build.js";
import { fuseModelAsync, timeSteps } from "../lib/fast-forward.js";
import { formatMs, formatPercent } from "../lib/format.js";
import { mobilenetV2Graph } from "../lib/graph.js";
import type { ArchConfig } from "../lib/spec.js";
import { yieldToEventLoop } from "../lib/steps.js";
import type { TF } from "../lib/tf-type.js";
import { type Breakdown, KIND_NAMES, timeBreakdown } from "../lib/time-breakdown.js";
import { partLabel } from "./block-nav.js";
import { chart } from "./chart.js";
import { el } from "./dom.js";
import { liveStatus } from "./live-status.js";
import { seriesRange } from "./palette.js";
import { dataTable } from "./table.js";
export function timeWhere(
  tf: TF,
  status: BackendStatus,
  cfg: ArchConfig,
  opts: {
    runs?: number;
    width?: number;
    invalidation?: Promise<unknown>;
    /** Start after this settles (the page's live model), so the two do not compete; if it fails, do not run. */
    after?: Promise<unknown>;
  } = {},
): HTMLElement {
  const runs = opts.runs ?? 10;
  const line = liveStatus("time-where");
  const out = el("div", { class: "time-where-result" });
  const root = el("div", { class: "time-where", "data-runs": runs }, line, out);
  // Aborted when the cell is invalidated (a new configuration starts a new timing): a rejection then is no error.
  const controller = new AbortController();
  const { signal } = controller;
  opts.invalidation?.then(() => controller.abort());
  line.set("running", "Waiting for the live model above to finish…");
  (opts.after ?? Promise.resolve())
    .then(
      () => true,
      () => false,
    )
    .then((go) => {
      if (signal.aborted) return;
      if (!go) {
        line.set("skipped", "Not measured: the live model does not run for this configuration.");
        return;
      }
      measure();
    });
  const measure = () =>
    line
      .run(
        `Timing every layer of the network, ${runs} runs, on ${status.label}…`,
        async () => {
          // Timing does not depend on the weights' values: zeros build fastest.
          // Built layer by layer, yielding to the page (a reader may be dragging a slider meanwhile).
          const model = await buildGraphAsync(tf, mobilenetV2Graph(cfg), { name: kerasModelName(cfg), zeros: true });
          if (signal.aborted) {
            model.dispose();
            signal.throwIfAborted();
          }
          const net = await fuseModelAsync(tf, model);
          const x = tf.zeros([1, cfg.resolution, cfg.resolution, 3]) as tfjs.Tensor4D;
          try {
            // One untimed run first: the backend prepares its kernels then.
            await timeSteps(tf, net, x, 1, yieldToEventLoop, true);
            const gpu = status.name === "webgl" || status.name === "webgpu";
            const steps = await timeSteps(
              tf,
              net,
              x,
              runs,
              async () => {
                signal.throwIfAborted();
                await yieldToEventLoop();
              },
              gpu,
            );
            return timeBreakdown(steps);
          } finally {
            x.dispose();
            net.dispose();
            model.dispose();
          }
        },
        (ms) => `Measured in ${formatMs(ms)} on ${status.label}: medians of ${runs} runs per layer.`,
      )
      .then((b) => out.replaceChildren(...render(b, status, runs, opts.width ?? 640)))
      .catch((e) => {
        if (signal.aborted) return;
        out.replaceChildren(
          el("p", { class: "input-error" }, `The timing could not run: ${e instanceof Error ? e.message : e}`),
        );
      });
  return root;
}

function render(b: Breakdown, status: BackendStatus, runs: number, width: number): Node[] {
  const kinds = b.byKind.filter((k) => k.ms > 0 || k.madds > 0);
  const dw = b.byKind.find((k) => k.key === "depthwise");
  const data = kinds.flatMap((k) => [
    { kind: KIND_NAMES[k.key], measure: "share of the time", share: 100 * k.timeShare },
    { kind: KIND_NAMES[k.key], measure: "share of the multiply-adds", share: 100 * k.maddsShare },
  ]);
  const slower = dw && dw.timeShare > 1.2 * dw.maddsShare;
  const summary = dw
    ? `The depthwise layers do ${formatPercent(dw.maddsShare)} of the multiply-adds and take ${formatPercent(dw.timeShare)} of the time here${
        slower
          ? ": each of their multiply-adds brings fewer others with it (one input channel per filter, none of a 1×1 conv's reuse), so they run further from the processor's peak."
          : "."
      }`
    : "";
  return [
    el(
      "p",
      {
        class: "time-where-summary",
        "data-depthwise-time": dw?.timeShare.toFixed(4),
        "data-depthwise-madds": dw?.maddsShare.toFixed(4),
      },
      `${summary} Sum of the layers: ${formatMs(b.totalMs)} on ${status.label} (medians of ${runs} runs of each layer, timed one at a time).`,
    ),
    chart({
      title: "Share of the time and of the multiply-adds, by layer kind",
      ariaLabel: `Bar chart: ${kinds.map((k) => `${KIND_NAMES[k.key]} ${formatPercent(k.timeShare)} of the time, ${formatPercent(k.maddsShare)} of the multiply-adds`).join("; ")}.`,
      width,
      marginLeft: 250,
      marginRight: 50,
      x: { label: "Share (%)", grid: true },
      y: { label: null, axis: null },
      fy: { label: "Layer kind", domain: kinds.map((k) => KIND_NAMES[k.key]) },
      color: { legend: true, domain: ["share of the time", "share of the multiply-adds"], range: seriesRange(2) },
      height: 70 + 44 * kinds.length,
      marks: [
        Plot.barX(data, { x: "share", y: "measure", fy: "kind", fill: "measure" }),
        Plot.text(data, {
          x: "share",
          y: "measure",
          fy: "kind",
          text: (d) => `${d.share.toFixed(1)}%`,
          dx: 4,
          textAnchor: "start",
        }),
        Plot.ruleX([0]),
      ],
    }),
    dataTable(
      [
        { label: "Layer kind", value: (k) => KIND_NAMES[k.key] },
        { label: "Measured (ms)", value: (k) => k.ms.toFixed(2), num: true },
        { label: "Share of the time", value: (k) => formatPercent(k.timeShare), num: true },
        { label: "Share of the multiply-adds", value: (k) => formatPercent(k.maddsShare), num: true },
      ],
      kinds,
      { ariaLabel: "Measured time and multiply-adds by layer kind" },
    ),
    dataTable(
      [
        {
          label: "Part of the network",
          value: (r) =>
            partLabel(r.key === 0 ? { kind: "stem" } : r.key === 8 ? { kind: "head" } : { kind: "row", row: r.key }),
        },
        { label: "Measured (ms)", value: (r) => r.ms.toFixed(2), num: true },
        { label: "Share of the time", value: (r) => formatPercent(r.timeShare), num: true },
        { label: "Share of the multiply-adds", value: (r) => formatPercent(r.maddsShare), num: true },
      ],
      b.byRow.filter((r) => r.ms > 0),
      { ariaLabel: "Measured time and multiply-adds by Table 2 row" },
    ),
  ];
}
