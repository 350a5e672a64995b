/**
 * "What a channel wants": feature visualisation of one channel of one layer (feature-vis.ts), run step by step
 * with progress and a Stop button, beside the crops of the sample photos that excite that channel most (each
 * photo's strongest cell, cut out along that cell's theoretical receptive field).
 */
import { cellField, layerFields, rfNodesFromExec } from "../lib/cell-field.js";
import { type FeatureVis, featureVis } from "../lib/feature-vis.js";
import { formatMs } from "../lib/format.js";
import { type ExecNet, execShapes, layerOutputInSteps } from "../lib/net-exec.js";
import { preprocess } from "../lib/preprocess.js";
import { runStepsWhile, yieldToEventLoop } from "../lib/steps.js";
import type { TF } from "../lib/tf-type.js";
import { assetURL, type Manifest } from "./assets.js";
import { el } from "./dom.js";
import { inputCanvas } from "./heatmap.js";
import { liveStatus, nextPaint } from "./live-status.js";
import { numberInput } from "./number-input.js";
import { addressInitial } from "./url-state.js";
import { type LayerChoice, layerFromAddress, selectBox } from "./where-it-looks.js";

export interface SamplePhoto {
  name: string;
  /** The network input of the photo, [res, res, 3] in [−1, 1]. */
  input: Float32Array;
}

export interface ChannelViewOptions {
  tf: TF;
  net: ExecNet;
  photos: SamplePhoto[];
  layers: LayerChoice[];
  layer: string;
  channel: number;
  /** Side of the visualisation in pixels (the network runs at this size). */
  size: number;
  steps: number;
}

/** One photo's output of one layer, [h, w, c] channels last. */
interface LayerOutput {
  photo: SamplePhoto;
  data: Float32Array;
  h: number;
  w: number;
  c: number;
  /** Time its forward pass took (not counting the other tasks that ran between the photos). */
  ms: number;
}

/**
 * Each photo's output of `layer`, one photo's forward pass per task (the page answers input in between); null when
 * `current()` turns false (a newer request superseded this one).
 */
async function layerOutputs(
  tf: TF,
  net: ExecNet,
  photos: SamplePhoto[],
  layer: string,
  current: () => boolean,
): Promise<LayerOutput[] | null> {
  const out: LayerOutput[] = [];
  for (const p of photos) {
    await yieldToEventLoop();
    if (!current()) return null;
    const t0 = performance.now();
    // The pass in steps of a fraction of the network, pausing between them.
    const a = await layerOutputInSteps(tf, net, p.input, layer, current);
    if (!a) return null;
    const [, h, w, c] = a.shape;
    const data = (await a.data()) as Float32Array;
    a.dispose();
    out.push({ photo: p, data, h, w, c, ms: performance.now() - t0 });
  }
  return current() ? out : null;
}

/** Each photo's strongest cell of one channel, with its value, strongest first. */
function strongest(net: ExecNet, outputs: LayerOutput[], layer: string, channel: number) {
  const res = net.input[0];
  const rf = layerFields(rfNodesFromExec(net.nodes), res).get(layer);
  return outputs
    .map(({ photo, data, h, w, c }) => {
      let best = 0;
      for (let i = 1; i < h * w; i++) if (data[i * c + channel] > data[best * c + channel]) best = i;
      const row = Math.floor(best / w);
      const col = best % w;
      const box = rf ? cellField(rf, row, col, res).inside : { x0: 0, x1: res - 1, y0: 0, y1: res - 1 };
      return { photo, value: data[best * c + channel], row, col, h, box };
    })
    .sort((a, b) => b.value - a.value);
}

