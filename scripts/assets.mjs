#!/usr/bin/env node
/**
 * Assets installed into the site at build time: what ships in the repository's data/ folder (the int8 TFLite
 * MobileNetV2 1.0/224 checkpoint with its labels, and freely licensed sample photos, each with a credit JSON),
 * always; plus optional ones from directories named by environment variables.
 *
 *   data/models/<dir>/  a .tflite file, its labels .txt, LICENSE and credit.json (title, author, source,
 *                       sourceUrl, licence, licenceUrl)
 *   data/images/        photos, each with <name>.json: subject, photographer, source, sourceUrl, licence, licenceUrl
 *   MODELS_DIR  a directory holding TF.js layers models, each a sub-directory with model.json + weight shards
 *               (+ labels.json), e.g. ../shared/models/mobilenet_v2_1.0_224/; `.tflite` files found one level
 *               down are listed too.
 *   IMAGES_DIR  a directory of photos (.jpg/.jpeg/.png/.webp) with an optional SOURCES.md whose Markdown table
 *               gives each photo's subject, source and licence (shown wherever the photo is displayed).
 *
 * Usage:
 *   node scripts/assets.mjs dist   after `observable build`: copies into dist/_file/assets/ (run by npm run build)
 *   node scripts/assets.mjs src    before `observable preview`: links into src/assets/ (git-ignored; npm run dev)
 *
 * Both write `<target>/assets/manifest.json`, always (empty lists when nothing is configured), so the page can
 * fetch it without a 404. The page reads `_file/assets/manifest.json` relative to the site root: in the built site
 * that is the copy made here; in preview, Framework serves any file under src/ at /_file/<path>.
 * Only data files are placed under src/ (no .md), so Framework never mistakes them for pages.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const IMAGE_EXT = new Set([".jpg", ".jpeg", ".png", ".webp", ".gif"]);

/** @typedef {import("../src/components/assets.ts").Manifest} Manifest */
/** @typedef {import("../src/components/assets.ts").ManifestImage} ManifestImage */
/** @typedef {import("../src/components/assets.ts").ModelCredit} ModelCredit */
/** @typedef {{ subject?: string; photographer?: string; source: string; sourceUrl: string; licence: string; licenceUrl: string }} CreditFile */

/**
 * Parse SOURCES.md's table: | file (WxH) | subject -> prediction | source | licence |.
 * @param {string} markdown
 */
export function parseSources(markdown) {
  /** @type {Record<string, { subject: string; source: string; licence: string }>} */
  const credits = {};
  for (const line of markdown.split("\n")) {
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length < 4 || /^-+$/.test(cells[0].replace(/[: ]/g, "")) || /^file$/i.test(cells[0])) continue;
    const m = /^([^\s(]+\.(?:jpe?g|png|webp|gif))\s*(?:\((\d+)x(\d+)[^)]*\))?/i.exec(cells[0]);
    if (!m) continue;
    const subject = cells[1].split("->")[0].trim().replace(/^"|"$/g, "").replace(/"/g, "");
    credits[m[1]] = { subject, source: cells[2], licence: cells[3] };
  }
  return credits;
}

/**
 * A credit JSON beside a shipped file, or null.
 * @param {string} path
 * @returns {CreditFile | null}
 */
function readCredit(path) {
  if (!existsSync(path)) return null;
  const c = JSON.parse(readFileSync(path, "utf8"));
  for (const k of ["source", "sourceUrl", "licence", "licenceUrl"])
    if (typeof c[k] !== "string" || !c[k]) throw new Error(`${path}: "${k}" is missing`);
  return c;
}

/**
 * What a models directory holds: layers models (dirs with model.json) and .tflite files.
 * @param {string} dir
 */
