/**
 * A block's layer graph condensed into the units a diagram draws: each convolution with its BatchNorm and
 * activation folded in, the shortcut, and the add. Pure: reads a LayerGraph and its trace (trace.ts).
 */
import type { LayerGraph, Role } from "./graph.js";
import type { Trace } from "./trace.js";

export interface BlockUnit {
  /** Name of the conv layer, e.g. "block_expand". */
  name: string;
  role: Role;
  /** "1×1 conv", "3×3 depthwise", "3×3 conv". */
  label: string;
  kernel: number;
  stride: number;
  depthwise: boolean;
  inShape: number[];
  outShape: number[];
  /** The activation applied to this unit's output, or null for a linear layer. */
  activation: "ReLU6" | "ReLU" | null;
  /** Conv plus BatchNorm parameters (trainable). */
  params: number;
  madds: number;
  /** On the main path or on the shortcut (ResNet's 1×1 projection shortcut). */
  branch: "main" | "shortcut";
}

export interface BlockSummary {
  input: number[];
  output: number[];
  units: BlockUnit[];
  /** Whether the input (or the shortcut unit) is added to the main path. */
  add: boolean;
  /** The shortcut carries the input unchanged (identity) or through a 1×1 conv. */
  shortcut: "identity" | "projection" | null;
  /** Activation after the add (ResNet's ReLU), or null. */
  afterAdd: "ReLU" | "ReLU6" | null;
  params: number;
  madds: number;
}

export function blockUnits(graph: LayerGraph, trace: Trace): BlockSummary {
  const byName = new Map(trace.layers.map((l) => [l.name, l]));
  const consumers = new Map<string, string[]>();
  for (const n of graph.nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n.name]);
  const nodeByName = new Map(graph.nodes.map((n) => [n.name, n]));
  const units: BlockUnit[] = [];
  let add = false;
  let afterAdd: BlockSummary["afterAdd"] = null;
  let shortcut: BlockSummary["shortcut"] = null;
  for (const n of graph.nodes) {
    if (n.op === "add") {
      add = true;
      const next = (consumers.get(n.name) ?? []).map((c) => nodeByName.get(c)!);
      const act = next.find((c) => c.op === "relu" || c.op === "relu6");
      afterAdd = act ? (act.op === "relu" ? "ReLU" : "ReLU6") : null;
      shortcut = n.inputs.includes("input") ? "identity" : "projection";
      continue;
    }
    if (n.op !== "conv" && n.op !== "depthwise") continue;
    const t = byName.get(n.name)!;
    let params = t.params;
    // Follow the chain conv → BatchNorm → activation.
    let cur = n.name;
    let activation: BlockUnit["activation"] = null;
    for (;;) {
      const next = (consumers.get(cur) ?? []).map((c) => nodeByName.get(c)!);
      if (next.length !== 1) break;
      const m = next[0];
      if (m.op === "batchnorm") {
        params += byName.get(m.name)!.params;
        cur = m.name;
      } else if (m.op === "relu" || m.op === "relu6") {
        activation = m.op === "relu" ? "ReLU" : "ReLU6";
        break;
      } else break;
    }
    units.push({
      name: n.name,
      role: n.role,
      label: `${n.kernel}×${n.kernel} ${n.op === "depthwise" ? "depthwise" : "conv"}`,
      kernel: n.kernel,
      stride: n.stride,
      depthwise: n.op === "depthwise",
      inShape: t.inShape,
      outShape: t.outShape,
      activation,
      params,
      madds: t.madds,
      branch: n.role === "shortcut" ? "shortcut" : "main",
    });
  }
  return {
    input: trace.input,
    output: trace.output,
    units,
    add,
    shortcut,
    afterAdd,
    params: trace.totals.params,
    madds: trace.totals.madds,
  };
}
