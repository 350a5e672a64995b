/**
 * Drawing maps over the network's input: the input itself (a [res, res, 3] array in [−1, 1]) as a canvas, a
 * coarse or fine non-negative map laid over it with an opacity (bilinear upsampling, a colour-blind-safe
 * scale), with its legend, and boxes in input pixels (receptive fields).
 */
import * as d3 from "d3";
import type { Grid } from "../lib/attribution.js";
import type { PixelBox } from "../lib/cell-field.js";
import { colourLegend } from "./colour-legend.js";
import { el } from "./dom.js";
import { RAMPS } from "./palette.js";

const HEAT = RAMPS.heat;

/** The network input drawn back as an image (x → (x + 1) · 127.5). */
export function inputCanvas(data: Float32Array, res: number): HTMLCanvasElement {
  const c = el("canvas", { width: res, height: res });
  const img = new ImageData(res, res);
  for (let p = 0; p < res * res; p++) {
    for (let k = 0; k < 3; k++) img.data[p * 4 + k] = Math.round((data[p * 3 + k] + 1) * 127.5);
    img.data[p * 4 + 3] = 255;
  }
  c.getContext("2d")?.putImageData(img, 0, 0);
  return c;
}

/** A map as a small canvas, one pixel per cell, coloured from 0 to `max` (values above drawn at the top colour). */
export function mapCanvas(map: Grid, max: number, colour = HEAT): HTMLCanvasElement {
  const c = el("canvas", { width: map.w, height: map.h });
  const img = new ImageData(map.w, map.h);
  const lut = d3.range(256).map((i) => d3.rgb(colour(i / 255)));
  for (let p = 0; p < map.h * map.w; p++) {
    const t = max > 0 ? Math.max(0, Math.min(255, Math.round((map.values[p] / max) * 255))) : 0;
    const rgb = lut[t];
    img.data.set([rgb.r, rgb.g, rgb.b, 255], p * 4);
  }
  c.getContext("2d")?.putImageData(img, 0, 0);
  return c;
}

export interface OverlayOptions {
  photo: HTMLCanvasElement;
  map: Grid | null;
  /** The value drawn at the top of the colour scale (default: the map's maximum). */
  max?: number;
  opacity: number;
  /** Displayed side in CSS pixels. */
  side: number;
  label: string;
  boxes?: { box: PixelBox; colour: string; dash?: number[] }[];
  /** Input pixels per map cell edge, for maps coarser than the input (the map is stretched over the input). */
}

/** The photo with the map over it and any boxes, on one canvas named for screen readers. */
export function overlayCanvas(o: OverlayOptions): HTMLCanvasElement {
  const res = o.photo.width;
  const scale = 2; // drawn at twice the input's resolution so boxes and text stay sharp
  const c = el("canvas", { width: res * scale, height: res * scale, class: "inside-overlay" });
  c.style.width = `${o.side}px`;
  c.style.height = `${o.side}px`;
  const g = c.getContext("2d");
  if (!g) return c;
  g.imageSmoothingEnabled = true;
  g.drawImage(o.photo, 0, 0, c.width, c.height);
  if (o.map) {
    let max = o.max ?? 0;
    if (o.max === undefined) for (const v of o.map.values) if (v > max) max = v;
    g.globalAlpha = o.opacity;
    g.drawImage(mapCanvas(o.map, max), 0, 0, c.width, c.height);
    g.globalAlpha = 1;
  }
  for (const b of o.boxes ?? []) {
    g.strokeStyle = b.colour;
    g.lineWidth = 3;
    g.setLineDash(b.dash ?? []);
    g.strokeRect(
      b.box.x0 * scale,
      b.box.y0 * scale,
      (b.box.x1 - b.box.x0 + 1) * scale,
      (b.box.y1 - b.box.y0 + 1) * scale,
    );
  }
  c.setAttribute("role", "img");
  c.setAttribute("aria-label", o.label);
  return c;
}

/** Legend of a heat map: 0 … max, with what the numbers are. */
export function heatLegend(max: number, title: string): SVGSVGElement {
  return colourLegend(HEAT, [0, max > 0 ? max : 1], title, { width: 300 });
}
