/**
 * Where the explorer's network comes from: the pretrained weights installed with the site, a URL, files the
 * reader picks (model.json + weight shards, TF.js layers format with Keras layer names), or random
 * initialisation. Every loader reports progress and returns the model, its class names and a description.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { activationTaps, type TapGroup } from "../lib/activation-taps.js";
import { buildGraphAsync, kerasModelName } from "../lib/build.js";
import { type FusedNetwork, fuseModel } from "../lib/fast-forward.js";
import { mobilenetV2Graph } from "../lib/graph.js";
import type { ArchConfig } from "../lib/spec.js";
import type { TF } from "../lib/tf-type.js";
import { checkModelJson, explainLoadError, labelsProblem, WeightsProblem } from "../lib/weights-check.js";

export type WeightsChoice =
  /** `weights`: the shard URLs, when the manifest lists them (prefetchModel fetches them beside model.json). */
  | { kind: "installed"; id: string; url: string; labels: string | null; weights?: string[] }
  | { kind: "url"; url: string }
  | { kind: "files"; files: File[] }
  | { kind: "random" }
  /**
   * A TFLite flatbuffer (a picked file or one installed with the site), with class names from a URL (installed)
   * or a picked labels file; needs a TfliteImporter.
   */
  | {
      kind: "tflite";
      name: string;
      file?: File;
      url?: string;
      labels?: string | null;
      labelsFile?: File;
      /** Who made the checkpoint and its licence, for a shipped file ("Google (…), Apache License 2.0"). */
      credit?: string;
    };

/** What a TfliteImporter returns: the model and, for the reader, what was imported. */
export interface TfliteImport {
  model: tfjs.LayersModel;
  /** One line: width, resolution, classes, how the weights are stored (describeImport in tflite-mobilenet.ts). */
  summary: string;
  /** The importer's warnings (things that differ from the expected graph but do not change the weights). */
  warnings: string[];
  /** The width multiplier the importer recognised. */
  width: number;
}

/**
 * Turns .tflite bytes into a tf.LayersModel with Keras layer names (the TFLite import, src/lib/tflite*.ts),
 * reporting progress. Kept as a parameter so that this loader does not depend on it; the page wires it in with
 * importMobileNetTflite and describeImport.
 */
export type TfliteImporter = (
  bytes: Uint8Array,
  onProgress: (fraction: number, what: string) => void,
) => Promise<TfliteImport>;

export interface LoadedModel {
  model: tfjs.LayersModel;
  /**
   * The fast path over the model's weights (BatchNorm folded, fused ops; src/lib/fast-forward.ts): one run gives
   * every tapped layer and the class probabilities. Disposing the model disposes it too.
   */
  tapped: FusedNetwork;
  groups: TapGroup[];
  tapLayers: string[];
  labels: string[] | null;
  pretrained: boolean;
  source: string;
  resolution: number;
  classes: number;
  loadMs: number;
  /** Which kind of choice this model came from. */
  kind: WeightsChoice["kind"];
  /** Width multiplier when known (random initialisation, TFLite import); null for layers models. */
  width: number | null;
  /** What an import found (TFLite: width, resolution, classes, weight storage); null otherwise. */
  details: string | null;
  warnings: string[];
}

const RANDOM_CONFIG: ArchConfig = {
  width: 1,
  resolution: 224,
  classes: 1000,
  convention: "reference",
  batchNorm: false,
};

/** Class names, dropping a leading "background" when the list has one more entry than the classifier. */
export function fitLabels(labels: unknown, classes: number): string[] | null {
  if (!Array.isArray(labels)) return null;
  let l = labels.map(String);
  if (l.length === classes + 1 && /background/i.test(l[0])) l = l.slice(1);
  return l.length === classes ? l : null;
}

/** Class names from a labels file's text: a JSON array (labels.json) or one name per line (labels.txt). */
function parseLabels(name: string, text: string): unknown {
  if (!name.endsWith(".json")) return text.split(/\r?\n/).filter((s) => s.trim() !== "");
  try {
    return JSON.parse(text);
  } catch {
    throw new WeightsProblem(`${base(name)} is not valid JSON, so its class names cannot be read.`);
  }
}

