/**
 * "Which pixels a cell can see": a layer's feature map (mean over its channels) as a grid of cells the reader
 * picks by click or keyboard (arrow keys move, Enter or Space selects); the chosen cell's theoretical receptive
 * field (cell-field.ts) is drawn on the photo as a box, and its effective receptive field (the gradient of
 * that cell with respect to every input pixel) as a heat map, both with sizes in pixels.
 */

import { effectiveReceptiveFieldSteps, type Grid, massSquare } from "../lib/attribution.js";
import { cellCentre, cellField, layerFields, rfNodesFromExec } from "../lib/cell-field.js";
import { formatMs } from "../lib/format.js";
import { type ExecNet, execShapes, layerOutputInSteps } from "../lib/net-exec.js";
import { runStepsWhile } from "../lib/steps.js";
import type { TF } from "../lib/tf-type.js";
import { el } from "./dom.js";
import { heatLegend, mapCanvas, overlayCanvas } from "./heatmap.js";
import { liveStatus, nextPaint } from "./live-status.js";
import { OKABE_ITO as C, RAMPS, strokeOnRamp } from "./palette.js";
import { addressControl, addressInitial } from "./url-state.js";
import { type LayerChoice, layerFromAddress, selectBox } from "./where-it-looks.js";

export interface CellFieldOptions {
  tf: TF;
  net: ExecNet;
  input: Float32Array;
  photo: HTMLCanvasElement;
  layers: LayerChoice[];
  layer: string;
}

interface MeanMap {
  layer: string;
  h: number;
  w: number;
  values: Float32Array;
}

/**
 * A layer's output for this input, averaged over channels: [h, w]; the pass in steps with pauses between them,
 * null when `current()` turns false on the way.
 */
async function meanMap(
  tf: TF,
  net: ExecNet,
  input: Float32Array,
  layer: string,
  current: () => boolean,
): Promise<MeanMap | null> {
  const a = await layerOutputInSteps(tf, net, input, layer, current);
  if (!a) return null;
  const t = tf.tidy(() => tf.mean(a, 3).squeeze([0]));
  a.dispose();
  const [mh, mw] = t.shape;
  const values = new Float32Array(t.dataSync());
  t.dispose();
  return { layer, h: mh, w: mw, values };
}

/**
 * How the effective field (the side of the square around the cell's centre holding 90% of the gradient) compares
 * with the theoretical field's part inside the image (its longer side), in words, for this cell.
 */
function erfComparison(effective: number, theoretical: number): string {
  if (effective <= theoretical / 2) return "far smaller";
  if (effective < 0.9 * theoretical) return "smaller";
  if (effective <= 1.1 * theoretical) return "about as large";
  return "no smaller (the square is centred on the cell, which sits off the middle of its field)";
}

