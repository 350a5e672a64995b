/**
 * "What int8 changes": the same input through the float model, the int8 checkpoint with its weights
 * dequantized (float arithmetic), and the int8 checkpoint with every layer output also rounded to the file's
 * int8 grid (a simulation of integer inference), with per-layer differences from the float model and the
 * three top-5 lists side by side.
 */
import * as Plot from "@observablehq/plot";
import type * as tfjs from "@tensorflow/tfjs";
import { topK } from "../lib/activation-stats.js";
import { formatMs } from "../lib/format.js";
import { type LayerDifference, layerDifference } from "../lib/int8-compare.js";
import { type ActQuant, type ExecNet, forwardSteps } from "../lib/net-exec.js";
import { runStepsAsync, yieldToEventLoop } from "../lib/steps.js";
import type { TF } from "../lib/tf-type.js";
import { chart } from "./chart.js";
import { el } from "./dom.js";
import type { WeightsChoice } from "./model-loader.js";
import { SERIES as C } from "./palette.js";
import { dataTable } from "./table.js";
import { classLabel } from "./top5-chart.js";
import { type TrainedModel, trainedLoading, type WeightSet } from "./trained-model.js";

export interface Int8ViewOptions {
  tf: TF;
  float: ExecNet;
  int8: ExecNet;
  quant: Map<string, ActQuant>;
  input: Float32Array;
  /** Layers compared, in network order. */
  layers: string[];
  labels: string[] | null;
  /** The chart's width (it is fitted to the page's column when narrower). Not the page's reactive width: a
   * resize must not run the three networks again. */
  width?: number;
}

interface Run {
  values: Map<string, Float32Array>;
  probabilities: Float32Array;
}

async function run(
  tf: TF,
  net: ExecNet,
  input: Float32Array,
  layers: string[],
  quant?: Map<string, ActQuant>,
): Promise<Run> {
  const [h, w] = net.input;
  const logits = net.logits ?? net.output;
  // The pass in steps of a fraction of the network, pausing to the event loop every ~30 ms; the tensors are then
  // read back together (reading many tensors one by one inside a tidy is far slower on the WebAssembly backend).
  await yieldToEventLoop();
  const x = tf.tensor4d(input, [1, h, w, 3]);
  let outs: Map<string, tfjs.Tensor>;
  try {
    outs = await runStepsAsync(forwardSteps(tf, net, x, { outputs: [...layers, logits], quant }));
  } finally {
    x.dispose();
  }
  const probabilities = tf.softmax(outs.get(logits) as tfjs.Tensor);
  try {
    const arrays = (await Promise.all(
      [...layers, logits].map((l) => (outs.get(l) as tfjs.Tensor).data()),
    )) as Float32Array[];
    return {
      values: new Map(layers.map((l, i) => [l, arrays[i]])),
      probabilities: (await probabilities.data()) as Float32Array,
    };
  } finally {
    tf.dispose([...outs.values(), probabilities]);
  }
}

