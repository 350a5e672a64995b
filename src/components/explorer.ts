/**
 * The Activations explorer's controller: load the chosen weights with a progress line, say which weights the
 * network uses, and run one forward pass per image and block. Its state is exposed on the status elements as
 * data-* attributes (data-state, data-load and data-load-ms on the load status; data-state, data-image,
 * data-group, data-top1, data-run and data-ms on the run status), which is what tests wait on.
 */

import { topK } from "../lib/activation-stats.js";
import type { TapGroup } from "../lib/activation-taps.js";
import { type ActivationRun, type LayerActivation, runActivations } from "../lib/activations.js";
import { formatInt, formatMs } from "../lib/format.js";
import { type CropBox, centreCrop, type PixelSource, preprocess } from "../lib/preprocess.js";
import { yieldToEventLoop } from "../lib/steps.js";
import type { TF } from "../lib/tf-type.js";
import type { Manifest } from "./assets.js";
import { el } from "./dom.js";
import type { ChosenImage } from "./image-input.js";
import { type LiveStatus, liveStatus } from "./live-status.js";
import { type LoadedModel, prefetchModel, type WeightsChoice, weightsKeeper } from "./model-loader.js";
import { tfliteImporter } from "./tflite-importer.js";
import { classLabel } from "./top5-chart.js";
import type { WeightsPicker } from "./weights-picker.js";

/**
 * Holds the network in use: weights that cannot be loaded leave it in place (model-loader.ts). The files of the
 * `first` choice start downloading now, while the page's tfjs backend may still be starting.
 */
export function networkKeeper(tf: TF, first?: WeightsChoice) {
  if (first) prefetchModel(first);
  return weightsKeeper(tf, { tflite: tfliteImporter(tf) });
}

/** The status line that shows loading progress, then what was loaded. */
export function loadStatusLine(): LiveStatus {
  return liveStatus(undefined, { cls: "act-load-status" });
}

export type LoadedNetwork = LoadedModel & { error: string | null };

let loads = 0;

/**
 * Load `weights` through `keeper` on the page's tfjs backend (`backend`, the page's reactive status: when a GPU
 * backend is replaced, the same weights are loaded again on the new one), showing progress and then a summary in
 * `status`. Weights that cannot be loaded are refused at the picker (`picker.refuse`), and the network in use stays
 * (random weights when there is none).
 */
export async function loadNetwork(
  keeper: ReturnType<typeof networkKeeper>,
  weights: WeightsChoice,
  picker: WeightsPicker,
  status: LiveStatus,
  backend: { label: string },
): Promise<LoadedNetwork> {
  status.set("running", "");
  const onProgress = (f: number, what: string) => status.progress(f, 1, `${what}: ${Math.round(f * 100)}%`);
  const { model: m, error } = await keeper.load(weights, onProgress);
  if (error) picker.refuse(`Could not load these weights: ${error}`, keeper.choice);
  const line = (className: string, textContent: string) => el("div", { class: className }, textContent);
  status.set("done", [
    ...(error
      ? [
          line(
            "act-load-error",
            `Could not load the chosen weights: ${error} The network in use is still the one below.`,
          ),
        ]
      : []),
    line(
      "act-load-summary",
      `Network ready in ${formatMs(m.loadMs)} on ${backend.label}: ${m.source}; ` +
        `input ${m.resolution}×${m.resolution}×3, ${formatInt(m.model.countParams())} parameters, ${m.classes} classes, ` +
        `${m.groups.length} stops (stem, ${m.groups.filter((g) => g.part.kind === "row").length} blocks, head), ${m.tapLayers.length} layers tapped.`,
    ),
    ...(m.details ? [line("act-import", `Imported: ${m.details}.`)] : []),
    ...m.warnings.map((w) => line("act-import-warning", `Importer warning: ${w}`)),
  ]);
  loads++;
  Object.assign(status.dataset, {
    load: String(loads),
    loadMs: String(m.loadMs),
    backend: backend.label,
    kind: m.kind,
    source: m.source,
    resolution: String(m.resolution),
    classes: String(m.classes),
  });
  if (error) status.dataset.error = error;
  else delete status.dataset.error;
  return { ...m, error };
}

/** Which weights the network uses, and, for random weights, why and how to get trained ones. */
export function weightsNotice(loaded: LoadedNetwork, manifest: Manifest): HTMLElement {
  if (loaded.pretrained)
    return el(
      "p",
      { class: "act-notice act-notice-ok" },
      `Using trained weights: ${loaded.source}. ${loaded.labels ? "Class names come from its labels file." : "No class names were found, so classes are shown by number."}` +
        (loaded.kind === "tflite"
          ? " The network computes in float32 with the file's weights (dequantized where they are stored as integers); it does not imitate TFLite's integer arithmetic, so probabilities can differ by a few percent from the float model's."
          : ""),
    );
  const installed = manifest.models.length || manifest.tflite.length;
  const why = loaded.error
    ? ` because the chosen weights could not be loaded: ${loaded.error} `
    : installed
      ? " because you chose them. "
      : " (this copy of the site was built without trained weights). ";
  const code = (t: string) => el("code", {}, t);
  return el(
    "div",
    { class: "act-notice act-notice-random", role: "note" },
    el("strong", {}, "This network uses random weights"),
    why,
    "The feature maps still show what each layer's shape and ReLU6 do, but the predictions mean nothing. ",
    ...(installed
      ? ["Choose trained weights above."]
      : [
          "To see a trained MobileNetV2, load a ",
          code("model.json"),
          " and its shards, or a ",
          code(".tflite"),
          " file, above.",
        ]),
  );
}

