/**
 * One layer's feature maps as a grid of small images on a single canvas, one tile per channel, coloured by a
 * colour-blind-safe scale: viridis for ReLU6 outputs (0 … 6), a diverging purple–orange scale centred on 0
 * for the linear projection and the residual add (which go negative). Shared normalisation uses one range
 * for the whole layer; per-channel stretches each tile to its own range. Click a tile (or move with the
 * arrow keys and press Enter) to enlarge that channel with its own numbers. The enlarged channel is kept in the
 * page's address as `channel=layer:index` (block-nav.ts holds the key; the grid says when it changes).
 */
import * as d3 from "d3";
import { channelPlane, channelRanges, colourDomain, robustAbsMax } from "../lib/activation-stats.js";
import type { Tap } from "../lib/activation-taps.js";
import type { KeptActivation } from "../lib/activations.js";
import { colourLegend } from "./colour-legend.js";
import { el } from "./dom.js";
import { nextTask } from "./next-task.js";
import { RAMPS, strokeOnRamp } from "./palette.js";
import { addressInitial } from "./url-state.js";

/** Sent (bubbling) when a grid's enlarged channel changes; detail: "layer:index", or "" once closed. */
export const CHANNEL_EVENT = "act-channel";
/** Sent to a grid to enlarge a channel; detail: its index. */
export const ENLARGE_EVENT = "act-enlarge";
/** The address form of an enlarged channel. */
export const CHANNEL_TEXT = /^([A-Za-z0-9_]{1,64}):(\d{1,4})$/;

export type Normalisation = "shared" | "channel";

/** The heading of a layer's grid; channel counts come from the layer's own shape, never typed in. */
const KIND_TITLES: Record<Tap["kind"], (channels: number) => string> = {
  stem: () => "Stem: 3×3 conv, stride 2, + ReLU6",
  expansion: () => "Expansion: 1×1 conv + ReLU6",
  depthwise: () => "Depthwise: 3×3 depthwise conv + ReLU6",
  projection: () => "Projection: 1×1 conv, linear (no ReLU6)",
  add: () => "Residual add: block input + projection",
  head: (channels) => `Head: last 1×1 conv (${channels} channels) + ReLU6`,
};

function interpolatorFor(tap: Tap): (t: number) => string {
  return tap.relu6 ? RAMPS.sequential : RAMPS.diverging;
}

function lut(interp: (t: number) => string): Uint8ClampedArray {
  const out = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = d3.rgb(interp(i / 255));
    out.set([c.r, c.g, c.b], i * 3);
  }
  return out;
}

/** Paint one h×w plane into an ImageData via a colour lookup table. */
function paint(
  plane: Float32Array,
  w: number,
  h: number,
  domain: [number, number],
  colours: Uint8ClampedArray,
): ImageData {
  const img = new ImageData(w, h);
  const [lo, hi] = domain;
  const k = 255 / (hi - lo);
  for (let p = 0; p < w * h; p++) {
    const i = Math.max(0, Math.min(255, Math.round((plane[p] - lo) * k))) * 3;
    img.data[p * 4] = colours[i];
    img.data[p * 4 + 1] = colours[i + 1];
    img.data[p * 4 + 2] = colours[i + 2];
    img.data[p * 4 + 3] = 255;
  }
  return img;
}

/** 19.27 → "19.3", 0.0312 → "0.031". */
function short(v: number): string {
  return Math.abs(v) >= 1 ? v.toFixed(1) : v.toPrecision(2);
}

/** Painting per task: at most this long and this many tiles, then the page gets the thread back (a frame is 16 ms). */
const TILE_SLICE_MS = 10;
const TILES_PER_TASK = 48;

function tileSize(side: number): number {
  return side >= 28 ? Math.min(side, 56) : side * Math.ceil(28 / side);
}

