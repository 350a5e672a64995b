/**
 * The Playground's live run, on demand: a button builds the edited network in TensorFlow.js and runs it
 * (src/components/live-model.ts checks the live-size limits first and compares tfjs' counts with the arithmetic);
 * once built, the model can be downloaded as model.json + weights for tf.loadLayersModel.
 */
import type { BackendStatus } from "../lib/backend.js";
import type { SiteConfig } from "../lib/config.js";
import { formatMs, formatSI } from "../lib/format.js";
import { describeEstimate, LIVE_LIMITS, liveEstimate } from "../lib/live-limits.js";
import { modelFiles } from "../lib/model-files.js";
import type { TF } from "../lib/tf-type.js";
import type { Trace } from "../lib/trace.js";
import { el } from "./dom.js";
import { download } from "./exports.js";
import { liveCost, liveModel } from "./live-model.js";

export function playgroundLive(
  tf: TF,
  status: BackendStatus,
  cfg: SiteConfig,
  trace: Trace,
  stem: string,
  invalidation: Promise<unknown>,
): HTMLElement {
  const button = el("button", { type: "button", class: "live-run" }, "Build and run this network in TensorFlow.js");
  const cost = liveCost(trace);
  const guess = liveEstimate(cost, status.name);
  const estimate = el(
    "p",
    { class: "muted live-estimate", "data-estimate-ms": String(Math.round(guess.ms)) },
    `It needs ${formatSI(cost.madds)} multiply-adds for two forward passes and ${formatSI(cost.params ?? 0)} weights: ${describeEstimate(guess)}. This page runs up to ${formatSI(LIVE_LIMITS.madds)} multiply-adds and ${formatSI(LIVE_LIMITS.params)} weights${status.name === "wasm" || status.name === "cpu" ? `, and about ${formatMs(LIVE_LIMITS.ms)} of work on ${status.label}, which computes on the page's own thread` : ""}.`,
  );
  const holder = el("div", { class: "live-holder" });
  const saves = el("div", { class: "model-downloads", hidden: true });
  const root = el("div", { class: "playground-live", "data-state": "idle" }, button, estimate, holder, saves);
  button.addEventListener("click", () => {
    button.disabled = true;
    root.dataset.state = "running";
    const live = liveModel(tf, status, cfg, trace, invalidation);
    holder.replaceChildren(live.element);
    live.result
      .then(async (r) => {
        const files = await modelFiles(tf, r.model, stem);
        const save = (what: string, name: string, data: Blob | string) => {
          const b = el("button", { type: "button", "data-download": what }, `Download ${name}`);
          b.addEventListener("click", () => download(name, data, "application/json"));
          return b;
        };
        saves.replaceChildren(
          "The built model, for tf.loadLayersModel (keep both files in one folder): ",
          save("model-json", files.jsonName, files.json),
          " ",
          save("model-weights", files.weightsName, new Blob([files.weights], { type: "application/octet-stream" })),
        );
        saves.hidden = false;
        root.dataset.state = "done";
      })
      .catch(() => {
        root.dataset.state = live.element.dataset.state ?? "error";
        button.disabled = false;
      });
  });
  return root;
}
