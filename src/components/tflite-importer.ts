/**
 * The TFLite import (src/lib/tflite.ts, src/lib/tflite-mobilenet.ts) as model-loader.ts's TfliteImporter: parse,
 * recognise, dequantize, build, all yielding to the page. TF-slim files have 1001 outputs, output 0 being
 * "background": it is dropped, so outputs line up with the 1000 ImageNet labels (a 1001-line labels file loses its
 * "background" line to match). Used by the Activations explorer and the Transfer learning page.
 */
import type { TF } from "../lib/tf-type.js";
import { describeImport, importMobileNetTflite } from "../lib/tflite-mobilenet.js";
import type { TfliteImporter } from "./model-loader.js";

export function tfliteImporter(tf: TF): TfliteImporter {
  return async (bytes, onProgress) => {
    const opts = { dropBackground: true };
    const { model, imported } = await importMobileNetTflite(tf, bytes, {
      ...opts,
      onProgress: (p) => onProgress(p.fraction, p.what),
    });
    return {
      model,
      summary: describeImport(imported, opts),
      warnings: imported.warnings,
      width: imported.config.width,
    };
  };
}
