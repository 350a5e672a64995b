/**
 * The pretrained network the Transfer learning page starts from: the TF.js layers model installed with the site
 * if there is one, else the int8 TFLite checkpoint that ships with it (imported in the page), else random
 * weights (said loudly: there is nothing to transfer then). Shows progress and then what was loaded.
 */

import { formatInt, formatMs } from "../lib/format.js";
import type { TF } from "../lib/tf-type.js";
import { assetURL, type Manifest, modelCreditLine } from "./assets.js";
import { el } from "./dom.js";
import { liveStatus } from "./live-status.js";
import { loadModel, type WeightsChoice } from "./model-loader.js";
import { tfliteImporter } from "./tflite-importer.js";
import type { LabNetwork } from "./transfer-lab.js";

export async function transferNetwork(
  tf: TF,
  manifest: Manifest,
  show: (n: Node) => unknown,
  /** The backend it is loaded on (data-backend); the page loads it again after a backend switch. */
  backend: string,
): Promise<LabNetwork> {
  const line = liveStatus();
  const box = el("div", { class: "tl-network" }, line);
  box.dataset.state = "loading";
  box.dataset.backend = backend;
  show(box);
  const layers = manifest.models[0];
  const tfl = manifest.tflite.find((t) => t.shipped) ?? manifest.tflite[0];
  const choice: WeightsChoice = layers
    ? { kind: "installed", id: layers.id, url: assetURL(manifest, layers.url), labels: null }
    : tfl
      ? {
          kind: "tflite",
          name: tfl.url.split("/").pop() ?? tfl.id,
          url: assetURL(manifest, tfl.url),
          ...(tfl.licence ? { credit: `${tfl.author ?? tfl.title}, ${tfl.licence}` } : {}),
        }
      : { kind: "random" };
  const m = await loadModel(tf, choice, (f, what) => line.progress(f, 1, `${what}: ${Math.round(f * 100)}%`), {
    tflite: tfliteImporter(tf),
  });
  box.replaceChildren(
    el(
      "p",
      {},
      `Loaded in ${formatMs(m.loadMs)}: ${m.source}; ${formatInt(m.model.countParams())} parameters, input ${m.resolution}×${m.resolution}. Its ImageNet classifier is set aside; the new classes get a new one.`,
    ),
    ...(!m.pretrained
      ? [
          el(
            "p",
            { class: "act-notice act-notice-random" },
            "No trained weights are installed in this site, so this network has random weights: its features mean little, and transfer learning has nothing to transfer. Build the site with its data folder to see the real thing.",
          ),
        ]
      : []),
    ...(choice.kind === "tflite" && tfl?.licence ? [modelCreditLine(tfl, manifest.base)] : []),
  );
  box.dataset.state = "ready";
  box.dataset.kind = m.kind;
  box.dataset.tensors = String(tf.memory().numTensors);
  return { model: m.model, resolution: m.resolution, width: m.width ?? 1, source: m.source, backend };
}
