/**
 * "Where it looks": Grad-CAM of one of the top-5 classes at a layer the reader picks, over the photo with an
 * opacity control and a legend, and SmoothGrad beside it (computed sample by sample with progress and a Stop
 * button, so the page never freezes). The figures carry data-state / data-* for tests.
 */

import { topK } from "../lib/activation-stats.js";
import { type GradCam, type Grid, gradCamSteps, smoothGradSteps, upsampleToInput } from "../lib/attribution.js";
import { layerFields, rfNodesFromExec } from "../lib/cell-field.js";
import { formatMs } from "../lib/format.js";
import type { ExecNet } from "../lib/net-exec.js";
import { runStepsWhile } from "../lib/steps.js";
import type { TF } from "../lib/tf-type.js";
import { el } from "./dom.js";
import { heatLegend, overlayCanvas } from "./heatmap.js";
import { liveStatus, nextPaint } from "./live-status.js";
import { classLabel } from "./top5-chart.js";
import { addressControl, addressInitial } from "./url-state.js";

export interface LayerChoice {
  name: string;
  label: string;
}

export interface WhereItLooksOptions {
  tf: TF;
  net: ExecNet;
  /** The network input, [res, res, 3] in [−1, 1]. */
  input: Float32Array;
  photo: HTMLCanvasElement;
  probabilities: Float32Array;
  labels: string[] | null;
  layers: LayerChoice[];
  layer: string;
  /** SmoothGrad's noisy copies. */
  samples: number;
}

let uid = 0;

/**
 * A labelled <select>. With `address`, it is kept in the page's address under `address.key` (page-address.ts):
 * pass as `value` what addressInitial(key, …, address.default) read.
 */
export function selectBox(
  label: string,
  options: LayerChoice[],
  value: string,
  address?: { key: string; default: string },
): HTMLLabelElement & { select: HTMLSelectElement } {
  const select = el("select", {});
  for (const o of options) {
    const opt = el("option", { value: o.name }, o.label);
    if (o.name === value) opt.selected = true;
    select.append(opt);
  }
  const lab = el("label", { class: "inside-label" }, `${label} `, select) as HTMLLabelElement & {
    select: HTMLSelectElement;
  };
  lab.select = select;
  if (address)
    addressControl(lab, address.key, {
      default: address.default,
      get: () => select.value,
      set: (text) => {
        if (text === select.value || !options.some((o) => o.name === text)) return;
        select.value = text;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      },
    });
  return lab;
}

/** The address's layer for `key` when it is one of `options`, else `fallback`. */
export function layerFromAddress(key: string, options: LayerChoice[], fallback: string): string {
  return addressInitial(key, (t) => options.some((o) => o.name === t), fallback);
}