export function channelView(o: ChannelViewOptions): HTMLElement & { stop(): void } {
  const shapes = execShapes(o.net);
  // The layer and the channel start where the page's address left them (page-address.ts keeps them there).
  let layer = layerFromAddress("channel-layer", o.layers, o.layer);
  let channel = Number(
    addressInitial(
      "channel",
      (t) => /^\d{1,4}$/.test(t) && Number(t) < (shapes.get(layer)?.[2] ?? 0),
      String(o.channel),
    ),
  );
  let fv: FeatureVis | null = null;
  let stopped = false;
  let runId = 0;
  const channelsOf = (l: string) => shapes.get(l)?.[2] ?? 0;

  const layerBox = selectBox("Layer", o.layers, layer, { key: "channel-layer", default: o.layer });
  const channelBox = numberInput({ label: "Channel", value: channel, min: 0, max: 1279, integer: true });
  Object.assign(channelBox.dataset, { addressKey: "channel", addressDefault: String(o.channel) });
  const message = el("div", { class: "input-error", role: "alert" });
  const start = el("button", { type: "button" }, "Visualise this channel");
  const stop = el("button", { type: "button", disabled: true }, "Stop");
  const status = liveStatus(undefined, { cls: "inside-status" });
  const picture = el("canvas", { width: o.size, height: o.size, class: "inside-fv" });
  picture.style.width = "224px";
  picture.style.height = "224px";
  picture.setAttribute("role", "img");
  const visFig = el(
    "figure",
    { class: "inside-figure inside-featurevis" },
    picture,
    el("div", { class: "inside-run" }, start, " ", stop),
    status,
  );
  visFig.dataset.state = "idle";
  const crops = el("figure", { class: "inside-figure inside-crops" });

  // Each sample photo drawn once, for its crops.
  const canvases = new Map<SamplePhoto, HTMLCanvasElement>();
  const photoCanvas = (p: SamplePhoto) => {
    const c = canvases.get(p) ?? inputCanvas(p.input, o.net.input[0]);
    canvases.set(p, c);
    return c;
  };
  // The current layer's outputs for every sample photo: a channel change reads them without running the network.
  let outputs: { layer: string; list: LayerOutput[] } | null = null;
  let cropsRun = 0;
  async function showCrops() {
    const mine = ++cropsRun;
    crops.dataset.state = "running";
    let ms = 0;
    if (outputs?.layer !== layer) {
      const l = layer;
      const list = await layerOutputs(o.tf, o.net, o.photos, l, () => mine === cropsRun);
      if (!list) return;
      outputs = { layer: l, list };
      ms = list.reduce((sum, x) => sum + x.ms, 0);
    }
    const t0 = performance.now();
    const list = strongest(o.net, outputs.list, layer, channel);
    ms += performance.now() - t0;
    const items = list.map((s) => {
      const c = el("canvas", { width: 96, height: 96 });
      const g = c.getContext("2d");
      const src = photoCanvas(s.photo);
      g?.drawImage(src, s.box.x0, s.box.y0, s.box.x1 - s.box.x0 + 1, s.box.y1 - s.box.y0 + 1, 0, 0, 96, 96);
      c.setAttribute("role", "img");
      c.setAttribute("aria-label", `${s.photo.name}: strongest cell (${s.row}, ${s.col}), value ${s.value.toFixed(2)}`);
      return el(
        "div",
        { class: "inside-crop" },
        c,
        el("div", {}, `${s.photo.name.replace(/\.[^.]+$/, "")}: ${s.value.toFixed(2)}`),
      );
    });
    crops.replaceChildren(
      el("div", { class: "inside-crop-row" }, ...items),
      el(
        "figcaption",
        {},
        o.photos.length
          ? `The sample photos, strongest first: each crop is the receptive field of the photo's cell where channel ${channel} of ${layer} responds most, with that value (${formatMs(ms)}).`
          : "No sample photos are installed in this site, so there are no crops to compare with.",
      ),
    );
    crops.dataset.top = list[0]?.photo.name ?? "";
    crops.dataset.channel = String(channel);
    crops.dataset.state = "done";
  }

  function paint() {
    if (!fv) return;
    const img = fv.image();
    const g = picture.getContext("2d");
    const data = new ImageData(o.size, o.size);
    for (let p = 0; p < o.size * o.size; p++) {
      for (let k = 0; k < 3; k++) data.data[p * 4 + k] = Math.round((img[p * 3 + k] + 1) * 127.5);
      data.data[p * 4 + 3] = 255;
    }
    g?.putImageData(data, 0, 0);
  }

  function reset() {
    runId++;
    fv?.dispose();
    fv = null;
    picture.getContext("2d")?.clearRect(0, 0, o.size, o.size);
    picture.setAttribute("aria-label", `Feature visualisation of channel ${channel} of ${layer}: not computed yet`);
    status.set(
      "idle",
      `Press “Visualise this channel” to run ${o.steps} steps of gradient ascent at ${o.size}×${o.size} pixels.`,
    );
    visFig.dataset.state = "idle";
    start.disabled = false;
    stop.disabled = true;
  }

  async function runVis() {
    reset();
    const mine = runId;
    stopped = false;
    start.disabled = true;
    stop.disabled = false;
    visFig.dataset.state = "running";
    let vis: FeatureVis;
    try {
      vis = featureVis(o.tf, o.net, { layer, channel, size: o.size });
    } catch (e) {
      message.textContent = e instanceof Error ? e.message : String(e);
      visFig.dataset.state = "error";
      return;
    }
    fv = vis;
    const first = await runStepsWhile(vis.activationSteps(), () => mine === runId);
    if (first === null) return;
    const t0 = performance.now();
    for (let i = 0; i < o.steps; i++) {
      // One ascent step, itself in short steps (the gradient segment by segment) with pauses between them.
      const took = await runStepsWhile(vis.ascentSteps(), () => mine === runId && !stopped);
      if (mine !== runId) return; // superseded (and disposed) by another run
      if (took === null) break; // stopped part-way through the step: that step is not taken
      if (i % 4 === 3 || i === o.steps - 1) {
        paint();
        status.progress(i + 1, o.steps, `Step ${i + 1} of ${o.steps}…`);
      }
      await nextPaint();
      if (mine !== runId) return; // superseded (and disposed) by another run
      if (stopped) break;
    }
    const ms = performance.now() - t0;
    const last = await runStepsWhile(vis.activationSteps(), () => mine === runId);
    if (last === null) return;
    paint();
    const done = vis.steps;
    const factor = last / Math.max(Math.abs(first), 1e-6);
    status.set(
      stopped ? "stopped" : "done",
      `${stopped ? "Stopped after" : "Done:"} ${done} steps in ${formatMs(ms)} (${formatMs(ms / Math.max(done, 1))} a step). ` +
        `The channel's mean activation went from ${first.toFixed(3)} on the grey start to ${last.toFixed(3)}` +
        (first > 0 && last > first ? ` (×${factor.toFixed(0)}).` : "."),
    );
    picture.setAttribute("aria-label", `Feature visualisation of channel ${channel} of ${layer} after ${done} steps`);
    Object.assign(visFig.dataset, {
      state: stopped ? "stopped" : "done",
      steps: String(done),
      start: first.toFixed(4),
      end: last.toFixed(4),
      ms: ms.toFixed(0),
      layer,
      channel: String(channel),
    });
    start.disabled = false;
    stop.disabled = true;
  }

  const change = () => {
    const n = channelsOf(layer);
    if (channel >= n) {
      message.textContent = `${layer} has ${n} channels: choose a channel from 0 to ${n - 1}.`;
      return;
    }
    message.textContent = "";
    reset();
    showCrops();
  };
  layerBox.select.addEventListener("change", () => {
    layer = layerBox.select.value;
    change();
  });
  channelBox.addEventListener("input", () => {
    channel = channelBox.value;
    change();
  });
  start.addEventListener("click", () => runVis());
  stop.addEventListener("click", () => {
    stopped = true;
  });
  reset();
  showCrops();
  const root = el(
    "div",
    { class: "inside-channel" },
    el("div", { class: "inside-controls" }, layerBox, channelBox, message),
    el("div", { class: "inside-pair" }, visFig, crops),
  ) as unknown as HTMLElement & { stop(): void };
  root.stop = () => {
    runId++;
    cropsRun++;
    fv?.dispose();
    fv = null;
  };
  return root;
}

/** The installed sample photos as network inputs (centred square, resized), in manifest order. */
export async function samplePhotos(tf: TF, manifest: Manifest, res: number): Promise<SamplePhoto[]> {
  const out: SamplePhoto[] = [];
  for (const img of manifest.images) {
    await yieldToEventLoop(); // one photo per task
    try {
      const pic = new Image();
      pic.src = assetURL(manifest, img.url);
      await pic.decode();
      const { input } = preprocess(tf, pic, res);
      out.push({ name: img.file, input: new Float32Array(input.dataSync()) });
      input.dispose();
    } catch {
      // A photo that cannot be decoded is left out of the comparison.
    }
  }
  return out;
}