async function int8View(o: Int8ViewOptions): Promise<HTMLElement> {
  const t0 = performance.now();
  const fl = await run(o.tf, o.float, o.input, o.layers);
  const dq = await run(o.tf, o.int8, o.input, o.layers);
  const sim = await run(o.tf, o.int8, o.input, o.layers, o.quant);
  const ms = performance.now() - t0;
  const rows: { layer: string; index: number; weights: LayerDifference; simulated: LayerDifference }[] = [];
  let paused = performance.now();
  for (const [index, layer] of o.layers.entries()) {
    const a = fl.values.get(layer) as Float32Array;
    const weights = layerDifference(a, dq.values.get(layer) as Float32Array);
    const simulated = layerDifference(a, sim.values.get(layer) as Float32Array);
    rows.push({ layer, index, weights, simulated });
    if (performance.now() - paused > 30) {
      await yieldToEventLoop();
      paused = performance.now();
    }
  }
  const points = rows.flatMap((r) => [
    { index: r.index, layer: r.layer, what: "int8 weights, float arithmetic", rel: r.weights.relative },
    { index: r.index, layer: r.layer, what: "int8 weights and activations (simulated)", rel: r.simulated.relative },
  ]);
  const last = rows[rows.length - 1];
  const fig = chart({
    title: "Difference from the float model, layer by layer",
    ariaLabel: `Relative RMS difference from the float model at each of ${rows.length} layers; at ${last.layer}: ${last.weights.relative.toFixed(3)} with int8 weights, ${last.simulated.relative.toFixed(3)} with int8 weights and activations.`,
    width: Math.min(o.width ?? 900, 900),
    height: 280,
    x: {
      label: "Layer (network order: stem → block 16 → head) →",
      tickFormat: (i: number) => rows[i]?.layer.replace(/_relu$|_project$/, "") ?? "",
      ticks: 6,
    },
    y: { label: "↑ RMS difference / std of the float layer", grid: true },
    color: {
      legend: true,
      domain: ["int8 weights, float arithmetic", "int8 weights and activations (simulated)"],
      range: [C.blue, C.vermillion],
    },
    marks: [
      Plot.line(points, { x: "index", y: "rel", stroke: "what" }),
      Plot.dot(points, { x: "index", y: "rel", fill: "what", r: 2 }),
      Plot.ruleY([0]),
    ],
  });

  // Top-5 of each run; a class is marked where it is not in the float model's top-5.
  const tops = [fl, dq, sim].map((r) => topK(r.probabilities, 5));
  const floatSet = new Set(tops[0].map((t) => t.index));
  const cell = (r: number, k: number) => {
    const t = tops[k][r];
    return `${classLabel(o.labels, t.index)} ${(t.value * 100).toFixed(1)}%${k > 0 && !floatSet.has(t.index) ? " (not in float top-5)" : ""}`;
  };
  const top5 = dataTable(
    [
      { label: "Rank", value: (r: number) => String(r + 1), num: true },
      { label: "Float model", value: (r: number) => cell(r, 0) },
      {
        label: "int8 weights",
        value: (r: number) => cell(r, 1),
        cls: (r) => (tops[1][r].index !== tops[0][r].index ? "inside-differs" : null),
      },
      {
        label: "int8 simulated",
        value: (r: number) => cell(r, 2),
        cls: (r) => (tops[2][r].index !== tops[0][r].index ? "inside-differs" : null),
      },
    ],
    [0, 1, 2, 3, 4],
    {
      caption: "Top-5 classes of the three networks (highlighted: a different class at that rank)",
      testId: "int8-top5",
    },
  );
  const same = (k: number) => tops[k].filter((t) => floatSet.has(t.index)).length;
  const differs = [1, 2].filter((k) => tops[k].some((t, r) => t.index !== tops[0][r].index));
  const summary = el(
    "p",
    { class: "inside-int8-summary" },
    `Top-1: float “${classLabel(o.labels, tops[0][0].index)}”, int8 weights “${classLabel(o.labels, tops[1][0].index)}”, simulated int8 “${classLabel(o.labels, tops[2][0].index)}”. ` +
      `Of the float model's top-5 classes, ${same(1)} remain in the int8-weights top-5 and ${same(2)} in the simulated int8 top-5` +
      (differs.length ? "; the ranking differs where highlighted." : ", in the same order.") +
      ` At the last layer before pooling the int8 network is off by ${(rows.find((r) => r.layer === "out_relu")?.simulated.relative ?? last.simulated.relative).toFixed(2)} of the float signal's standard deviation. Three forward passes took ${formatMs(ms)}.`,
  );
  const fmt = (d: LayerDifference) => d.relative.toFixed(4);
  const table = dataTable(
    [
      { label: "Layer", value: (r: (typeof rows)[number]) => r.layer },
      { label: "Rel. RMS, int8 weights", value: (r) => fmt(r.weights), num: true },
      { label: "Rel. RMS, int8 simulated", value: (r) => fmt(r.simulated), num: true },
      { label: "Cosine, int8 simulated", value: (r) => r.simulated.cosine.toFixed(5), num: true },
      { label: "Max |difference|, int8 simulated", value: (r) => r.simulated.maxAbs.toPrecision(3), num: true },
    ],
    rows,
    {
      caption:
        "Per-layer difference from the float model (relative RMS = RMS of the difference ÷ the float layer's standard deviation)",
      testId: "int8-layers",
      rowTestId: (r) => r.layer,
    },
  );
  const root = el(
    "div",
    { class: "inside-int8" },
    summary,
    top5,
    fig,
    el("details", {}, el("summary", {}, `Every layer's numbers (${rows.length} layers)`), table),
  );
  Object.assign(root.dataset, {
    state: "done",
    top1Float: classLabel(o.labels, tops[0][0].index),
    top1Int8: classLabel(o.labels, tops[2][0].index),
    outRelu: String(rows.find((r) => r.layer === "out_relu")?.simulated.relative ?? ""),
    ms: ms.toFixed(0),
  });
  return root;
}

export interface Int8SectionOptions extends Omit<Int8ViewOptions, "float" | "int8" | "quant"> {
  sets: Record<WeightSet, WeightsChoice | null>;
  /** The weight set already loaded on the page, and its model. */
  loadedSet: WeightSet;
  loaded: TrainedModel;
}

/**
 * The comparison as a page section: says so when a weight set is missing; otherwise a button loads the other
 * weight set (with progress) and shows int8View. `dispose()` frees the second model.
 */
export function int8Section(o: Int8SectionOptions): HTMLElement & { dispose(): void } {
  const root = el("div", { class: "inside-int8-area" }) as unknown as HTMLElement & { dispose(): void };
  let second: TrainedModel | null = null;
  root.dispose = () => second?.dispose();
  if (!o.sets.float || !o.sets.int8) {
    root.append(
      el(
        "p",
        { class: "inside-missing", role: "note" },
        `This comparison needs both weight sets, and ${!o.sets.float ? "the float32 network" : "the int8 checkpoint"} is not installed in this site. ` +
          "The int8 checkpoint ships with the site; the float32 network is an optional download that this copy of the site was built without.",
      ),
    );
    root.dataset.state = "missing";
    return root;
  }
  const button = el("button", { type: "button" }, "Compare float and int8 on this photo");
  button.addEventListener("click", async () => {
    const loading = trainedLoading(o.tf, o.sets, o.loadedSet === "float" ? "int8" : "float");
    root.replaceChildren(loading);
    root.dataset.state = "loading";
    try {
      second ??= await loading.ready;
    } catch {
      root.dataset.state = "error";
      return;
    }
    const [fl, q] = o.loadedSet === "float" ? [o.loaded, second] : [second, o.loaded];
    const view = await int8View({ ...o, float: fl.net, int8: q.net, quant: q.quant });
    root.replaceChildren(view);
    root.dataset.state = "done";
  });
  root.append(button);
  root.dataset.state = "idle";
  return root;
}