export function featureGrid(
  tap: Tap,
  act: KeptActivation,
  opts: { normalise: Normalisation; width: number },
): HTMLElement {
  const [h, w, c] = act.shape;
  const data = act.data;
  const interp = interpolatorFor(tap);
  const colours = lut(interp);
  // Per-channel ranges are needed only when each tile has its own range.
  let ranges: ReturnType<typeof channelRanges> | undefined;
  // Diverging layers: a shared range symmetric about 0 at the 99.5th percentile of |v|, so that a few
  // extreme values do not wash every tile out; larger values are drawn at the scale's ends.
  // Computed when first needed (the first batch of tiles), not in the task that shows the grid.
  let clipped: { clip: number; shared: [number, number] } | undefined;
  const range = () => {
    if (clipped) return clipped;
    const clip = tap.relu6 ? 0 : robustAbsMax(data);
    const shared = tap.relu6 ? colourDomain(act.stats.min, act.stats.max, false) : colourDomain(-clip, clip, true);
    clipped = { clip, shared };
    return clipped;
  };
  const domainOf = (ch: number): [number, number] => {
    if (opts.normalise === "shared") return range().shared;
    ranges ??= channelRanges(data, c);
    return colourDomain(ranges.min[ch], ranges.max[ch], !tap.relu6);
  };

  const T = tileSize(h);
  const gap = 2;
  const cols = Math.max(1, Math.floor((Math.max(320, opts.width || 0) - 16 + gap) / (T + gap)));
  const rows = Math.ceil(c / cols);
  const canvas = el("canvas", {
    width: cols * (T + gap) - gap,
    height: rows * (T + gap) - gap,
    tabindex: 0,
    class: "act-grid-canvas",
  });
  const g = canvas.getContext("2d")!;
  // The whole grid is one image: each tile is painted straight from the layer's values into it (nearest
  // neighbour, as a canvas scales with smoothing off), and put on the canvas a batch of tiles at a time.
  const grid = g.createImageData(canvas.width, canvas.height);
  const tileX = Int32Array.from({ length: T }, (_, t) => Math.min(w - 1, Math.floor(((t + 0.5) * w) / T)));
  const tileY = Int32Array.from({ length: T }, (_, t) => Math.min(h - 1, Math.floor(((t + 0.5) * h) / T)));
  let drawn = 0; // tiles painted so far
  let tasks = 0; // tasks the painting has taken
  const paintTile = (ch: number) => {
    const [lo, hi] = domainOf(ch);
    const k = 255 / (hi - lo);
    const px = grid.data;
    const x0 = (ch % cols) * (T + gap);
    const y0 = Math.floor(ch / cols) * (T + gap);
    for (let ty = 0; ty < T; ty++) {
      const row = tileY[ty] * w;
      let o = ((y0 + ty) * grid.width + x0) * 4;
      for (let tx = 0; tx < T; tx++, o += 4) {
        const i = Math.max(0, Math.min(255, Math.round((data[(row + tileX[tx]) * c + ch] - lo) * k))) * 3;
        px[o] = colours[i];
        px[o + 1] = colours[i + 1];
        px[o + 2] = colours[i + 2];
        px[o + 3] = 255;
      }
    }
  };
  /** Put tiles from..to-1 (already painted into the grid image) on the canvas. */
  const putTiles = (from: number, to: number) => {
    const y = Math.floor(from / cols) * (T + gap);
    const y1 = Math.floor((to - 1) / cols) * (T + gap) + T;
    g.putImageData(grid, 0, 0, 0, y, grid.width, y1 - y);
  };
  const drawTile = (ch: number) =>
    g.putImageData(grid, 0, 0, (ch % cols) * (T + gap), Math.floor(ch / cols) * (T + gap), T, T);
  // The enlarged channel: its plane, painted on a canvas of the layer's own size, drawn large.
  const tile = el("canvas", { width: w, height: h });
  const tg = tile.getContext("2d")!;
  const planeOf = (ch: number) => channelPlane(data, h, w, c, ch);
  let cursor = -1;
  const say = (text: string) => root.dispatchEvent(new CustomEvent(CHANNEL_EVENT, { bubbles: true, detail: text }));
  const drawCursor = (previous: number) => {
    if (previous >= 0 && previous < drawn) drawTile(previous); // erases the old frame
    if (cursor < 0) return;
    strokeOnRamp(
      g,
      (cursor % cols) * (T + gap),
      Math.floor(cursor / cols) * (T + gap),
      T,
      T,
      Math.max(1, Math.round(T / 24)),
    );
  };
  const moveCursor = (to: number) => {
    const previous = cursor;
    cursor = to;
    drawCursor(previous);
  };
  const shapeText = `${h}×${w}×${c}`;
  canvas.setAttribute("role", "img");
  canvas.setAttribute(
    "aria-label",
    `${c} feature maps of ${act.layer}, each ${h}×${w}. Focus and use the arrow keys to choose a channel, Enter to enlarge it.`,
  );

  const detail = el("div", { class: "act-detail" });
  const enlarge = (ch: number) => {
    moveCursor(ch);
    const plane = planeOf(ch);
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    for (const v of plane) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      sum += v;
    }
    const dom = domainOf(ch);
    const side = 224;
    const big = el("canvas", { width: side, height: side, class: "act-big" });
    const bg = big.getContext("2d")!;
    bg.imageSmoothingEnabled = false;
    tg.putImageData(paint(plane, w, h, dom, colours), 0, 0);
    bg.drawImage(tile, 0, 0, side, side);
    big.setAttribute("role", "img");
    big.setAttribute(
      "aria-label",
      `Channel ${ch} of ${act.layer}, ${h}×${w}, values from ${lo.toFixed(3)} to ${hi.toFixed(3)}`,
    );
    const close = el("button", { type: "button" }, "Close");
    close.addEventListener("click", () => {
      detail.replaceChildren();
      moveCursor(-1);
      canvas.focus();
      say("");
    });
    detail.replaceChildren(
      el(
        "div",
        { class: "act-detail-inner" },
        big,
        el(
          "div",
          {},
          el("strong", {}, `Channel ${ch} of ${c}`),
          el("div", {}, `${act.layer}, ${h}×${w} values`),
          el("div", {}, `min ${lo.toFixed(3)} · max ${hi.toFixed(3)} · mean ${(sum / plane.length).toFixed(3)}`),
          colourLegend(
            interp,
            dom,
            opts.normalise === "shared" ? "Colour (shared range of the layer)" : "Colour (this channel's range)",
          ),
          close,
        ),
      ),
    );
    detail.dataset.channel = String(ch);
    say(`${act.layer}:${ch}`);
  };
  canvas.addEventListener("click", (e) => {
    const r = canvas.getBoundingClientRect();
    const x = ((e.clientX - r.left) * canvas.width) / r.width;
    const y = ((e.clientY - r.top) * canvas.height) / r.height;
    const ch = Math.floor(y / (T + gap)) * cols + Math.floor(x / (T + gap));
    if (ch >= 0 && ch < c) enlarge(ch);
  });
  canvas.addEventListener("keydown", (e) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols };
    if (e.key in moves) {
      e.preventDefault();
      e.stopPropagation();
      moveCursor(Math.max(0, Math.min(c - 1, cursor < 0 ? 0 : cursor + moves[e.key])));
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      enlarge(Math.max(0, cursor));
    } else if (e.key === "Escape") {
      detail.replaceChildren();
      say("");
    }
  });

  // The legend, like the tiles, is drawn in a later task (the first batch of tiles).
  const legendBox = el("div", { class: "act-grid-legend" });
  const legend = () =>
    opts.normalise === "shared"
      ? colourLegend(
          interp,
          range().shared,
          tap.relu6
            ? "Activation value (shared range)"
            : `Activation value (shared, centred on 0; |v| > ${short(range().clip)} drawn as ±${short(range().clip)})`,
          { width: tap.relu6 ? 260 : 420 },
        )
      : colourLegend(
          interp,
          tap.relu6 ? [0, 1] : [-1, 1],
          tap.relu6 ? "Each channel: its own min → max" : "Each channel: −max|v| → 0 → +max|v|",
          {
            tickFormat: (v) =>
              tap.relu6 ? (v === 0 ? "min" : v === 1 ? "max" : "") : v === 0 ? "0" : v < 0 ? "−max|v|" : "+max|v|",
            ticks: tap.relu6 ? [0, 1] : [-1, 0, 1],
          },
        );
  const s = act.stats;
  const head = el(
    "div",
    { class: "act-grid-title" },
    el("h4", {}, KIND_TITLES[tap.kind](act.shape[act.shape.length - 1])),
    el("code", { class: "act-shape" }, `${act.layer} · ${shapeText}`),
  );
  const summary = el(
    "div",
    { class: "act-grid-summary" },
    `min ${s.min.toFixed(2)} · max ${s.max.toFixed(2)} · mean ${s.mean.toFixed(3)}` +
      (tap.relu6
        ? ` · ${(s.zeros * 100).toFixed(1)}% zeros · ${(s.saturated * 100).toFixed(1)}% at 6`
        : ` · ${(s.negative * 100).toFixed(1)}% negative`),
  );
  const root = el(
    "section",
    { class: `act-grid act-grid-${tap.kind}` },
    head,
    summary,
    legendBox,
    el("div", { class: "act-grid-scroll" }, canvas),
    detail,
  );
  root.dataset.layer = act.layer;
  root.dataset.shape = shapeText;
  root.addEventListener(ENLARGE_EVENT, (e) => {
    const ch = (e as CustomEvent<number>).detail;
    if (ch >= 0 && ch < c) enlarge(ch);
  });
  // A link may ask for one of this layer's channels, enlarged.
  const asked = CHANNEL_TEXT.exec(addressInitial("channel", (t) => CHANNEL_TEXT.test(t), ""));
  if (asked && asked[1] === act.layer && Number(asked[2]) < c) enlarge(Number(asked[2]));
  // The tiles are painted a few at a time, each batch in its own task, so that a layer of 960 channels never
  // holds the page for the whole drawing. data-state is "running" until the last tile is painted (tests and
  // settled() wait on it); data-tasks says in how many tasks the tiles were painted.
  root.dataset.state = "running";
  const paintSome = () => {
    if (!root.isConnected && tasks > 0) return; // replaced by a newer run: stop
    tasks++;
    const t0 = performance.now();
    if (tasks === 1) legendBox.replaceChildren(legend());
    const from = drawn;
    const end = Math.min(c, drawn + TILES_PER_TASK);
    while (drawn < end && performance.now() - t0 < TILE_SLICE_MS) paintTile(drawn++);
    putTiles(from, drawn);
    if (cursor >= 0 && cursor < drawn) drawCursor(-1);
    if (drawn < c) nextTask(paintSome);
    else Object.assign(root.dataset, { state: "done", tasks: String(tasks) });
  };
  setTimeout(paintSome, 0);
  return root;
}