const base = (path: string) => path.split("/").pop() ?? path;

async function readLabelsFile(file: File): Promise<unknown> {
  return parseLabels(file.name, await file.text());
}

async function fetchLabels(url: string): Promise<unknown> {
  return parseLabels(new URL(url, location.href).pathname, await (await fetchEarly(url)).text());
}

type FinishFields = Omit<
  LoadedModel,
  "model" | "tapped" | "groups" | "tapLayers" | "resolution" | "classes" | "labels" | "width" | "details" | "warnings"
>;

function finish(
  tf: TF,
  model: tfjs.LayersModel,
  rest: FinishFields & { labels: unknown } & Partial<Pick<LoadedModel, "width" | "details" | "warnings">>,
): LoadedModel {
  const classesOut = model.outputs[0].shape[model.outputs[0].shape.length - 1] as number;
  const labelsWrong = labelsProblem(rest.labels, classesOut);
  if (labelsWrong) {
    model.dispose();
    throw new WeightsProblem(labelsWrong);
  }
  const groups = activationTaps(model.layers.map((l) => l.name));
  const inShape = model.inputs[0].shape;
  const outShape = model.outputs[0].shape;
  if (!groups.some((g) => g.part.kind === "row") || inShape.length !== 4 || inShape[3] !== 3) {
    model.dispose();
    throw new WeightsProblem(
      "this is another network, not a MobileNetV2 with Keras layer names (expected layers such as Conv1_relu, block_1_expand_relu, block_1_project) and an RGB image input.",
    );
  }
  const tapLayers = groups.flatMap((g) => g.taps.map((t) => t.layer));
  let tapped: FusedNetwork;
  try {
    tapped = fuseModel(tf, model);
  } catch (e) {
    model.dispose();
    throw new Error(`this network has a layer the site cannot run: ${e instanceof Error ? e.message : String(e)}`);
  }
  // The fused network shares the model's unfolded weights and owns its folded ones: one dispose frees both.
  const disposeModel = model.dispose.bind(model);
  model.dispose = () => {
    tapped.dispose();
    return disposeModel();
  };
  const classes = outShape[outShape.length - 1] as number;
  return {
    width: null,
    details: null,
    warnings: [],
    ...rest,
    model,
    tapped,
    groups,
    tapLayers,
    resolution: (inShape[1] as number) ?? 224,
    classes,
    labels: fitLabels(rest.labels, classes),
  };
}

/**
 * Responses fetched ahead (absolute URL → response), so that an installed model's files download while the page's
 * tfjs backend is still starting. Each use gets a clone; the entries go once the model has loaded.
 */
const ahead = new Map<string, Promise<Response>>();
const absolute = (url: string) => new URL(url, location.href).href;

/** `fetch`, answered from `ahead` when the file was fetched ahead. */
function fetchEarly(url: string | URL | Request, init?: RequestInit): Promise<Response> {
  const early = typeof url === "string" ? ahead.get(absolute(url)) : undefined;
  return early ? early.then((r) => r.clone()) : fetch(url, init);
}

function fetchAhead(url: string): Promise<Response> {
  const key = absolute(url);
  let p = ahead.get(key);
  if (!p) {
    p = fetch(key, { priority: "low" }); // after what the page needs first (the backend's WebAssembly)
    p.catch(() => {}); // a failure is reported when the file is used
    ahead.set(key, p);
  }
  return p;
}

/**
 * Start downloading what loading `choice` will need (an installed model: its model.json, weight shards and labels),
 * before the network can be built (the backend may still be starting). Loading it later takes the files from here;
 * what cannot be fetched or read is left for the load to report as usual.
 */
