/**
 * The transfer-learning bench: shared settings (learning rate, epochs, batch size, augmented copies), two
 * panels side by side — head only, and fine-tuning the last k rows plus the head — each with Train / Stop /
 * Resume, progress and time per epoch, live loss and accuracy curves (training and held-out), the parameters it
 * trains (counted from the spec), a confusion matrix and an export; and predictions of both on a new image.
 * The computation is src/lib/transfer.ts; this file draws and wires it. Each panel's element carries data-state
 * (idle, caching, training, stopped, done, error) and, once trained, data-heldout-accuracy and data-epochs.
 *
 * A GPU backend that stops working rebuilds the bench on the next backend (the page's network is loaded again).
 * What was trained is not lost: after every epoch each panel copies its trained weights and history off the
 * backend (`kept`, per class set), and the rebuilt panel computes the frozen part again on the new backend, puts
 * those weights back, and evaluates them again (data-restored says so); the image tried last is classified again.
 */
import * as Plot from "@observablehq/plot";
import type * as tfjs from "@tensorflow/tfjs";
import { formatInt, formatMs } from "../lib/format.js";
import type { TF } from "../lib/tf-type.js";
import {
  assembleFull,
  buildTop,
  type Cached,
  cacheActivations,
  confusionMatrix,
  cutInfo,
  DEMO_CLASSES,
  disposeTop,
  type EpochResult,
  evaluate,
  exportArtifacts,
  frozenPart,
  newTrainState,
  ROWS,
  stratifiedSplit,
  type Top,
  type TrainState,
  toInput,
  topForward,
  train,
  trainedParams,
} from "../lib/transfer.js";
import { chart } from "./chart.js";
import { el } from "./dom.js";
import { liveStatus, nextPaint } from "./live-status.js";
import { numberInput } from "./number-input.js";
import { SERIES as C } from "./palette.js";
import { isBackendFailure } from "./runtime.js";
import { dataTable } from "./table.js";
import { type ClassSetsValue, demoCanvas, fileToCanvas } from "./transfer-data.js";

export interface LabNetwork {
  model: tfjs.LayersModel;
  resolution: number;
  width: number;
  /** Where the weights come from, for the reader. */
  source: string;
  /** The backend it was loaded on, for the reader (a training kept across a backend switch names it). */
  backend: string;
}

/** Largest cache of activations a panel may hold (values), about 400 MB of float32. */
const CACHE_LIMIT_VALUES = 100e6;
/** Share of each class's images held out for testing. */
const HELD_OUT = 0.25;

