/**
 * The ReLU6 page's real activations: the expansion output of block 1 (Keras `block_1`, 16 → 96 channels), taken
 * before its ReLU6, in the trained network the site ships (the float model when one is installed, else the int8
 * checkpoint dequantized to float32) for a shipped photo. If the trained weights cannot be loaded, the same layer
 * of a randomly initialised block stands in, and the page says so.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { probeBlock } from "../lib/block-probe.js";
import { forward } from "../lib/net-exec.js";
import { preprocess } from "../lib/preprocess.js";
import { yieldToEventLoop } from "../lib/steps.js";
import { assetURL, loadManifest, photoCredit } from "./assets.js";
import { el } from "./dom.js";
import { trainedLoading, weightSets } from "./trained-model.js";

type TF = typeof tfjs;

/** The layers read, whichever the network has: block 1's expansion after its BatchNorm (or, where BatchNorm is
 * folded into the convolution, the convolution itself), before its ReLU6. */
const EXPANSION_LAYERS = ["block_1_expand_BN", "block_1_expand"];

export interface ExpansionValues {
  values: Float32Array;
  ms: number;
  /** What was done, for the backend line ("ran the trained network on one photo"). */
  what: string;
  /** Which weights and input produced the values, as a sentence for the reader. */
  weights: string;
  trained: boolean;
}

/** A random block of the same shape at 28×28 (the fallback, and what the page showed before trained weights). */
async function randomExpansion(tf: TF, t0: number, why: string): Promise<ExpansionValues> {
  const probe = await probeBlock(tf, { cin: 16, cout: 16, t: 6, stride: 1, size: 28 }, ["block_expand_BN"], {
    weights: 11,
    input: 5,
  });
  return {
    values: probe.values[0],
    ms: performance.now() - t0,
    what: "built and ran a random block",
    weights: `${why} These values come instead from a randomly initialised block of the same shape (16 → 96 channels at 28×28, He-normal weights, fresh BatchNorm) fed a random normal input.`,
    trained: false,
  };
}

/**
 * Block 1's expansion output in the trained network for the first shipped photo. `progress` receives the loading
 * line (it shows the download and the import). Falls back to a random block, with the reason, when it fails.
 */
export async function expansionValues(tf: TF, progress: (line: HTMLElement) => void): Promise<ExpansionValues> {
  const t0 = performance.now();
  const manifest = await loadManifest();
  const sets = weightSets(manifest);
  const set = sets.float ? "float" : "int8";
  const photo = manifest.images[0];
  if (!sets[set] || !photo)
    return randomExpansion(
      tf,
      t0,
      "This site has no trained weights or no photo installed, so the trained network cannot be shown.",
    );
  const loading = trainedLoading(tf, sets, set);
  progress(loading);
  try {
    const trained = await loading.ready;
    try {
      const pic = new Image();
      pic.src = assetURL(manifest, photo.url);
      await pic.decode();
      // The forward pass to block 1 is a task of its own, apart from the loading and the statistics that follow.
      await yieldToEventLoop();
      const res = trained.loaded.resolution;
      const layer = EXPANSION_LAYERS.find((name) => trained.net.nodes.some((n) => n.name === name));
      if (!layer) throw new Error("the network has no layer block_1_expand");
      const out = tf.tidy(() => {
        const { input } = preprocess(tf, pic, res);
        return forward(tf, trained.net, input, { outputs: [layer] })
          .get(layer)!
          .clone();
      });
      const values = (await out.data()) as Float32Array;
      await yieldToEventLoop();
      out.dispose();
      const [h, w, c] = [res / 2, res / 2, values.length / ((res / 2) * (res / 2))];
      return {
        values,
        ms: performance.now() - t0,
        what: "loaded the trained network and ran it on one photo",
        weights: `Weights: the trained MobileNetV2 that ships with this site, ${set === "float" ? "float32" : "Google's int8 checkpoint (TFLite), dequantized to float32"}. Input: ${photoCredit(photo)}, at ${res}×${res}. The values are block 1's expansion output (${h}×${w}×${c}) before its ReLU6.`,
        trained: true,
      };
    } finally {
      trained.dispose();
    }
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return randomExpansion(tf, t0, `The trained weights could not be used (${reason.replace(/\.$/, "")}).`);
  }
}

/** The sentence that says which weights produced the values; marked as a notice when they are random. */
export function weightsLine(v: ExpansionValues): HTMLElement {
  return el(
    "p",
    { class: v.trained ? "r6-weights" : "r6-weights notice", "data-trained": String(v.trained) },
    v.weights,
  );
}
