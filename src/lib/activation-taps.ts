/**
 * Which layers' outputs the Activations explorer shows, found from a model's Keras layer names: per block the
 * expansion (after ReLU6), depthwise (after ReLU6), projection (linear: the conv, or its BatchNorm when BN is
 * not folded) and the residual add; the stem (Conv1 after ReLU6) and the head (Conv_1 after ReLU6). Works for
 * the pretrained model and for ours, with or without BatchNorm layers.
 */
import { HEAD, PAPER_ROWS, type Part, rowPart, STEM } from "./spec.js";

export type TapKind = "stem" | "expansion" | "depthwise" | "projection" | "add" | "head";

export interface Tap {
  /** Keras layer whose output is shown. */
  layer: string;
  kind: TapKind;
  /** Whether the layer ends in ReLU6 (values in [0, 6]); false for the linear projection and the add. */
  relu6: boolean;
}

export interface TapGroup {
  /** "stem", "expanded_conv", "block_1" … "block_16", "head". */
  id: string;
  /** Reader-facing name, e.g. "Block 3 (block_3)". */
  label: string;
  /** Block index 0..16 for bottleneck blocks; null for the stem and the head. */
  index: number | null;
  /** Part of the network: the stem, bottleneck row i of Table 2, or the head. */
  part: Part;
  taps: Tap[];
}

/** Table 2 row (1-based) of bottleneck block i (0-based), from the rows' repeat counts n. */
export function rowOfBlock(i: number, rows = PAPER_ROWS): number {
  let end = 0;
  for (const [r, row] of rows.entries()) {
    end += row.n;
    if (i < end) return r + 1;
  }
  return rows.length;
}

/** The groups and taps present in a model with these layer names, in network order. */
export function activationTaps(layerNames: readonly string[]): TapGroup[] {
  const has = new Set(layerNames);
  const groups: TapGroup[] = [];
  if (has.has("Conv1_relu")) {
    groups.push({
      id: "stem",
      label: "Stem (Conv1)",
      index: null,
      part: STEM,
      taps: [{ layer: "Conv1_relu", kind: "stem", relu6: true }],
    });
  }
  const blocks: number[] = [];
  if (has.has("expanded_conv_project")) blocks.push(0);
  for (const n of layerNames) {
    const m = /^block_(\d+)_project$/.exec(n);
    if (m) blocks.push(Number(m[1]));
  }
  blocks.sort((a, b) => a - b);
  for (const i of blocks) {
    const p = i === 0 ? "expanded_conv" : `block_${i}`;
    const taps: Tap[] = [];
    if (has.has(`${p}_expand_relu`)) taps.push({ layer: `${p}_expand_relu`, kind: "expansion", relu6: true });
    if (has.has(`${p}_depthwise_relu`)) taps.push({ layer: `${p}_depthwise_relu`, kind: "depthwise", relu6: true });
    taps.push({
      layer: has.has(`${p}_project_BN`) ? `${p}_project_BN` : `${p}_project`,
      kind: "projection",
      relu6: false,
    });
    if (has.has(`${p}_add`)) taps.push({ layer: `${p}_add`, kind: "add", relu6: false });
    groups.push({
      id: p,
      label: i === 0 ? "Block 0 (expanded_conv)" : `Block ${i} (${p})`,
      index: i,
      part: rowPart(rowOfBlock(i)),
      taps,
    });
  }
  if (has.has("out_relu")) {
    groups.push({
      id: "head",
      label: "Head (Conv_1)",
      index: null,
      part: HEAD,
      taps: [{ layer: "out_relu", kind: "head", relu6: true }],
    });
  }
  return groups;
}
