/**
 * Node-side loaders for the optional development assets (test/assets.ts): the float layers model and the
 * sample photos, preprocessed as the explorer does (centred square, bilinear resize, x / 127.5 − 1).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { IMAGES_DIR, LAYERS_MODEL_DIR } from "../assets.js";
import { decodeJpeg } from "./jpeg.js";
import { decodePng } from "./png.js";

export async function loadPretrained(dir = LAYERS_MODEL_DIR): Promise<tf.LayersModel> {
  const mj = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
  const groups = mj.weightsManifest as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  const bytes = Buffer.concat(groups.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p)))));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: mj.modelTopology,
      weightSpecs: groups.flatMap((g) => g.weights),
      weightData: new Uint8Array(bytes).buffer,
    }),
  );
}

export function loadLabels(dir = LAYERS_MODEL_DIR): string[] {
  return JSON.parse(readFileSync(join(dir, "labels.json"), "utf8"));
}

/** A sample photo as the network's input: [res, res, 3] in [−1, 1]. */
export function loadPhoto(file: string, res = 224, dir = IMAGES_DIR): Float32Array {
  const bytes = new Uint8Array(readFileSync(join(dir, file)));
  const img = file.endsWith(".png") ? decodePng(bytes) : decodeJpeg(bytes);
  return tf.tidy(() => {
    const x = tf.tensor3d(img.rgb, [img.height, img.width, 3], "int32");
    const s = Math.min(img.width, img.height);
    const crop = x.slice([Math.floor((img.height - s) / 2), Math.floor((img.width - s) / 2), 0], [s, s, 3]);
    return tf.image
      .resizeBilinear(crop.toFloat() as tf.Tensor3D, [res, res])
      .div(127.5)
      .sub(1)
      .dataSync() as Float32Array;
  });
}
