/**
 * Receptive fields: how many input pixels (along one side) can influence one value of each layer's output, and
 * the jump, the distance in input pixels between neighbouring output values (the product of the strides so far).
 * The recurrence for a k×k layer of stride s: size += (k − 1) · jump, then jump *= s. 1×1 layers, BatchNorm,
 * activations and the add keep the size (an add takes the larger of its two inputs). After global average pooling
 * every value sees the whole image.
 */
import type { LayerGraph } from "./graph.js";
import type { Part } from "./spec.js";

export interface ReceptiveField {
  name: string;
  group: string;
  part: Part | null;
  /** Side of the receptive field in input pixels (ignoring the image's border). */
  size: number;
  /** Input pixels between neighbouring outputs. */
  jump: number;
  /** True from global pooling on: each value depends on the whole input. */
  global: boolean;
}

export function receptiveFields(graph: LayerGraph): ReceptiveField[] {
  const byName = new Map<string, { size: number; jump: number; global: boolean }>([
    ["input", { size: 1, jump: 1, global: false }],
  ]);
  return graph.nodes.map((n) => {
    const ins = n.inputs.map((i) => byName.get(i));
    if (ins.some((i) => !i)) throw new Error(`layer ${n.name}: unknown input`);
    const a = ins[0]!;
    let rf = { ...a };
    if (n.op === "conv" || n.op === "depthwise") {
      if (!a.global) rf = { size: a.size + (n.kernel - 1) * a.jump, jump: a.jump * n.stride, global: false };
    } else if (n.op === "add") {
      rf = { size: Math.max(...ins.map((i) => i!.size)), jump: a.jump, global: ins.some((i) => i!.global) };
    } else if (n.op === "gap") {
      rf = { ...a, global: true };
    }
    byName.set(n.name, rf);
    return { name: n.name, group: n.group, part: n.part, ...rf };
  });
}