export function prefetchModel(choice: WeightsChoice): void {
  if (choice.kind !== "installed") return;
  if (choice.labels) fetchAhead(choice.labels);
  // Shards the manifest lists start at once; the ones model.json lists are fetched ahead too (the same ones,
  // unless the manifest is older than the files), once it has arrived.
  for (const w of choice.weights ?? []) fetchAhead(w);
  fetchAhead(choice.url)
    .then((r) => (r.ok ? r.clone().json() : null))
    .then((json: { weightsManifest?: { paths?: unknown }[] } | null) => {
      // The shards sit beside model.json, as tfjs finds them (io/http.ts: the URL up to its last "/").
      const prefix = choice.url.slice(0, choice.url.lastIndexOf("/") + 1);
      for (const g of json?.weightsManifest ?? [])
        if (Array.isArray(g.paths)) for (const p of g.paths) if (typeof p === "string") fetchAhead(prefix + p);
    })
    .catch(() => {});
}

export async function loadModel(
  tf: TF,
  choice: WeightsChoice,
  onProgress: (fraction: number, what: string) => void,
  opts: { tflite?: TfliteImporter } = {},
): Promise<LoadedModel> {
  const t0 = performance.now();
  if (choice.kind === "tflite") {
    if (!opts.tflite) throw new Error("this build of the site has no TFLite import");
    onProgress(0, `reading ${choice.name}`);
    let bytes: Uint8Array;
    if (choice.file) bytes = new Uint8Array(await choice.file.arrayBuffer());
    else {
      const res = await fetch(choice.url!);
      if (!res.ok) throw new Error(`${choice.name} could not be fetched (HTTP ${res.status})`);
      bytes = new Uint8Array(await res.arrayBuffer());
    }
    let imported: TfliteImport;
    try {
      imported = await opts.tflite(bytes, (f, what) => onProgress(0.05 + 0.95 * f, what));
    } catch (e) {
      // The parser reading past the end of the bytes means the file is cut short (or not a flatbuffer at all).
      const why =
        e instanceof RangeError
          ? "the file is cut short or corrupt (its structure points past its end)"
          : e instanceof Error
            ? e.message
            : String(e);
      throw new WeightsProblem(`${choice.name}: ${why}`);
    }
    let labels: unknown = null;
    if (choice.labelsFile) labels = await readLabelsFile(choice.labelsFile);
    else if (choice.labels) labels = await fetchLabels(choice.labels);
    const { model, summary, warnings, width } = imported;
    const source = `TFLite file ${choice.name}${choice.file ? " (your file)" : choice.credit ? ` (ships with this site: ${choice.credit})` : " (installed with this site)"}`;
    return finish(tf, model, {
      labels,
      pretrained: true,
      source,
      loadMs: performance.now() - t0,
      kind: "tflite",
      width,
      details: summary,
      warnings,
    });
  }
  if (choice.kind === "random") {
    const model = await buildGraphAsync(tf, mobilenetV2Graph(RANDOM_CONFIG), {
      name: kerasModelName(RANDOM_CONFIG),
      seed: 1,
      onProgress: (p) => onProgress(p.done / p.total, `initialising layer ${p.layer}`),
    });
    return finish(tf, model, {
      labels: null,
      pretrained: false,
      source: "random initialisation (He-normal, seed 1), BatchNorm folded away",
      loadMs: performance.now() - t0,
      kind: "random",
      width: RANDOM_CONFIG.width,
    });
  }
  if (choice.kind === "files") {
    const json = choice.files.find(
      (f) => f.name.endsWith("model.json") || (f.name.endsWith(".json") && f.name !== "labels.json"),
    );
    if (!json) throw new Error("pick a model.json together with its weight shards (.bin)");
    const bins = choice.files.filter((f) => f.name.endsWith(".bin"));
    const labelsFile = choice.files.find((f) => /labels.*\.(json|txt)$/.test(f.name));
    onProgress(0, `reading ${json.name} and ${bins.length} shard(s)`);
    checkModelJson(await json.text(), json.name, bins);
    let model: tfjs.LayersModel;
    try {
      model = await tf.loadLayersModel(tf.io.browserFiles([json, ...bins]));
    } catch (e) {
      throw new WeightsProblem(explainLoadError(e, json.name));
    }
    const labels = labelsFile ? await readLabelsFile(labelsFile) : null;
    return finish(tf, model, {
      labels,
      pretrained: true,
      source: `your files (${json.name} + ${bins.length} shard(s))`,
      loadMs: performance.now() - t0,
      kind: "files",
    });
  }
  const url = choice.url;
  const name = base(new URL(url, location.href).pathname);
  const res = await fetchEarly(url).catch(() => null);
  if (!res?.ok) throw new WeightsProblem(`${name} could not be fetched${res ? ` (HTTP ${res.status})` : ""}.`);
  checkModelJson(await res.text(), name);
  const labelsUrl = choice.kind === "installed" ? choice.labels : null;
  // The labels download while the weights do; an unreadable labels file is reported after the weights, as before.
  const labelsRead = labelsUrl ? fetchLabels(labelsUrl) : null;
  labelsRead?.catch(() => {});
  let model: tfjs.LayersModel;
  try {
    model = await tf.loadLayersModel(url, {
      onProgress: (f: number) => onProgress(f, "downloading weights"),
      fetchFunc: fetchEarly,
    });
  } catch (e) {
    throw new WeightsProblem(explainLoadError(e, name));
  } finally {
    ahead.clear(); // every file is read (the labels by their own clone): the responses fetched ahead can go
  }
  const labels = labelsRead ? await labelsRead : null;
  const source =
    choice.kind === "installed"
      ? `pretrained ImageNet weights installed with this site (${choice.id})`
      : `weights from ${url}`;
  return finish(tf, model, { labels, pretrained: true, source, loadMs: performance.now() - t0, kind: choice.kind });
}

