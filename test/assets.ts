/**
 * What ships in the repository's data/ folder (the int8 TFLite checkpoint and its labels, the sample photos with
 * their credits): always there, so the tests that need only these never skip.
 *
 * The optional development assets: pretrained weights, a TFLite file, photos and the seed documents, in
 * ../shared beside the repository (SHARED_DIR names another place; MODELS_DIR / IMAGES_DIR override its
 * models/ and images/ as they do for the build). The product never needs them; the tests that check it against
 * them do. Where an asset is missing those tests are skipped and the run says so; REQUIRE_ASSETS=1 turns a
 * missing asset into a failure instead, for a CI that is meant to have them.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

const SHARED_DIR = resolve(ROOT, process.env.SHARED_DIR ?? "../shared");
export const MODELS_DIR = resolve(ROOT, process.env.MODELS_DIR ?? join(SHARED_DIR, "models"));
export const IMAGES_DIR = resolve(ROOT, process.env.IMAGES_DIR ?? join(SHARED_DIR, "images"));
export const SEEDS_DIR = join(SHARED_DIR, "seeds");

export const DATA_DIR = join(ROOT, "data");
/** The shipped int8 TFLite MobileNetV2 1.0/224 (1001 classes) and its 1001-line labels file. */
export const SHIPPED_MODEL_DIR = join(DATA_DIR, "models", "mobilenet_v2_1.0_224_int8");
export const SHIPPED_TFLITE = join(SHIPPED_MODEL_DIR, "tf2_mobilenet_v2_1.0_224_ptq.tflite");
export const SHIPPED_LABELS = join(SHIPPED_MODEL_DIR, "imagenet_labels.txt");
/** The shipped photos (flamingo.jpg downscaled to 667×1000), each with <name>.json giving its credit. */
export const SHIPPED_IMAGES_DIR = join(DATA_DIR, "images");
/** The file names of the shipped photos, in the order the site lists them. */
export const SHIPPED_PHOTOS = [
  "cat_chelsea.png",
  "coffee.png",
  "coyote.jpg",
  "dog_labrador.jpg",
  "flamingo.jpg",
  "grace_hopper.jpg",
  "rocket.jpg",
];

/** The provided TF.js layers model (BatchNorm folded, width 1.0, 224 px). */
export const LAYERS_MODEL_DIR = join(MODELS_DIR, "mobilenet_v2_1.0_224");
/** The same checkpoint as an int8 TFLite file with 1001 classes: the one that ships in data/ (identical bytes). */
export const TFLITE_FILE = SHIPPED_TFLITE;

/**
 * True when every path exists. Otherwise warns (the tests that need them are skipped) or, under
 * REQUIRE_ASSETS=1, throws.
 */
export function haveAssets(what: string, ...paths: string[]): boolean {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) return true;
  const message = `${what}: needs ${missing.join(", ")}, which is missing (optional development assets, see README.md)`;
  if (process.env.REQUIRE_ASSETS === "1") throw new Error(`${message}; REQUIRE_ASSETS=1 makes this a failure`);
  console.warn(`\n!! SKIPPED ${message}\n`);
  return false;
}
