/**
 * The preprocessing made visible: the original image with the centre-crop box, the crop resized to the
 * model's resolution (drawn back from the network input itself), and the scaling x / 127.5 − 1 with the
 * input tensor's actual minimum and maximum.
 */
import type { CropBox } from "../lib/preprocess.js";
import { PIXEL_OFFSET, PIXEL_SCALE, resizeFactor, unscalePixel } from "../lib/preprocess.js";
import { type ManifestImage, photoCreditLine } from "./assets.js";
import { el } from "./dom.js";
import { OKABE_ITO } from "./palette.js";

export interface PreprocessViewOptions {
  source: HTMLCanvasElement;
  crop: CropBox;
  /** Network input [res, res, 3] in [-1, 1]. */
  input: Float32Array;
  resolution: number;
  name: string;
  credit: string | null;
  /** A sample photo's manifest entry: its credit is shown with links to the source and the licence. */
  photo?: ManifestImage | null;
}

export function preprocessView(o: PreprocessViewOptions): HTMLElement {
  const { source, crop, resolution: r } = o;
  const maxSide = 220;
  const k = Math.min(1, maxSide / Math.max(source.width, source.height));
  const orig = el("canvas", { width: Math.round(source.width * k), height: Math.round(source.height * k) });
  const g = orig.getContext("2d")!;
  g.drawImage(source, 0, 0, orig.width, orig.height);
  g.fillStyle = "rgba(0,0,0,0.45)";
  const [cx, cy, cs] = [crop.x * k, crop.y * k, crop.size * k];
  g.fillRect(0, 0, orig.width, cy);
  g.fillRect(0, cy + cs, orig.width, orig.height - cy - cs);
  g.fillRect(0, cy, cx, cs);
  g.fillRect(cx + cs, cy, orig.width - cx - cs, cs);
  g.strokeStyle = OKABE_ITO.yellow;
  g.lineWidth = 2;
  g.strokeRect(cx + 1, cy + 1, cs - 2, cs - 2);
  orig.setAttribute("role", "img");
  orig.setAttribute(
    "aria-label",
    `Original image ${source.width}×${source.height} pixels with the centre crop ${crop.size}×${crop.size} at x=${crop.x}, y=${crop.y} outlined`,
  );

  const net = el("canvas", { width: r, height: r });
  const img = net.getContext("2d")!.createImageData(r, r);
  // The input drawn back as pixels, and its range, in one indexed pass: this runs as the page first opens, before
  // the code is optimised, where a separate for…of pass over the 150,000 values cost as much again.
  const px = img.data;
  const input = o.input;
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < r * r; p++) {
    for (let ch = 0; ch < 3; ch++) {
      const v = input[p * 3 + ch];
      if (v < min) min = v;
      if (v > max) max = v;
      px[p * 4 + ch] = Math.round(unscalePixel(v));
    }
    px[p * 4 + 3] = 255;
  }
  net.getContext("2d")!.putImageData(img, 0, 0);
  net.setAttribute("role", "img");
  net.setAttribute("aria-label", `The network input: the crop resized to ${r}×${r} pixels`);

  const formula = el("div", { class: "act-formula" });
  formula.innerHTML = `x<sub>net</sub> = x<sub>pixel</sub> / ${PIXEL_SCALE} − ${PIXEL_OFFSET}`;
  const range = el(
    "div",
    { class: "act-range" },
    `Input tensor [1, ${r}, ${r}, 3]: min ${min.toFixed(3)}, max ${max.toFixed(3)} (0 → −1, 255 → +1)`,
  );
  range.dataset.min = String(min);
  range.dataset.max = String(max);

  const step = (title: string, body: Node, caption: string, credit?: string | HTMLElement) =>
    el(
      "figure",
      { class: "act-step" },
      el("figcaption", { class: "act-step-title" }, title),
      body,
      el("div", { class: "act-step-caption" }, caption),
      ...(typeof credit === "string" ? [el("div", { class: "act-step-caption act-photo-credit" }, credit)] : []),
      ...(credit && typeof credit !== "string" ? [credit] : []),
    );
  net.style.width = "180px";
  net.style.height = "180px";
  return el(
    "div",
    { class: "act-preprocess" },
    step(
      "1. Original and its centre crop",
      orig,
      `${source.width}×${source.height} px; the yellow ${crop.size}×${crop.size} square at (${crop.x}, ${crop.y}) is kept.`,
      o.photo
        ? photoCreditLine(o.photo, "act-step-caption act-photo-credit")
        : o.credit
          ? `Image: ${o.credit}`
          : undefined,
    ),
    step(`2. Resized to ${r}×${r}`, net, `bilinear, ×${resizeFactor(crop, r).toFixed(3)}`),
    step("3. Scaled to [−1, 1]", el("div", {}, formula, range), "what the network actually receives"),
  );
}