export function whereItLooks(o: WhereItLooksOptions): HTMLElement & { stop(): void } {
  const id = ++uid;
  const top = topK(o.probabilities, 5);
  // Each choice starts where the page's address left it (page-address.ts keeps them there).
  const topClass = String(top[0].index);
  let classIndex = Number(addressInitial("class", (t) => top.some((c) => String(c.index) === t), topClass));
  let layer = layerFromAddress("cam-layer", o.layers, o.layer);
  const opacityOk = (t: string) => /^(0(\.\d{1,2})?|1(\.0+)?)$/.test(t);
  let opacity = Number(addressInitial("opacity", opacityOk, "0.55"));
  let cam: GradCam | null = null;
  let smooth: Grid | null = null;
  let run = 0; // bumps on every change: stale SmoothGrad loops stop
  let stopped = false; // the reader pressed Stop

  // Class: one radio per top-5 class.
  const classes = el("fieldset", { class: "inside-classes" }, el("legend", {}, "Explain the class"));
  for (const t of top) {
    const input = el("input", { type: "radio", name: `inside-class-${id}`, value: String(t.index) });
    input.checked = t.index === classIndex;
    input.addEventListener("change", () => {
      if (!input.checked) return;
      classIndex = t.index;
      update();
    });
    classes.append(
      el(
        "label",
        { class: "inside-radio" },
        input,
        ` ${classLabel(o.labels, t.index)} (${(t.value * 100).toFixed(1)}%)`,
      ),
    );
  }
  addressControl(classes, "class", {
    default: topClass,
    get: () => String(classIndex),
    set: (text) => {
      const input = classes.querySelector<HTMLInputElement>(`input[value="${CSS.escape(text)}"]`);
      if (!input || input.checked) return;
      input.checked = true;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    },
  });
  const layerBox = selectBox("Layer", o.layers, layer, { key: "cam-layer", default: o.layer });
  layerBox.select.addEventListener("change", () => {
    layer = layerBox.select.value;
    update();
  });
  const slider = el("input", { type: "range", min: 0, max: 1, step: 0.05, value: opacity });
  const opacityText = el("output", {}, `${Math.round(opacity * 100)}%`);
  const opacityLabel = el("label", { class: "inside-label" }, "Map opacity ", slider, " ", opacityText);
  const showOpacity = () => {
    opacity = Number(slider.value);
    opacityText.textContent = `${Math.round(opacity * 100)}%`;
    draw();
  };
  slider.addEventListener("input", showOpacity);
  addressControl(opacityLabel, "opacity", {
    default: "0.55",
    get: () => slider.value,
    set: (text) => {
      if (!opacityOk(text)) return;
      slider.value = text;
      showOpacity();
      slider.dispatchEvent(new Event("change", { bubbles: true }));
    },
  });

  const camFig = el("figure", { class: "inside-figure inside-gradcam" });
  const smoothFig = el("figure", { class: "inside-figure inside-smoothgrad" });
  const stopButton = el("button", { type: "button" }, "Stop");
  stopButton.addEventListener("click", () => {
    stopped = true;
  });
  const smoothStatus = liveStatus(undefined, { cls: "inside-status" });
  const root = el(
    "div",
    { class: "inside-where" },
    el("div", { class: "inside-controls" }, classes, el("div", {}, layerBox, opacityLabel)),
    el("div", { class: "inside-pair" }, camFig, smoothFig),
  ) as unknown as HTMLElement & { stop(): void };
  root.stop = () => {
    run++;
  };

  const name = () => classLabel(o.labels, classIndex);
  const fields = layerFields(rfNodesFromExec(o.net.nodes), o.photo.width);
  /** The coarse map on the input's pixels, each cell at the centre of its receptive field. */
  const placed = (m: GradCam) => {
    const f = fields.get(m.layer);
    return f ? upsampleToInput(m, f.start, f.jump, o.photo.width) : m;
  };
  function draw() {
    const side = 290;
    if (cam) {
      const layerLabel = o.layers.find((l) => l.name === cam?.layer)?.label ?? cam.layer;
      camFig.replaceChildren(
        overlayCanvas({
          photo: o.photo,
          map: cam.max > 0 ? placed(cam) : null,
          opacity,
          side,
          label: `Grad-CAM for “${name()}” at ${layerLabel}, over the photo`,
        }),
        heatLegend(cam.max, "Grad-CAM (how much each region raises the score)"),
        el(
          "figcaption",
          {},
          cam.max > 0
            ? `Grad-CAM for “${name()}” at ${cam.layer}: ${cam.h}×${cam.w} cells, each drawn at the centre of its receptive field and blended with its neighbours. Logit ${cam.score.toFixed(2)}.`
            : `Grad-CAM for “${name()}” at ${cam.layer} is zero everywhere: no region of this layer raises the score (the map is clipped at 0).`,
        ),
      );
    }
    const smoothSide = el("div", {});
    if (smooth) {
      // The top of the colour scale at the 99th percentile: a few extreme pixels would otherwise darken the rest.
      const sorted = Float32Array.from(smooth.values).sort();
      const max = sorted[Math.floor(0.99 * (sorted.length - 1))];
      smoothSide.append(
        overlayCanvas({
          photo: o.photo,
          map: smooth,
          max,
          opacity,
          side,
          label: `SmoothGrad saliency for “${name()}”, over the photo`,
        }),
        heatLegend(max, "SmoothGrad: |∂ logit / ∂ pixel|, averaged"),
      );
    }
    smoothFig.replaceChildren(
      smoothSide,
      el("div", { class: "inside-run" }, stopButton),
      smoothStatus,
      el(
        "figcaption",
        {},
        `SmoothGrad for “${name()}”: pixel-level gradient, averaged over ${o.samples} noisy copies.`,
      ),
    );
  }

  async function update() {
    const mine = ++run;
    stopped = false;
    camFig.dataset.state = "running";
    smoothFig.dataset.state = "running";
    await nextPaint();
    if (mine !== run) return;
    const t0 = performance.now();
    try {
      // A gradient through the network in steps of a fraction of a pass, yielding between them.
      const c = await runStepsWhile(gradCamSteps(o.tf, o.net, o.input, layer, classIndex), () => mine === run);
      if (!c) return;
      cam = c;
    } catch (e) {
      camFig.replaceChildren(
        el("p", { class: "input-error" }, `Grad-CAM could not run: ${e instanceof Error ? e.message : e}`),
      );
      camFig.dataset.state = "error";
      return;
    }
    const camMs = performance.now() - t0;
    Object.assign(camFig.dataset, {
      state: "done",
      layer,
      classIndex: String(classIndex),
      class: name(),
      h: String(cam.h),
      w: String(cam.w),
      ms: camMs.toFixed(0),
      cam: JSON.stringify(Array.from(cam.values, (v) => +v.toPrecision(4))),
      start: String(fields.get(layer)?.start ?? ""),
      jump: String(fields.get(layer)?.jump ?? ""),
    });
    smooth = null;
    draw();
    await nextPaint();
    if (mine !== run) return;
    // SmoothGrad: each noisy copy's gradient in steps, yielding so the page stays responsive.
    const t1 = performance.now();
    const steps = smoothGradSteps(o.tf, o.net, o.input, classIndex, { samples: o.samples, noise: 0.15, seed: 1 });
    stopButton.disabled = false;
    let progress = { done: 0, total: o.samples };
    let shown = -1;
    try {
      const r = await runStepsWhile(
        steps,
        () => mine === run && !stopped,
        (p) => {
          // The line changes once per noisy copy (a change of the page wakes its observers).
          if (p.done === shown) return;
          shown = p.done;
          progress = p;
          smoothStatus.progress(p.done, p.total, `SmoothGrad: ${p.done} of ${p.total} noisy copies…`);
        },
      );
      if (!r) {
        if (mine === run) {
          smoothFig.dataset.state = "stopped";
          smoothStatus.set("stopped", `SmoothGrad stopped after ${progress.done} of ${progress.total} noisy copies.`);
          stopButton.disabled = true;
        }
        return;
      }
      smooth = r;
    } catch (e) {
      smoothFig.dataset.state = "error";
      smoothStatus.set("error", `SmoothGrad could not run: ${e instanceof Error ? e.message : e}`);
      return;
    }
    stopButton.disabled = true;
    const ms = performance.now() - t1;
    draw();
    smoothStatus.set("done", `Grad-CAM took ${formatMs(camMs)}, SmoothGrad ${formatMs(ms)} (${o.samples} gradients).`);
    Object.assign(smoothFig.dataset, { state: "done", classIndex: String(classIndex), ms: ms.toFixed(0) });
  }
  update();
  return root;
}
