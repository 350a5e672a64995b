/**
 * The optional assets installed at build time by scripts/assets.mjs (pretrained weights, sample photos): the
 * manifest lives at `_file/assets/manifest.json` under the site root, in the built site and in preview alike.
 * A missing or unreadable manifest means "nothing installed", never an error.
 */

export interface ManifestModel {
  id: string;
  url: string;
  labels: string | null;
  bytes: number;
}

export interface ManifestImage {
  file: string;
  url: string;
  subject: string;
  licence: string;
  source: string | null;
}

export interface Manifest {
  models: ManifestModel[];
  /** Installed .tflite files (MobileNetV2 checkpoints the page can import), with a labels .txt when one was beside them. */
  tflite: { id: string; url: string; labels: string | null; bytes?: number }[];
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

/** "CC BY 2.0, Paul Asman …" with the subject: what every displayed photo carries. */
export function photoCredit(img: ManifestImage): string {
  return `${img.subject} — ${img.licence}`;
}