interface Settings {
  learningRate: number;
  epochs: number;
  batchSize: number;
  copies: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** One panel's training, copied off the backend after an epoch: enough to show it again on another backend. */
interface KeptPanel {
  k: number;
  copies: number;
  /** The top's variables (rows fine-tuned, then the head's kernel and bias), in Top.variables' order. */
  weights: { shape: number[]; values: Float32Array }[];
  history: EpochResult[];
  epochsDone: number;
  target: number;
  /** Whether the run had reached its target (Train more) or was stopped (Resume). */
  done: boolean;
}

/** What a bench keeps across a backend switch, for one class set (the page's data value). */
interface Kept {
  panels: Map<string, KeptPanel>;
  tried?: { canvas: HTMLCanvasElement; name: string };
}

/** Per class set: a rebuilt bench (same data, a network loaded again on the new backend) takes its training back. */
const keptFor = new WeakMap<ClassSetsValue, Kept>();

function curves(history: TrainState["history"], what: "loss" | "accuracy", width: number): HTMLElement {
  const rows = history.flatMap((h) => [
    { epoch: h.epoch, set: "training", v: what === "loss" ? h.trainLoss : h.trainAccuracy * 100 },
    { epoch: h.epoch, set: "held out", v: what === "loss" ? h.heldOutLoss : h.heldOutAccuracy * 100 },
  ]);
  const last = history.at(-1);
  return chart({
    title: what === "loss" ? "Loss" : "Accuracy",
    ariaLabel: last
      ? `${what} per epoch; after epoch ${last.epoch}: training ${what === "loss" ? last.trainLoss.toFixed(3) : pct(last.trainAccuracy)}, held out ${what === "loss" ? last.heldOutLoss.toFixed(3) : pct(last.heldOutAccuracy)}`
      : `${what} per epoch: no epoch yet`,
    width,
    height: 170,
    marginLeft: 45,
    x: { label: "Epoch", domain: [0.5, Math.max(2, history.length) + 0.5], tickFormat: "d" },
    y:
      what === "loss"
        ? { label: "Cross-entropy loss (nats)", grid: true, zero: true }
        : { label: "Accuracy (%)", domain: [0, 100], grid: true },
    color: { legend: true, domain: ["training", "held out"], range: [C.blue, C.orange] },
    marks: [Plot.line(rows, { x: "epoch", y: "v", stroke: "set", marker: "dot" })],
  }) as HTMLElement;
}

function confusionTable(names: string[], m: number[][]): HTMLElement {
  const rows = m.map((counts, i) => ({ name: names[i], i, counts }));
  return dataTable(
    [
      { label: "true ↓ / predicted →", rowHeader: true, value: (r) => r.name },
      ...names.map((n, j) => ({
        label: n,
        num: true,
        value: (r: (typeof rows)[number]) => String(r.counts[j]),
        cls: (r: (typeof rows)[number]) => (r.i === j ? "tl-diag" : r.counts[j] ? "tl-off" : null),
      })),
    ],
    rows,
    {
      cls: "tl-confusion",
      caption: "Held-out images: true class (rows) against predicted class (columns)",
      rowData: (r) => ({ class: r.name }),
    },
  );
}

function download(name: string, text: string): void {
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

interface Panel {
  root: HTMLElement;
  /** Settles once a training kept from another backend is shown again (at once when there is none). */
  restored: Promise<void>;
  /** Probabilities of each class for one network input [res, res, 3], or null when untrained. */
  predict(input: tfjs.Tensor3D): Promise<number[] | null>;
  dispose(): void;
}

function panel(
  tf: TF,
  net: LabNetwork,
  data: ClassSetsValue,
  split: { train: number[]; heldOut: number[] },
  settings: () => Settings,
  mode: "head" | "fine",
  onTrained: () => void,
  kept: Kept,
  backend: string,
): Panel {
  const names = data.classes.map((c) => c.name.trim());
  const images = data.classes.flatMap((c, label) => c.images.map((canvas) => ({ canvas, label })));
  const C = names.length;
  const kInput =
    mode === "fine"
      ? numberInput({
          label: "Rows fine-tuned (k)",
          value: 1,
          min: 1,
          max: ROWS,
          integer: true,
          help: `the last k of Table 2's ${ROWS} rows, plus the last 1×1 conv and the head`,
        })
      : null;
  const params = el("p", { class: "tl-params" });
  const trainBtn = el("button", { type: "button" }, "Train");
  const stopBtn = el("button", { type: "button", disabled: true }, "Stop");
  const exportBtn = el("button", { type: "button", disabled: true }, "Export the model");
  const status = liveStatus(undefined, { cls: "tl-status" });
  status.set("idle", "Not trained yet.");
  const charts = el("div", { class: "tl-charts" });
  const result = el("div", { class: "tl-result" });
  const exportMsg = el("p", { class: "tl-export" });
  const root = el(
    "section",
    { class: `tl-panel tl-${mode}`, "data-mode": mode },
    el("h3", {}, mode === "head" ? "Head only (backbone frozen)" : "Fine-tuning the last k rows + head"),
    el(
      "p",
      { class: "tl-how" },
      mode === "head"
        ? "Every image goes through the frozen network once; its 1280 pooled features are cached and only a new classifier learns."
        : "Activations entering the first fine-tuned row are cached once; in every step only the rows above the cut and the head are recomputed, and their weights change.",
    ),
    ...(kInput ? [kInput] : []),
    params,
    el("div", { class: "tl-buttons" }, trainBtn, " ", stopBtn, " ", exportBtn),
    status,
    charts,
    result,
    exportMsg,
  );
  root.dataset.state = "idle";
  let top: Top | null = null;
  let frozen: tfjs.LayersModel | null = null;
  let cached: { train: Cached; heldOut: Cached } | null = null;
  let state: TrainState = newTrainState();
  let key = "";
  let stop = false;
  let running = false;
  /** The epoch count the current run aims at (Resume continues towards it). */
  let target = 0;

  const k = () => (kInput ? kInput.value : 0);
  const showParams = () => {
    const p = trainedParams(k(), C, net.width);
    params.textContent =
      k() === 0
        ? `Trains ${formatInt(p.total)} of the network's ${formatInt(p.all)} parameters: the new classifier, 1280 × ${C} weights + ${C} biases.`
        : `Trains ${formatInt(p.total)} of ${formatInt(p.all)} parameters: ${formatInt(p.backbone)} in ${k() === 1 ? `row ${ROWS}` : `rows ${ROWS + 1 - k()}–${ROWS}`} and the last 1×1 conv (BatchNorm folded into their biases) + ${formatInt(p.head)} in the new classifier.`;
    params.dataset.params = String(p.total);
  };
  showParams();
  kInput?.addEventListener("input", () => {
    showParams();
    if (running) return;
    reset();
    kept.panels.delete(mode);
  });

  /** Copy the trained weights and history off the backend (a GPU's tensors cannot be read once it is lost). */
  const keep = async (done: boolean) => {
    if (!top) return;
    const copies = top.variables.map((v) => v.clone());
    const entry = {
      k: k(),
      copies: Number(key.split("|")[1]),
      history: [...state.history],
      epochsDone: state.epochsDone,
      target,
      done,
    };
    try {
      const values = await Promise.all(copies.map((c) => c.data() as Promise<Float32Array>));
      kept.panels.set(mode, { ...entry, weights: copies.map((c, i) => ({ shape: c.shape, values: values[i] })) });
    } catch {
      // The backend failed while reading: the copy of the epoch before stays.
    } finally {
      tf.dispose(copies);
    }
  };

  const reset = () => {
    if (top) disposeTop(top);
    state.optimizer?.dispose();
    if (cached) tf.dispose([cached.train.x, cached.heldOut.x]);
    top = null;
    frozen = null;
    cached = null;
    state = newTrainState();
    key = "";
    trainBtn.textContent = "Train";
    exportBtn.disabled = true;
    charts.replaceChildren();
    result.replaceChildren();
    exportMsg.textContent = "";
    root.dataset.state = "idle";
    delete root.dataset.heldoutAccuracy;
    delete root.dataset.epochs;
    status.set("idle", "Not trained yet.");
    onTrained();
  };

  const prepare = async (s: Settings) => {
    await data.painted;
    const cut = cutInfo(net.model, k(), net.width);
    const samples = split.train.length * (1 + s.copies) + split.heldOut.length;
    const values = samples * cut.cutShape.reduce((a, b) => a * b, 1);
    if (values > CACHE_LIMIT_VALUES)
      throw new Error(
        `caching ${formatInt(samples)} activations of ${cut.cutShape.join("×")} would take ${formatInt(Math.round((values * 4) / 1e6))} MB, more than this page allows (${formatInt((CACHE_LIMIT_VALUES * 4) / 1e6)} MB). Choose fewer rows (k), fewer augmented copies or fewer images.`,
      );
    frozen = frozenPart(tf, net.model, cut);
    const pixels = (idx: number[]) => idx.map((i) => tf.browser.fromPixels(images[i].canvas, 3) as tfjs.Tensor3D);
    const run = async (idx: number[], copies: number, what: string) => {
      const px = pixels(idx);
      try {
        return await cacheActivations(
          tf,
          frozen as tfjs.LayersModel,
          px,
          idx.map((i) => images[i].label),
          net.resolution,
          {
            copies,
            seed: 1,
            onProgress: (d, t) => status.progress(d, t, `Computing the frozen part once (${what}): ${d} of ${t}…`),
            yieldFn: nextPaint,
            shouldStop: () => stop,
          },
        );
      } finally {
        tf.dispose(px);
      }
    };
    const trainC = await run(
      split.train,
      s.copies,
      `training images${s.copies ? ` and ${s.copies} augmented cop${s.copies === 1 ? "y" : "ies"} of each` : ""}`,
    );
    if (!trainC) return false;
    const held = await run(split.heldOut, 0, "held-out images");
    if (!held) {
      tf.dispose(trainC.x);
      return false;
    }
    cached = { train: trainC, heldOut: held };
    top = buildTop(tf, net.model, k(), C, net.width, 1);
    return true;
  };

  const finish = async () => {
    if (!top || !cached) return;
    const ev = await evaluate(tf, top, cached.heldOut);
    const last = state.history.at(-1);
    result.replaceChildren(
      el(
        "p",
        { class: "tl-accuracy" },
        `Held-out accuracy after ${state.epochsDone} epoch${state.epochsDone === 1 ? "" : "s"}: `,
        el("strong", {}, pct(ev.accuracy)),
        ` (${ev.predictions.filter((p, i) => p === cached?.heldOut.labels[i]).length} of ${ev.predictions.length} images)${last ? `; training accuracy ${pct(last.trainAccuracy)}` : ""}.`,
      ),
      confusionTable(names, confusionMatrix(cached.heldOut.labels, ev.predictions, C)),
    );
    root.dataset.heldoutAccuracy = String(ev.accuracy);
    root.dataset.epochs = String(state.epochsDone);
    exportBtn.disabled = false;
    onTrained();
  };

  trainBtn.addEventListener("click", async () => {
    if (running) return;
    if (data.problems.length) {
      status.set("error", `Cannot train yet: ${data.problems.join(" ")}`);
      root.dataset.state = "error";
      return;
    }
    const s = settings();
    const want = `${k()}|${s.copies}`;
    if (key !== want) {
      reset();
      kept.panels.delete(mode);
    }
    running = true;
    stop = false;
    trainBtn.disabled = true;
    stopBtn.disabled = false;
    if (kInput) kInput.querySelector("input")?.setAttribute("disabled", "");
    try {
      if (!cached) {
        root.dataset.state = "caching";
        if (!(await prepare(s))) {
          status.set("stopped", "Stopped before training started.");
          root.dataset.state = "idle";
          return;
        }
        key = want;
      }
      const width = Math.min(340, Math.max(240, root.clientWidth / 2 - 10));
      if (root.dataset.state !== "stopped" || target <= state.epochsDone) target = state.epochsDone + s.epochs;
      root.dataset.state = "training";
      const data2 = cached as unknown as { train: Cached; heldOut: Cached };
      const batches = Math.ceil(data2.train.labels.length / s.batchSize);
      const done = await train(tf, top as Top, data2.train, data2.heldOut, state, {
        epochs: target - state.epochsDone,
        batchSize: s.batchSize,
        learningRate: s.learningRate,
        yieldFn: nextPaint,
        shouldStop: () => stop,
        onBatch: (d) => {
          const b = ((d - 1) % batches) + 1;
          const last = state.history.at(-1);
          status.progress(
            (state.epochsDone + b / batches) * batches,
            target * batches,
            `Epoch ${state.epochsDone + 1} of ${target}, batch ${b} of ${batches}${last ? ` — the last epoch took ${formatMs(last.ms)}` : ""}.`,
          );
        },
        onEpoch: () => {
          charts.replaceChildren(curves(state.history, "loss", width), curves(state.history, "accuracy", width));
          keep(state.epochsDone >= target);
        },
      });
      const last = state.history.at(-1);
      status.set(
        done ? "done" : "stopped",
        done
          ? `Trained ${state.epochsDone} epochs${last ? `, ${formatMs(last.ms)} per epoch` : ""}.`
          : `Stopped after ${state.epochsDone} epoch${state.epochsDone === 1 ? "" : "s"}; Resume continues from there.`,
      );
      trainBtn.textContent = done ? "Train more" : "Resume";
      root.dataset.state = done ? "done" : "stopped";
      await finish();
    } catch (e) {
      // A backend that stopped working: the bench is about to be rebuilt on the next one, from what was kept.
      if (!isBackendFailure(e)) kept.panels.delete(mode);
      reset();
      root.dataset.state = "error";
      status.set("error", `Training failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      running = false;
      trainBtn.disabled = false;
      stopBtn.disabled = true;
      kInput?.querySelector("input")?.removeAttribute("disabled");
    }
  });
  stopBtn.addEventListener("click", () => {
    stop = true;
  });

  exportBtn.addEventListener("click", async () => {
    if (!top || !cached) return;
    exportMsg.textContent = "Assembling the network…";
    root.dataset.export = "running";
    let full: tfjs.LayersModel | null = null;
    let reloaded: tfjs.LayersModel | null = null;
    try {
      full = await assembleFull(tf, net.model, top);
      const artifacts = await exportArtifacts(tf, full);
      reloaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
      const sample = split.heldOut.slice(0, 4).map((i) => images[i].canvas);
      const diff = tf.tidy(() => {
        const x = tf.stack(
          sample.map((c) => toInput(tf, tf.browser.fromPixels(c, 3) as tfjs.Tensor3D, net.resolution)),
        );
        const a = (full as tfjs.LayersModel).predict(x) as tfjs.Tensor;
        const b = (reloaded as tfjs.LayersModel).predict(x) as tfjs.Tensor;
        return a.sub(b).abs().max().dataSync()[0];
      });
      const base = mode === "head" ? "mobilenetv2-transfer-head" : `mobilenetv2-transfer-k${k()}`;
      await full.save(`downloads://${base}`);
      download("labels.json", `${JSON.stringify(names)}\n`);
      exportMsg.textContent = `Saved ${base}.json, ${base}.weights.bin and labels.json (TF.js layers format). Reloaded from the saved files' contents, the network predicts the same (largest difference in probability ${diff.toExponential(1)} on ${sample.length} held-out images). Load the three files in the Activations explorer under “From files”.`;
      root.dataset.export = "done";
      root.dataset.exportDiff = String(diff);
    } catch (e) {
      exportMsg.textContent = `Export failed: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.export = "error";
    } finally {
      reloaded?.dispose();
      full?.dispose();
    }
  });

  /** Show a training kept from the backend that stopped working: the frozen part again here, the same weights. */
  const restore = async (snap: KeptPanel) => {
    running = true;
    trainBtn.disabled = true;
    if (kInput) kInput.value = snap.k;
    showParams();
    root.dataset.state = "caching";
    try {
      if (!(await prepare({ ...settings(), copies: snap.copies }))) return reset();
      for (const [i, v] of (top as Top).variables.entries())
        v.assign(tf.tensor(snap.weights[i].values, snap.weights[i].shape));
      key = `${snap.k}|${snap.copies}`;
      state.history = [...snap.history];
      state.epochsDone = snap.epochsDone;
      target = snap.target;
      const width = Math.min(340, Math.max(240, root.clientWidth / 2 - 10));
      charts.replaceChildren(curves(state.history, "loss", width), curves(state.history, "accuracy", width));
      status.set(
        snap.done ? "done" : "stopped",
        `Trained ${state.epochsDone} epoch${state.epochsDone === 1 ? "" : "s"} before the backend switch; the same weights, evaluated again on ${backend}.${snap.done ? "" : " Resume continues from there."}`,
      );
      trainBtn.textContent = snap.done ? "Train more" : "Resume";
      root.dataset.state = snap.done ? "done" : "stopped";
      root.dataset.restored = backend;
      await finish();
    } catch (e) {
      kept.panels.delete(mode);
      reset();
      root.dataset.state = "error";
      status.set(
        "error",
        `The training could not be shown again on ${backend}: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      running = false;
      trainBtn.disabled = false;
    }
  };
  const snap = kept.panels.get(mode);
  const restored = snap ? restore(snap) : Promise.resolve();

  return {
    root,
    restored,
    async predict(input) {
      if (!top || !frozen || !state.epochsDone) return null;
      const p = tf.tidy(() =>
        topForward(tf, top as Top, (frozen as tfjs.LayersModel).predict(input.expandDims(0)) as tfjs.Tensor),
      );
      const out = (await p.array()) as number[][];
      p.dispose();
      return out[0];
    },
    dispose() {
      stop = true;
      reset();
    },
  };
}

/** The whole bench for one data set. Call dispose() when the data or the network changes. */
export function transferLab(tf: TF, net: LabNetwork, data: ClassSetsValue): HTMLElement & { dispose(): void } {
  const lr = numberInput({ label: "Learning rate (Adam)", value: 0.001, min: 1e-6, max: 1 });
  const epochs = numberInput({ label: "Epochs", value: 10, min: 1, max: 200, integer: true });
  const batch = numberInput({ label: "Batch size", value: 16, min: 1, max: 256, integer: true });
  const copies = numberInput({
    label: "Augmented copies per training image",
    value: 1,
    min: 0,
    max: 8,
    integer: true,
    help: "each a random crop (70–100 % of the shorter side) and a random mirror image",
  });
  const settings = (): Settings => ({
    learningRate: lr.value,
    epochs: epochs.value,
    batchSize: batch.value,
    copies: copies.value,
  });
  const labels = data.classes.flatMap((c, i) => c.images.map(() => i));
  const split = stratifiedSplit(labels, HELD_OUT, 1);
  const names = data.classes.map((c) => c.name.trim());
  const splitLine = el(
    "p",
    { class: "tl-split" },
    data.problems.length
      ? `Fix the examples first: ${data.problems.join(" ")}`
      : `${labels.length} images in ${names.length} classes: ${split.train.length} to train on, ${split.heldOut.length} held out (${Math.round(HELD_OUT * 100)}% of each class, chosen at random) to measure accuracy on images the training never sees.`,
  );
  const tryOut = el("div", { class: "tl-try" });
  const kept: Kept = keptFor.get(data) ?? { panels: new Map() };
  keptFor.set(data, kept);
  const panels: Panel[] = [];
  const refresh = () => {
    tryOut.dataset.ready = String(panels.some((p) => p.root.dataset.epochs));
  };
  panels.push(
    panel(tf, net, data, split, settings, "head", refresh, kept, net.backend),
    panel(tf, net, data, split, settings, "fine", refresh, kept, net.backend),
  );

  // Predictions of both on a new image.
  const predictions = el("div", { class: "tl-predictions" });
  const message = el("div", { class: "input-error" });
  const shown = el("div", { class: "tl-new-image" });
  const predict = async (canvas: HTMLCanvasElement, name: string) => {
    kept.tried = { canvas, name };
    const thumb = el("canvas", { width: 112, height: 112 });
    thumb.getContext("2d")?.drawImage(canvas, 0, 0, 112, 112);
    shown.replaceChildren(thumb, el("div", {}, name));
    const input = tf.tidy(() => toInput(tf, tf.browser.fromPixels(canvas, 3) as tfjs.Tensor3D, net.resolution));
    const rows: HTMLElement[] = [];
    for (const p of panels) {
      const probs = await p.predict(input);
      const title = p.root.dataset.mode === "head" ? "Head only" : "Fine-tuned";
      if (!probs) {
        rows.push(el("p", {}, `${title}: not trained yet.`));
        continue;
      }
      const best = probs.indexOf(Math.max(...probs));
      const line = el(
        "p",
        {
          class: "tl-prediction",
          "data-mode": p.root.dataset.mode ?? "",
          "data-top1": names[best],
          "data-confidence": String(probs[best]),
        },
        `${title}: `,
        el("strong", {}, `${names[best]} (${pct(probs[best])})`),
        ` — ${probs.map((v, i) => `${names[i]} ${pct(v)}`).join(" · ")}`,
      );
      rows.push(line);
    }
    input.dispose();
    predictions.replaceChildren(...rows);
    predictions.dataset.state = "done";
  };
  const demoBtn = el("button", { type: "button", disabled: data.source !== "demo" }, "A new demo texture");
  let n = 0;
  demoBtn.addEventListener("click", () => {
    const cls = n % DEMO_CLASSES.length;
    // Indices from 500 on are never in the demo set.
    predict(demoCanvas(cls, 500 + n), `a new ${DEMO_CLASSES[cls]} texture (not in the demo set)`);
    n++;
  });
  const file = el("input", { type: "file", accept: "image/*" });
  file.setAttribute("aria-label", "An image to classify");
  file.addEventListener("input", (e) => e.stopPropagation());
  file.addEventListener("change", async () => {
    const f = file.files?.[0];
    if (!f) return;
    message.textContent = "";
    try {
      await predict(await fileToCanvas(f), f.name);
    } catch (e) {
      message.textContent = `${e instanceof Error ? e.message : String(e)}. Pick a JPEG, PNG or WebP image.`;
    }
  });
  tryOut.append(
    el("h3", {}, "Try both on a new image"),
    el("div", {}, demoBtn, " or your image: ", file),
    message,
    shown,
    predictions,
  );
  refresh();
  // After a backend switch: the image tried last, classified again by the trainings shown again.
  Promise.all(panels.map((p) => p.restored)).then(() => {
    if (kept.tried && panels.some((p) => p.root.dataset.restored)) predict(kept.tried.canvas, kept.tried.name);
  });

  const root = el(
    "div",
    { class: "tl-lab" },
    el("div", { class: "tl-settings" }, lr, epochs, batch, copies),
    splitLine,
    el("div", { class: "tl-panels" }, ...panels.map((p) => p.root)),
    tryOut,
  ) as unknown as HTMLElement & { dispose(): void };
  root.dispose = () => {
    for (const p of panels) p.dispose();
  };
  // Tensors held when the bench starts (the network's weights and nothing else): tests compare it across benches.
  root.dataset.tensors = String(tf.memory().numTensors);
  return root;
}