function scanModels(dir) {
  /** @type {{ id: string; src: string; files: string[]; shards: string[]; bytes: number; labels: boolean }[]} */
  const models = [];
  /**
   * @type {{ id: string; src: string; files: string[]; file: string; labels: string | undefined;
   *   licence: string | null; credit: CreditFile | null; bytes: number }[]}
   */
  const tflite = [];
  const entries = existsSync(join(dir, "model.json")) ? [""] : readdirSync(dir).sort();
  for (const name of entries) {
    const sub = join(dir, name);
    if (!statSync(sub).isDirectory()) continue;
    const files = readdirSync(sub).sort();
    if (files.includes("model.json")) {
      const json = JSON.parse(readFileSync(join(sub, "model.json"), "utf8"));
      /** @type {string[]} */
      const shards = (json.weightsManifest ?? []).flatMap((/** @type {{ paths: string[] }} */ g) => g.paths);
      const missing = shards.filter((p) => !files.includes(p));
      if (missing.length) {
        console.warn(`assets: ${sub} lacks ${missing.join(", ")}; skipped`);
        continue;
      }
      const copy = ["model.json", ...shards, ...(files.includes("labels.json") ? ["labels.json"] : [])];
      const bytes = copy.reduce((s, f) => s + statSync(join(sub, f)).size, 0);
      models.push({
        id: name || basename(dir),
        src: sub,
        files: copy,
        shards,
        bytes,
        labels: files.includes("labels.json"),
      });
    }
    const credit = readCredit(join(sub, "credit.json"));
    for (const f of files.filter((f) => f.endsWith(".tflite"))) {
      const labels = files.find((l) => /labels.*\.txt$/.test(l));
      const licence = files.find((l) => /^LICEN[CS]E/i.test(l));
      tflite.push({
        id: f.replace(/\.tflite$/, ""),
        src: sub,
        files: [f, ...(labels ? [labels] : []), ...(credit && licence ? [licence] : [])],
        file: f,
        labels,
        licence: credit && licence ? licence : null,
        credit,
        bytes: statSync(join(sub, f)).size,
      });
    }
  }
  return { models, tflite };
}

/**
 * Photos in a directory with their credits: <name>.json beside each photo, else a SOURCES.md table.
 * @param {string} dir
 * @returns {{ src: string; entry: ManifestImage }[]}
 */
function scanImages(dir) {
  const sourcesFile = join(dir, "SOURCES.md");
  const table = existsSync(sourcesFile) ? parseSources(readFileSync(sourcesFile, "utf8")) : {};
  return readdirSync(dir)
    .filter((f) => IMAGE_EXT.has(extname(f).toLowerCase()))
    .sort()
    .map((f) => {
      const json = readCredit(join(dir, `${basename(f, extname(f))}.json`));
      const c = table[f];
      return {
        src: join(dir, f),
        entry: {
          file: f,
          url: `images/${f}`,
          subject: json?.subject ?? c?.subject ?? f.replace(/\.[^.]+$/, "").replaceAll("_", " "),
          licence: json?.licence ?? c?.licence ?? "licence not stated (no SOURCES.md entry)",
          source: json ? `${json.source}, ${json.sourceUrl}` : (c?.source ?? null),
          ...(json
            ? {
                photographer: json.photographer ?? null,
                sourceName: json.source,
                sourceUrl: json.sourceUrl,
                licenceUrl: json.licenceUrl,
              }
            : {}),
        },
      };
    });
}

/**
 * @param {string} from
 * @param {string} to
 * @param {boolean} link
 */
function place(from, to, link) {
  rmSync(to, { force: true });
  if (link) symlinkSync(resolve(from), to);
  else copyFileSync(from, to);
}

/** The repository's data/ folder (shipped assets), next to scripts/. */
export const DATA_DIR = fileURLToPath(new URL("../data", import.meta.url));

/**
 * Install the shipped assets of `dataDir` (default data/) and those of MODELS_DIR / IMAGES_DIR into the site.
 * A model or photo already installed from data/ is not installed again from the optional directories.
 * @param {string} target "src" (preview: symbolic links) or "dist" (build: copies)
 * @param {NodeJS.ProcessEnv} env
 */
