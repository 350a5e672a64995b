/**
 * The trained weight sets the site has (the float TF.js model when it was installed at build time, the int8
 * TFLite checkpoint that ships with the site), loaded with the explorer's model loader, plus what the gradient
 * tools need: the network as plain ops (net-exec.ts) and, for the int8 file, its activation grid.
 */

import { activationQuantization } from "../lib/int8-compare.js";
import { type ActQuant, disposeNet, type ExecNet, execNet } from "../lib/net-exec.js";
import { yieldToEventLoop } from "../lib/steps.js";
import type { TF } from "../lib/tf-type.js";
import { readTflite } from "../lib/tflite.js";
import { describeImport, importMobileNetTflite } from "../lib/tflite-mobilenet.js";
import { assetURL, type Manifest } from "./assets.js";
import { type LiveStatus, liveStatus } from "./live-status.js";
import { type LoadedModel, loadModel, type WeightsChoice } from "./model-loader.js";
import { addressControl, addressInitial } from "./url-state.js";

export type WeightSet = "float" | "int8";

/** The installed weight sets: the first TF.js layers model (float) and the first .tflite file (int8). */
export function weightSets(manifest: Manifest): Record<WeightSet, WeightsChoice | null> {
  const m = manifest.models[0];
  const t = manifest.tflite[0];
  return {
    float: m
      ? {
          kind: "installed",
          id: m.id,
          url: assetURL(manifest, m.url),
          labels: m.labels ? assetURL(manifest, m.labels) : null,
        }
      : null,
    int8: t
      ? {
          kind: "tflite",
          name: `${t.id}.tflite`,
          url: assetURL(manifest, t.url),
          labels: t.labels ? assetURL(manifest, t.labels) : null,
        }
      : null,
  };
}

export interface TrainedModel {
  set: WeightSet;
  loaded: LoadedModel;
  net: ExecNet;
  /** The int8 file's activation grid, by layer name (empty for the float model). */
  quant: Map<string, ActQuant>;
  dispose(): void;
}

/** Load one weight set; the TFLite file's 1001st "background" output is dropped so both have 1000 classes. */
async function loadTrained(
  tf: TF,
  choice: WeightsChoice,
  set: WeightSet,
  onProgress: (fraction: number, what: string) => void,
): Promise<TrainedModel> {
  let quant = new Map<string, ActQuant>();
  const loaded = await loadModel(tf, choice, onProgress, {
    tflite: async (bytes, progress) => {
      const opts = { dropBackground: true };
      const { model, imported } = await importMobileNetTflite(tf, bytes, {
        ...opts,
        onProgress: (p) => progress(p.fraction, p.what),
      });
      quant = activationQuantization(readTflite(bytes), imported);
      return {
        model,
        summary: describeImport(imported, opts),
        warnings: imported.warnings,
        width: imported.config.width,
      };
    },
  });
  await yieldToEventLoop(); // reading the layers and transposing kernels is a task of its own
  const net = execNet(tf, loaded.model);
  return {
    set,
    loaded,
    net,
    quant,
    dispose() {
      disposeNet(net);
      // The tapped model shares the model's layers: disposing the model frees them (as the explorer does).
      loaded.model.dispose();
    },
  };
}

const SET_NAMES: Record<WeightSet, string> = {
  float: "float32 weights (TF.js model)",
  int8: "int8 checkpoint (TFLite, dequantized to float32)",
};

/** Radio buttons for the installed weight sets (a missing one is disabled and says so); value: the set. */
export function weightSetChoice(sets: Record<WeightSet, WeightsChoice | null>): HTMLElement & { value: WeightSet } {
  const root = document.createElement("fieldset") as unknown as HTMLElement & { value: WeightSet };
  root.className = "inside-sets";
  const legend = document.createElement("legend");
  legend.textContent = "Trained weights";
  root.append(legend);
  const first: WeightSet = sets.float ? "float" : "int8";
  // The set starts where the page's address left it (page-address.ts keeps it there), if it is installed.
  const installed = (t: string) => (t === "float" || t === "int8") && sets[t] !== null;
  let value = addressInitial("weights", installed, first) as WeightSet;
  const inputs: HTMLInputElement[] = [];
  for (const set of ["float", "int8"] as WeightSet[]) {
    const label = document.createElement("label");
    label.className = "inside-radio";
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "inside-weights";
    input.value = set;
    input.checked = set === value;
    input.disabled = !sets[set];
    input.addEventListener("change", () => {
      if (!input.checked) return;
      value = set;
      root.dispatchEvent(new Event("input", { bubbles: true }));
    });
    input.addEventListener("input", (e) => e.stopPropagation());
    label.append(input, ` ${SET_NAMES[set]}${sets[set] ? "" : " — not installed in this site"}`);
    root.append(label);
    inputs.push(input);
  }
  Object.defineProperty(root, "value", { get: () => value });
  addressControl(root, "weights", {
    default: first,
    get: () => value,
    set: (text) => {
      const input = inputs.find((i) => i.value === text);
      if (!installed(text) || !input || input.checked) return;
      input.checked = true;
      input.dispatchEvent(new Event("change"));
    },
  });
  return root;
}

/** A progress line that loads a weight set; `ready` resolves to the model (or rejects with a reader's message). */
export function trainedLoading(
  tf: TF,
  sets: Record<WeightSet, WeightsChoice | null>,
  set: WeightSet,
  /** The backend it is loaded on (data-backend), when the page reloads it after a backend switch. */
  backend?: string,
): LiveStatus & { ready: Promise<TrainedModel> } {
  const root = liveStatus(undefined, { cls: "inside-load" }) as LiveStatus & { ready: Promise<TrainedModel> };
  if (backend) root.dataset.backend = backend;
  const choice = sets[set];
  if (choice) root.set("running", `Loading the ${SET_NAMES[set]}…`);
  root.ready = (async () => {
    if (!choice) throw new Error(`The ${SET_NAMES[set]} are not installed in this site.`);
    const t0 = performance.now();
    try {
      const m = await loadTrained(tf, choice, set, (f, what) =>
        root.progress(f, 1, `${what}: ${Math.round(f * 100)}%`),
      );
      root.dataset.set = set;
      root.set(
        "done",
        `Loaded the ${SET_NAMES[set]} in ${Math.round(performance.now() - t0)} ms: ${m.loaded.source}` +
          `${m.loaded.details ? ` (${m.loaded.details})` : ""}.`,
      );
      return m;
    } catch (e) {
      root.set("error", `The ${SET_NAMES[set]} could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  })();
  return root;
}