/** The status line that says a forward pass is running, then what it found (or why it failed). */
export function runStatusLine(): LiveStatus {
  return liveStatus(undefined, { cls: "act-run-status", id: "act-run-status" });
}

export type ExplorerRun =
  | (ActivationRun & { failed?: false; group: TapGroup })
  | { failed: true; group: TapGroup; layers: Map<string, LayerActivation>; probabilities: null };

let runs = 0;

/**
 * The centred square of a canvas, copied 1:1 onto a canvas of its own (the same pixels, nothing resampled): the
 * backend then reads only the square and slices nothing (tfjs-backend-wasm slices a 3-D tensor in JavaScript, one
 * pixel at a time, when the square does not span whole rows: ~10 ms for a landscape photo). Null when the slice
 * is one block of memory already (a portrait or square image: whole rows) or the source is not a canvas.
 */
function centreSquare(source: PixelSource): { square: HTMLCanvasElement; crop: CropBox } | null {
  if (typeof HTMLCanvasElement === "undefined" || !(source instanceof HTMLCanvasElement)) return null;
  const crop = centreCrop(source.width, source.height);
  if (crop.x === 0) return null;
  const square = document.createElement("canvas");
  square.width = square.height = crop.size;
  const g = square.getContext("2d", { willReadFrequently: true })!;
  g.drawImage(source, crop.x, crop.y, crop.size, crop.size, 0, 0, crop.size, crop.size);
  return { square, crop };
}

/**
 * The network's input for `source`: cropped, resized and scaled, read back asynchronously (dataSync() on WebGPU
 * reads through a canvas, which made SwiftShader lose its device). A read that fails gives `data: null` and the
 * reason, which runNetwork reports where its result would be, instead of breaking the cell.
 */
export async function networkInput(
  tf: TF,
  source: PixelSource,
  resolution: number,
): Promise<{ data: Float32Array | null; crop: CropBox; error?: string }> {
  // A task of its own: this cell runs right after the network has loaded (or the image decoded), which was one
  // long task with it.
  await yieldToEventLoop();
  const cut = centreSquare(source);
  const { input, crop } = cut
    ? { input: preprocess(tf, cut.square, resolution).input, crop: cut.crop }
    : preprocess(tf, source, resolution);
  try {
    return { data: new Float32Array(await input.data()), crop };
  } catch (e) {
    return { data: null, crop, error: e instanceof Error ? e.message : String(e) };
  } finally {
    input.dispose();
  }
}

/** One forward pass of `input` through the loaded network, keeping the activations of `groupId`'s layers. */
export async function runNetwork(
  tf: TF,
  status: LiveStatus,
  o: {
    loaded: LoadedNetwork;
    input: { data: Float32Array | null; error?: string };
    groupId: string;
    image: ChosenImage;
    backend: string;
  },
): Promise<ExplorerRun> {
  const { loaded } = o;
  status.dataset.image = o.image.file ?? o.image.name;
  status.set("running", "Running the network…");
  const g = loaded.groups.find((x) => x.id === o.groupId) ?? loaded.groups[0];
  const keep = new Set(g.taps.map((t) => t.layer));
  // A task of its own (the preprocessing ran in this one), but no wait for a frame: the forward pass gives the page
  // its turn every ~30 ms, so "running" is painted if the pass takes longer than a frame.
  await yieldToEventLoop();
  let r: ActivationRun;
  try {
    if (!o.input.data) throw new Error(o.input.error);
    r = await runActivations(tf, loaded.tapped, loaded.tapLayers, o.input.data, loaded.resolution, keep);
  } catch (e) {
    // Say what went wrong where the result would be; the cells below stay empty instead of breaking.
    status.set(
      "error",
      `The network could not run on this image (${e instanceof Error ? e.message : e}). Try another image, or the WebAssembly backend (?backend=wasm).`,
    );
    return { failed: true, group: g, layers: new Map(), probabilities: null };
  }
  const best = topK(r.probabilities, 1)[0];
  runs++;
  // The data-* first: a test waiting on data-state="done" reads them at once.
  Object.assign(status.dataset, {
    group: g.id,
    top1: classLabel(loaded.labels, best.index),
    run: String(runs),
    ms: String(r.ms),
  });
  status.set(
    "done",
    `One forward pass collected ${loaded.tapLayers.length} layers' activations and the class probabilities in ${formatMs(r.ms)} on ${o.backend}.`,
  );
  return { ...r, group: g };
}