export function installAssets(target, env = process.env, dataDir = DATA_DIR) {
  const dev = target === "src";
  const base = dev ? join("src", "assets") : join("dist", "_file", "assets");
  if (!dev && !existsSync("dist")) throw new Error("dist/ does not exist: run observable build first");
  rmSync(join(base, "models"), { recursive: true, force: true });
  rmSync(join(base, "images"), { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  /** @type {Omit<Manifest, "base"> & { generated: string }} */
  const manifest = { generated: new Date().toISOString(), models: [], tflite: [], images: [], notes: [] };

  /** @type {(dir: string, shipped: boolean, found?: ReturnType<typeof scanModels>) => number} */
  const installModels = (dir, shipped, found = scanModels(dir)) => {
    const { models, tflite } = found;
    const have = new Set([...manifest.models, ...manifest.tflite].map((m) => m.id));
    const fresh = [...models, ...tflite].filter((m) => !have.has(m.id));
    for (const m of fresh) {
      const out = join(base, "models", m.id);
      mkdirSync(out, { recursive: true });
      for (const f of m.files) place(join(m.src, f), join(out, f), dev);
    }
    for (const m of models.filter((m) => fresh.includes(m)))
      manifest.models.push({
        id: m.id,
        url: `models/${m.id}/model.json`,
        labels: m.labels ? `models/${m.id}/labels.json` : null,
        // The weight files model.json lists, so that a page can start downloading them before it has read it.
        weights: m.shards.map((f) => `models/${m.id}/${f}`),
        bytes: m.bytes,
      });
    for (const m of tflite.filter((m) => fresh.includes(m)))
      manifest.tflite.push({
        id: m.id,
        url: `models/${m.id}/${m.file}`,
        labels: m.labels ? `models/${m.id}/${m.labels}` : null,
        bytes: m.bytes,
        ...(m.credit
          ? { ...m.credit, licenceFile: m.licence ? `models/${m.id}/${m.licence}` : null, shipped: shipped }
          : {}),
      });
    return models.length + tflite.length;
  };
  /** @type {(dir: string, shipped: boolean) => number} */
  const installImages = (dir, shipped) => {
    const have = new Set(manifest.images.map((i) => i.file));
    const fresh = scanImages(dir).filter((i) => !have.has(i.entry.file));
    if (fresh.length) mkdirSync(join(base, "images"), { recursive: true });
    for (const { src, entry } of fresh) {
      place(src, join(base, "images", entry.file), dev);
      manifest.images.push({ ...entry, shipped });
    }
    return fresh.length;
  };

  if (existsSync(join(dataDir, "models"))) installModels(join(dataDir, "models"), true);
  if (existsSync(join(dataDir, "images"))) installImages(join(dataDir, "images"), true);

  const modelsDir = env.MODELS_DIR;
  if (!modelsDir) {
    if (!manifest.models.length && !manifest.tflite.length)
      manifest.notes.push("MODELS_DIR was not set at build time: no pretrained weights installed.");
  } else if (!existsSync(modelsDir))
    manifest.notes.push(`MODELS_DIR=${modelsDir} does not exist: no more pretrained weights installed.`);
  else {
    const found = scanModels(modelsDir);
    if (!found.models.length && !found.tflite.length)
      manifest.notes.push(
        `MODELS_DIR=${modelsDir} holds no model.json and no .tflite file: no weights installed from it.`,
      );
    else {
      installModels(modelsDir, false, found);
      if (!found.models.length)
        manifest.notes.push(`MODELS_DIR=${modelsDir} holds no TF.js layers model (model.json), only .tflite files.`);
    }
  }

  const imagesDir = env.IMAGES_DIR;
  if (!imagesDir) {
    if (!manifest.images.length)
      manifest.notes.push("IMAGES_DIR was not set at build time: no sample photos installed.");
  } else if (!existsSync(imagesDir))
    manifest.notes.push(`IMAGES_DIR=${imagesDir} does not exist: no more sample photos installed.`);
  else installImages(imagesDir, false);

  writeFileSync(join(base, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { base, manifest };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const target = process.argv[2] ?? "dist";
  if (target !== "dist" && target !== "src") {
    console.error("usage: node scripts/assets.mjs dist|src");
    process.exit(2);
  }
  const { base, manifest } = installAssets(target);
  const summary = `${manifest.models.length} model(s), ${manifest.tflite.length} tflite file(s), ${manifest.images.length} photo(s)`;
  console.error(`assets: ${summary} → ${base}/${manifest.notes.length ? ` (${manifest.notes.join(" ")})` : ""}`);
}
