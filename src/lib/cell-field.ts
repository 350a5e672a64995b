/**
 * Where each feature-map cell's theoretical receptive field lies on the input: which input pixels can reach one
 * cell (receptive-field.ts gives every layer's size and jump for the architecture pages; this adds the position
 * of each cell, TensorFlow's uneven padding and the image's edges, for any loaded network).
 * For a chain of convolutions (Araujo et al., "Computing Receptive Fields of Convolutional Neural Networks",
 * Distill 2019) each layer has a size r (pixels on a side), a jump j (input pixels between neighbouring cells)
 * and a start (input coordinate of the centre of cell 0):
 *   r_out = r_in + (k − 1)·j_in,   j_out = j_in·s,   start_out = start_in + ((k − 1)/2 − pad_before)·j_in
 * with TensorFlow's "same" padding, which pads less before than after when the total is odd. A residual add
 * joins two paths: its field is the union of theirs (the longer path decides). Plain arithmetic, no tfjs.
 */
import type { LayerGraph } from "./graph.js";
import type { ExecNode } from "./net-exec.js";
import { samePadding } from "./net-exec.js";

/** What the receptive-field arithmetic needs of a layer. */
export interface RfNode {
  name: string;
  inputs: string[];
  /** Spatial kernel (1 for layers that keep every cell where it is: ReLU6, add, BatchNorm). */
  kernel: number;
  stride: number;
  same: boolean;
  /** Global pooling and the classifier see the whole image. */
  global?: boolean;
}

export interface ReceptiveField {
  /** Side in input pixels (the same along both axes: every kernel and stride is square). */
  size: number;
  /** Input pixels between neighbouring cells. */
  jump: number;
  /** Input coordinate of the centre of cell 0 (may be fractional or negative). */
  start: number;
  /** Feature-map side at this layer. */
  cells: number;
}

export function rfNodesFromExec(nodes: readonly ExecNode[]): RfNode[] {
  return nodes.map((n) => {
    const base = { name: n.name, inputs: n.inputs };
    if (n.op === "conv" || n.op === "depthwise") return { ...base, kernel: n.kernel, stride: n.stride, same: n.same };
    return { ...base, kernel: 1, stride: 1, same: true, global: n.op === "gap" || n.op === "dense" };
  });
}

export function rfNodesFromGraph(g: LayerGraph): RfNode[] {
  return [
    { name: "input", inputs: [], kernel: 1, stride: 1, same: true },
    ...g.nodes.map((n) => {
      const base = { name: n.name, inputs: n.inputs };
      if (n.op === "conv" || n.op === "depthwise") return { ...base, kernel: n.kernel, stride: n.stride, same: true };
      return { ...base, kernel: 1, stride: 1, same: true, global: n.op === "gap" || n.op === "dense" };
    }),
  ];
}

/** Every layer's receptive field for a square input of `size` pixels; the first node is the input. */
export function layerFields(nodes: readonly RfNode[], size: number): Map<string, ReceptiveField> {
  const out = new Map<string, ReceptiveField>();
  for (const n of nodes) {
    if (n.inputs.length === 0) {
      out.set(n.name, { size: 1, jump: 1, start: 0, cells: size });
      continue;
    }
    const ins = n.inputs.map((i) => {
      const f = out.get(i);
      if (!f) throw new Error(`${n.name}: input ${i} comes later`);
      return f;
    });
    if (n.global) {
      const f = ins[0];
      out.set(n.name, {
        size: f.size + (f.cells - 1) * f.jump,
        jump: 0,
        start: f.start + ((f.cells - 1) * f.jump) / 2,
        cells: 1,
      });
      continue;
    }
    // Union of the inputs' fields (they have the same jump and cells when they can be added).
    let lo = Infinity;
    let hi = -Infinity;
    for (const f of ins) {
      lo = Math.min(lo, f.start - (f.size - 1) / 2);
      hi = Math.max(hi, f.start + (f.size - 1) / 2);
    }
    const f = { size: hi - lo + 1, jump: ins[0].jump, start: (lo + hi) / 2, cells: ins[0].cells };
    if (ins.some((g) => g.jump !== f.jump || g.cells !== f.cells))
      throw new Error(`${n.name}: its inputs have different strides or sizes`);
    const k = n.kernel;
    const pad = n.same ? samePadding(f.cells, k, n.stride)[0] : 0;
    const cells = n.same ? Math.ceil(f.cells / n.stride) : Math.ceil((f.cells - k + 1) / n.stride);
    out.set(n.name, {
      size: f.size + (k - 1) * f.jump,
      jump: f.jump * n.stride,
      start: f.start + ((k - 1) / 2 - pad) * f.jump,
      cells,
    });
  }
  return out;
}

/** A box in input pixels: [x0, x1] × [y0, y1], inclusive. */
export interface PixelBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * The input pixels cell (row, col) of a layer can see: the full field (which may hang over the edge, where the
 * padding's zeros are) and the part inside the image.
 */
export function cellField(
  f: ReceptiveField,
  row: number,
  col: number,
  size: number,
): { full: PixelBox; inside: PixelBox } {
  const half = (f.size - 1) / 2;
  const cy = f.start + row * f.jump;
  const cx = f.start + col * f.jump;
  const full = { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
  const clip = (v: number) => Math.max(0, Math.min(size - 1, v));
  return { full, inside: { x0: clip(full.x0), x1: clip(full.x1), y0: clip(full.y0), y1: clip(full.y1) } };
}

/** Centre of cell (row, col) in input pixels. */
export function cellCentre(f: ReceptiveField, row: number, col: number): { x: number; y: number } {
  return { x: f.start + col * f.jump, y: f.start + row * f.jump };
}