export function cellFieldView(o: CellFieldOptions): HTMLElement {
  const res = o.net.input[0];
  const fields = layerFields(rfNodesFromExec(o.net.nodes), res);
  // The layer and the cell start where the page's address left them (page-address.ts keeps them there).
  let layer = layerFromAddress("cell-layer", o.layers, o.layer);
  const shapes = execShapes(o.net);
  /** The current layer's size in cells (known without running the network). */
  const cells = () => {
    const s = shapes.get(layer) ?? [1, 1];
    return { h: s[0], w: s[1] };
  };
  /** The current layer's map once computed (select() computes it). */
  let map: MeanMap | null = null;
  let run = 0; // bumps on every selection: a stale one stops
  /** "row-col" of a cell of the current layer, or null. */
  const cellOf = (text: string): [number, number] | null => {
    const m = /^(\d{1,4})-(\d{1,4})$/.exec(text);
    return m && Number(m[1]) < cells().h && Number(m[2]) < cells().w ? [Number(m[1]), Number(m[2])] : null;
  };
  const centre = `${Math.floor(cells().h / 2)}-${Math.floor(cells().w / 2)}`;
  let [row, col] = cellOf(addressInitial("cell", (t) => cellOf(t) !== null, centre)) ?? [0, 0];
  const side = 240;

  const layerBox = selectBox("Layer", o.layers, layer, { key: "cell-layer", default: o.layer });
  const grid = el("canvas", { class: "inside-cells", tabindex: 0, width: side, height: side });
  grid.setAttribute("role", "application");
  const gridCaption = el("figcaption", {});
  const photoFig = el("figure", { class: "inside-figure inside-field" });
  const text = liveStatus(undefined, { cls: "inside-field-text" });

  function drawGrid() {
    const g = grid.getContext("2d");
    if (!g || map?.layer !== layer) return;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of map.values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const shifted = { ...map, values: map.values.map((v) => v - lo) };
    g.imageSmoothingEnabled = false;
    g.drawImage(mapCanvas(shifted, hi - lo, RAMPS.sequential), 0, 0, side, side);
    const cw = side / map.w;
    const ch = side / map.h;
    strokeOnRamp(g, col * cw, row * ch, Math.max(cw, 12), Math.max(ch, 12), 2);
    grid.setAttribute(
      "aria-label",
      `Feature map of ${layer}, ${map.h}×${map.w} cells (mean over channels). Selected: row ${row}, column ${col}. Arrow keys move, Enter shows the cell's receptive fields.`,
    );
    gridCaption.textContent = `${layer}: ${map.h}×${map.w} cells, mean over channels. Click a cell, or focus the map and use the arrow keys and Enter.`;
  }

  /** Show the chosen cell's fields (the arrow keys move the outline on the grid before Enter chooses it). */
  const select = () => show(layer, row, col);
  async function show(layer: string, row: number, col: number) {
    const mine = ++run;
    const current = () => mine === run;
    drawGrid();
    cellAddress.changed();
    photoFig.dataset.state = "running";
    await nextPaint();
    if (!current()) return;
    const f = fields.get(layer);
    if (!f) return;
    const { full, inside } = cellField(f, row, col, res);
    const c = cellCentre(f, row, col);
    let t0 = performance.now();
    let erf: Grid | null;
    try {
      if (map?.layer !== layer) {
        const m = await meanMap(o.tf, o.net, o.input, layer, current);
        if (!m) return;
        map = m;
        drawGrid();
        t0 = performance.now();
      }
      // The gradient through the network in steps of a fraction of a pass, yielding between them.
      erf = await runStepsWhile(effectiveReceptiveFieldSteps(o.tf, o.net, o.input, layer, row, col), current);
      if (!erf) return;
    } catch (e) {
      text.set("error", `The effective receptive field could not be computed: ${e instanceof Error ? e.message : e}`);
      photoFig.dataset.state = "error";
      return;
    }
    const ms = performance.now() - t0;
    const sq = massSquare(erf, c.y, c.x, 0.9);
    let max = 0;
    for (const v of erf.values) if (v > max) max = v;
    const insideW = inside.x1 - inside.x0 + 1;
    const insideH = inside.y1 - inside.y0 + 1;
    const [lh, lw] = shapes.get(layer) ?? [0, 0];
    photoFig.replaceChildren(
      overlayCanvas({
        photo: o.photo,
        map: erf,
        opacity: 0.7,
        side: 290,
        label: `Receptive fields of cell (${row}, ${col}) of ${layer} on the input`,
        boxes: [
          { box: full, colour: C.skyBlue, dash: [8, 6] },
          { box: inside, colour: C.skyBlue },
        ],
      }),
      heatLegend(max, "Effective field: |∂ cell / ∂ pixel|"),
      el(
        "figcaption",
        {},
        "Blue box: theoretical receptive field (dashed where it runs past the image's edge, into the padding). Heat: the effective receptive field.",
      ),
    );
    text.set("done", [
      el(
        "span",
        {},
        el("strong", {}, `Cell (${row}, ${col}) of ${layer}`),
        ` (${lh}×${lw} cells, one every ${f.jump} input pixels): its theoretical receptive field is ${f.size}×${f.size} pixels` +
          (insideW < f.size || insideH < f.size
            ? `, of which ${insideW}×${insideH} lie inside the ${res}×${res} input (the rest is zero padding). `
            : `, all inside the ${res}×${res} input. `) +
          `Its effective receptive field is ${erfComparison(sq.side, Math.max(insideW, insideH))}: 90% of the gradient lies within a ${sq.side}×${sq.side} pixel square around the cell's centre (${formatMs(ms)}).`,
      ),
    ]);
    Object.assign(photoFig.dataset, {
      state: "done",
      layer,
      row: String(row),
      col: String(col),
      rfSize: String(f.size),
      rfInside: `${insideW}x${insideH}`,
      erf90: String(sq.side),
      ms: ms.toFixed(0),
    });
  }

  layerBox.select.addEventListener("change", () => {
    layer = layerBox.select.value;
    row = Math.floor(cells().h / 2);
    col = Math.floor(cells().w / 2);
    select();
  });
  grid.addEventListener("click", (e) => {
    const r = grid.getBoundingClientRect();
    const { h, w } = cells();
    col = Math.min(w - 1, Math.floor(((e.clientX - r.left) / r.width) * w));
    row = Math.min(h - 1, Math.floor(((e.clientY - r.top) / r.height) * h));
    select();
  });
  grid.addEventListener("keydown", (e) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    if (e.key in moves) {
      e.preventDefault();
      row = Math.max(0, Math.min(cells().h - 1, row + moves[e.key][0]));
      col = Math.max(0, Math.min(cells().w - 1, col + moves[e.key][1]));
      drawGrid();
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      select();
    }
  });
  const root = el(
    "div",
    { class: "inside-cellfield" },
    layerBox,
    el("div", { class: "inside-pair" }, el("figure", { class: "inside-figure" }, grid, gridCaption), photoFig),
    text,
  );
  const cellAddress = addressControl(root, "cell", {
    default: centre,
    get: () => `${row}-${col}`,
    set: (text) => {
      const cell = cellOf(text);
      if (!cell) return;
      [row, col] = cell;
      select();
    },
  });
  select();
  return root;
}