/**
 * The explorer's network across weight choices: a new choice replaces the network only once it has loaded; if
 * it cannot be loaded, the network in use stays (it is not disposed) and `error` says why, so the page can put
 * the picker back on the weights still in use (weightsPicker's refuse). Only the very first load falls back to
 * random initialisation, since there is nothing to keep yet. After the page's tfjs backend changed (a GPU that
 * stopped working, runtime.ts), the network in use is gone with its backend: the same choice is loaded again
 * from its source (the installed file, the picked files) on the new backend.
 */
export function weightsKeeper(tf: TF, opts: { tflite?: TfliteImporter } = {}) {
  let kept: { choice: WeightsChoice; model: LoadedModel; backend: string } | null = null;
  return {
    /** The choice whose network is in use. */
    get choice(): WeightsChoice | null {
      return kept?.choice ?? null;
    },
    async load(
      choice: WeightsChoice,
      onProgress: (fraction: number, what: string) => void,
    ): Promise<{ model: LoadedModel; error: string | null }> {
      const backend = tf.getBackend();
      // The choice to go back to when this one fails, loaded again if its network was on another backend.
      const before = kept?.choice ?? null;
      if (kept && kept.backend !== backend) {
        try {
          kept.model.model.dispose();
        } catch {
          // its backend may not even free memory any more
        }
        kept = null;
      }
      if (kept && kept.choice === choice) return { model: kept.model, error: null };
      let error: string | null = null;
      let model: LoadedModel;
      try {
        model = await loadModel(tf, choice, onProgress, opts);
      } catch (e) {
        error = e instanceof WeightsProblem ? e.message : explainLoadError(e);
        if (kept) return { model: kept.model, error };
        ({ choice, model } = await fallback(before && before !== choice ? before : null, onProgress));
      }
      const old = kept;
      kept = { choice, model, backend };
      old?.model.model.dispose();
      return { model, error };
    },
  };

  /** The weights in use before (loaded again on this backend), else random initialisation. */
  async function fallback(
    before: WeightsChoice | null,
    onProgress: (fraction: number, what: string) => void,
  ): Promise<{ choice: WeightsChoice; model: LoadedModel }> {
    if (before)
      try {
        return { choice: before, model: await loadModel(tf, before, onProgress, opts) };
      } catch {
        // they loaded once, but not now (a file gone): random weights
      }
    const random: WeightsChoice = { kind: "random" };
    return { choice: random, model: await loadModel(tf, random, onProgress) };
  }
}
