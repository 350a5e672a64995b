/**
 * The assets installed at build time by scripts/assets.mjs: the trained checkpoint and photos that ship with the
 * site, plus optional ones (more weights, more photos). The manifest lives at `_file/assets/manifest.json` under the site root, in the built site and in preview alike.
 * A missing or unreadable manifest means "nothing installed", never an error.
 */

export interface ManifestModel {
  id: string;
  url: string;
  labels: string | null;
  /** The weight files model.json lists (absent in manifests written before they were listed). */
  weights?: string[];
  bytes: number;
}

export interface ManifestImage {
  file: string;
  url: string;
  subject: string;
  licence: string;
  source: string | null;
  /** Shipped photos (a credit JSON beside each): who took it, where a reader finds it, the licence's address. */
  photographer?: string | null;
  sourceName?: string;
  sourceUrl?: string;
  licenceUrl?: string;
  /** Shipped with the site (data/), rather than added at build time. */
  shipped?: boolean;
}

/** Where a shipped checkpoint comes from and under which licence. */
export interface ModelCredit {
  title?: string;
  author?: string;
  source?: string;
  sourceUrl?: string;
  licence?: string;
  licenceUrl?: string;
  /** The licence's text, installed beside the file. */
  licenceFile?: string | null;
  shipped?: boolean;
}

export interface Manifest {
  models: ManifestModel[];
  /** Installed .tflite files (MobileNetV2 checkpoints the page can import), with a labels .txt when one was beside them. */
  tflite: ({ id: string; url: string; labels: string | null; bytes?: number } & ModelCredit)[];
  images: ManifestImage[];
  notes: string[];
  /** Absolute URL of the assets folder; manifest URLs are relative to it. */
  base: string;
}

/** The site root: pages live at /pages/<name>, so the root is one level up from this page. */
function siteRoot(): URL {
  return new URL(location.pathname.includes("/pages/") ? "../" : "./", location.href);
}

function assetsBase(): URL {
  return new URL("_file/assets/", siteRoot());
}

export async function loadManifest(): Promise<Manifest> {
  const base = assetsBase();
  const empty: Manifest = {
    models: [],
    tflite: [],
    images: [],
    notes: ["No asset manifest was found in this site."],
    base: base.href,
  };
  try {
    const res = await fetch(new URL("manifest.json", base));
    if (!res.ok) return empty;
    const json = await res.json();
    return {
      models: Array.isArray(json.models) ? json.models : [],
      tflite: Array.isArray(json.tflite) ? json.tflite : [],
      images: Array.isArray(json.images) ? json.images : [],
      notes: Array.isArray(json.notes) ? json.notes : [],
      base: base.href,
    };
  } catch {
    return empty;
  }
}

/** Absolute URL of a manifest entry. */
export function assetURL(m: Manifest, relative: string): string {
  return new URL(relative, m.base).href;
}

/** "American flamingo … — photo: Paul Asman and Jill Lenoble, CC BY 2.0": what every displayed photo carries. */
export function photoCredit(img: ManifestImage): string {
  return `${img.subject} — ${img.photographer ? `photo: ${img.photographer}, ` : ""}${img.licence}`;
}

function link(text: string, href: string | undefined): Node {
  if (!href) return document.createTextNode(text);
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  a.rel = "noopener";
  return a;
}

/**
 * A photo's credit as a line with links: "Photo: Paul Asman and Jill Lenoble, via Wikimedia Commons, licence
 * CC BY 2.0". Photos without a credit JSON (added at build time with a SOURCES.md) get the plain text.
 */
export function photoCreditLine(img: ManifestImage, className = "photo-credit"): HTMLElement {
  const p = document.createElement("div");
  p.className = className;
  if (!img.sourceUrl) {
    p.textContent = `${img.subject}: ${img.licence}${img.source ? `; source: ${img.source}` : ""}.`;
    return p;
  }
  p.append(
    `${img.subject}. Photo${img.photographer ? `: ${img.photographer}` : ""}, via `,
    link(img.sourceName ?? "its source", img.sourceUrl),
    "; licence ",
    link(img.licence, img.licenceUrl),
    ".",
  );
  return p;
}

/** A shipped checkpoint's credit: "MobileNetV2 1.0/224, int8 … by Google …, from Google Coral test data, Apache License 2.0". */
export function modelCreditLine(m: ModelCredit, base?: string, className = "model-credit"): HTMLElement {
  const p = document.createElement("div");
  p.className = className;
  p.append(
    `${m.title ?? "Checkpoint"}${m.author ? `: ${m.author}` : ""}, from `,
    link(m.source ?? "its source", m.sourceUrl),
    "; licence ",
    link(m.licence ?? "not stated", m.licenceUrl),
    ...(m.licenceFile ? [" (", link("full text", base ? new URL(m.licenceFile, base).href : m.licenceFile), ")"] : []),
    ".",
  );
  return p;
}

/** Every installed photo's credit, one line each with links ("Sample photo credits"). */
export function photoCreditList(m: Manifest): HTMLElement {
  const ul = document.createElement("ul");
  ul.className = "act-credits";
  for (const img of m.images) {
    const li = document.createElement("li");
    li.append(`${img.file}: `, ...photoCreditLine(img).childNodes);
    ul.append(li);
  }
  return ul;
}
