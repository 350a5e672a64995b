/**
 * Look inside one inverted residual block: build it with seeded random weights (build.ts), feed it a seeded
 * random normal input and read chosen layers' outputs (e.g. "block_expand_BN", before its activation). Used by
 * the Linear bottleneck and ReLU6 pages. Takes the tfjs namespace as its first argument; disposes everything.
 * The build yields to the page every ~30 ms and the forward pass runs in a task of its own.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { buildGraphAsync } from "./build.js";
import { type InvertedResidualOptions, invertedResidualGraph } from "./graph.js";
import { yieldToEventLoop } from "./steps.js";
import type { TF } from "./tf-type.js";

export interface BlockProbe {
  /** One flat array per requested layer (channels last), in the order asked. */
  values: Float32Array[];
  /** Build plus forward pass, in milliseconds. */
  ms: number;
}

export async function probeBlock(
  tf: TF,
  block: InvertedResidualOptions,
  layers: readonly string[],
  seeds: { weights: number; input: number },
): Promise<BlockProbe> {
  const t0 = performance.now();
  const model = await buildGraphAsync(tf, invertedResidualGraph(block), { seed: seeds.weights });
  try {
    await yieldToEventLoop();
    const probe = tf.model({
      inputs: model.inputs,
      outputs: layers.map((l) => model.getLayer(l).output as tfjs.SymbolicTensor),
    });
    const outs = tf.tidy(() => {
      const x = tf.randomNormal([1, block.size, block.size, block.cin], 0, 1, "float32", seeds.input);
      const y = probe.predict(x);
      return Array.isArray(y) ? y : [y];
    });
    try {
      const values = (await Promise.all(outs.map((o) => o.data()))) as Float32Array[];
      return { values, ms: performance.now() - t0 };
    } finally {
      for (const o of outs) o.dispose();
    }
  } finally {
    model.dispose(); // the probe shares the block's layers, so this frees every weight
  }
}

/** What a ReLU would leave of a tensor with `channels` channels per position (channels last). */
export interface ReluRoom {
  channels: number;
  /** Share of all values a ReLU would set to zero. */
  negative: number;
  /** Mean number of channels left (positive) per position. */
  survivors: number;
  /** Share of positions keeping at least `needed` channels. */
  enough: number;
}

export function reluRoom(values: ArrayLike<number>, channels: number, needed: number): ReluRoom {
  let negative = 0;
  let enough = 0;
  let survivors = 0;
  const positions = values.length / channels;
  for (let i = 0; i < positions; i++) {
    let kept = 0;
    for (let c = 0; c < channels; c++) {
      if (values[i * channels + c] > 0) kept++;
      else negative++;
    }
    survivors += kept;
    if (kept >= needed) enough++;
  }
  return { channels, negative: negative / values.length, survivors: survivors / positions, enough: enough / positions };
}
