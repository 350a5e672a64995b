/**
 * Taking results away: a download of any text or blob, a chart or diagram as a standalone SVG (colours that came
 * from the page's CSS written into it) or as a PNG drawn from that SVG, and small "Download …" buttons.
 * Nothing leaves the browser: files are made from blob: URLs.
 */
import { el } from "./dom.js";

/** Save `data` as a file called `name`. */
export function download(name: string, data: Blob | string, type = "text/plain"): void {
  const blob = typeof data === "string" ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const PAINT = ["fill", "stroke", "color", "stop-color"] as const;

/** The SVG as a standalone document: computed colours and fonts written in, sizes explicit, namespaces set. */
function svgText(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll("*")];
  const dst = [clone, ...clone.querySelectorAll("*")];
  src.forEach((node, i) => {
    const style = getComputedStyle(node);
    const out = dst[i] as SVGElement;
    for (const p of PAINT) {
      const attr = node.getAttribute(p);
      if (attr && (attr.includes("var(") || attr === "currentColor")) out.setAttribute(p, style.getPropertyValue(p));
    }
    if (node instanceof SVGTextElement || node === svg) {
      out.setAttribute("font-family", style.fontFamily);
      out.setAttribute("font-size", style.fontSize);
    }
  });
  const box = svg.getBoundingClientRect();
  const vb = svg.viewBox?.baseVal;
  const w = svg.getAttribute("width") ?? String(Math.round(vb?.width || box.width || 640));
  const h = svg.getAttribute("height") ?? String(Math.round(vb?.height || box.height || 400));
  clone.setAttribute("width", w);
  clone.setAttribute("height", h);
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("color", getComputedStyle(svg).color);
  clone.removeAttribute("style");
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** The SVG drawn on a white canvas at `scale`× its size, as a PNG. */
async function svgPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const text = svgText(svg);
  const w = Number.parseFloat(/ width="([\d.]+)/.exec(text)?.[1] ?? "640");
  const h = Number.parseFloat(/ height="([\d.]+)/.exec(text)?.[1] ?? "400");
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = el("canvas", {}) as HTMLCanvasElement;
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2-D canvas");
    ctx.fillStyle = "white";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((ok, fail) =>
      canvas.toBlob((b) => (b ? ok(b) : fail(new Error("the PNG could not be made"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The first chart SVG inside `node` (or node itself). */
function findSvg(node: Element): SVGSVGElement | null {
  if (node instanceof SVGSVGElement) return node;
  return (
    [...node.querySelectorAll("svg")].find(
      (s) => !s.closest('[class*="-swatch"]') && !s.parentElement?.closest("svg"),
    ) ?? null
  );
}

/** "SVG" and "PNG" download buttons for a figure; `what` names it for the buttons' labels. */
export function figureDownloads(figure: Element, fileStem: string, what: string): HTMLElement {
  const status = el("span", { class: "muted download-status", role: "status" });
  const button = (ext: "svg" | "png") => {
    const b = el(
      "button",
      {
        type: "button",
        "data-download": `${what.replace(/\s+/g, "-")}-${ext}`,
        "aria-label": `Download the ${what} as ${ext.toUpperCase()}`,
      },
      ext.toUpperCase(),
    );
    b.addEventListener("click", async () => {
      const svg = findSvg(figure);
      if (!svg) return;
      const name = `${fileStem}_${what.replace(/\s+/g, "-")}.${ext}`;
      try {
        if (ext === "svg") download(name, svgText(svg), "image/svg+xml");
        else download(name, await svgPng(svg));
        status.textContent = `Saved ${name}.`;
      } catch (e) {
        status.textContent = `The ${ext.toUpperCase()} could not be made: ${e instanceof Error ? e.message : e}`;
      }
    });
    return b;
  };
  return el(
    "div",
    { class: "figure-downloads" },
    `Download the ${what}: `,
    button("svg"),
    " ",
    button("png"),
    " ",
    status,
  );
}

/** A pre-formatted text with Copy and Download buttons. */
export function textBlock(title: string, text: string, fileName: string, id: string): HTMLElement {
  const note = el("span", { class: "muted", role: "status" });
  const copy = el("button", { type: "button", "data-copy": id }, "Copy");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
      note.textContent = "Copied.";
    } catch {
      const range = document.createRange();
      range.selectNodeContents(pre);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      note.textContent = "Selected: copy it with Ctrl+C or ⌘C.";
    }
  });
  const save = el("button", { type: "button", "data-download": id }, "Download");
  save.addEventListener("click", () => download(fileName, text));
  const pre = el("pre", { class: "model-text", "data-text": id, tabindex: 0, "aria-label": title }, text);
  return el(
    "div",
    { class: "text-block" },
    el("div", { class: "text-block-bar" }, el("strong", {}, title), " ", copy, " ", save, " ", note),
    pre,
  );
}

/** Download buttons for the per-layer table as CSV and as JSON. */
export function layerDownloads(stem: string, csv: string, json: string): HTMLElement {
  const button = (what: string, name: string, data: string, type: string) => {
    const b = el("button", { type: "button", "data-download": what }, name);
    b.addEventListener("click", () => download(name, data, type));
    return b;
  };
  return el(
    "div",
    { class: "figure-downloads" },
    "Download the table: ",
    button("layers-csv", `${stem}_layers.csv`, csv, "text/csv"),
    " ",
    button("layers-json", `${stem}_layers.json`, json, "application/json"),
  );
}
