/**
 * Where each cell's theoretical receptive field lies (src/lib/cell-field.ts), for MobileNetV2, against two
 * independent routes: the closed form r = 1 + Σ (k_l − 1)·Π_{m<l} s_m written out here from the paper's Table 2
 * (data/reference/paper-table2.json), and a
 * brute-force dependency search that marks, layer by layer backwards through the graph, every input pixel a cell
 * reads.
 */
import { describe, expect, it } from "vitest";
import { cellField, layerFields, rfNodesFromGraph } from "../../src/lib/cell-field.js";
import { mobilenetV2Graph } from "../../src/lib/graph.js";
import { receptiveFields } from "../../src/lib/receptive-field.js";
import { TABLE2 } from "../references.js";
import { padBefore } from "./ref-net.js";

const CFG = { width: 1, resolution: 224, classes: 1000, convention: "reference" as const, batchNorm: false };

/** Size and jump after the stem and after each block's depthwise conv, by the closed form. */
function closedForm(): { block: number; size: number; jump: number }[] {
  let r = 3; // stem 3×3
  let j = 2; // stride 2
  const out = [{ block: -1, size: r, jump: j }];
  let b = 0;
  for (const { n, s } of TABLE2) // every block has one 3×3 depthwise conv
    for (let i = 0; i < n; i++) {
      r += 2 * j; // 3×3 depthwise: (k − 1)·jump
      j *= i === 0 ? s : 1;
      out.push({ block: b++, size: r, jump: j });
    }
  return out;
}

/** The input pixels (as a bounding box) that cell (row, col) of `layer` depends on, by backward marking. */
function bruteForce(layer: string, row: number, col: number, res: number) {
  const g = mobilenetV2Graph({ ...CFG, resolution: res });
  const size = new Map<string, number>([["input", res]]);
  for (const n of g.nodes) {
    const s = size.get(n.inputs[0])!;
    size.set(n.name, n.op === "conv" || n.op === "depthwise" ? Math.ceil(s / n.stride) : s);
  }
  const marks = new Map<string, Uint8Array>();
  const mark = (name: string) => {
    if (!marks.has(name)) marks.set(name, new Uint8Array(size.get(name)! ** 2));
    return marks.get(name)!;
  };
  mark(layer)[row * size.get(layer)! + col] = 1;
  for (const n of [...g.nodes].reverse()) {
    const m = marks.get(n.name);
    if (!m) continue;
    const out = size.get(n.name)!;
    for (const inName of n.inputs) {
      const inSize = size.get(inName)!;
      const im = mark(inName);
      const k = n.op === "conv" || n.op === "depthwise" ? n.kernel : 1;
      const s = n.op === "conv" || n.op === "depthwise" ? n.stride : 1;
      const p = padBefore(inSize, k, s);
      for (let i = 0; i < out; i++)
        for (let j = 0; j < out; j++) {
          if (!m[i * out + j]) continue;
          for (let di = 0; di < k; di++)
            for (let dj = 0; dj < k; dj++) {
              const y = i * s - p + di;
              const x = j * s - p + dj;
              if (y >= 0 && y < inSize && x >= 0 && x < inSize) im[y * inSize + x] = 1;
            }
        }
    }
  }
  const m = marks.get("input")!;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let y = 0; y < res; y++)
    for (let x = 0; x < res; x++)
      if (m[y * res + x]) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  return { x0, x1, y0, y1 };
}

describe("theoretical receptive fields of MobileNetV2 1.0 at 224", () => {
  const rf = layerFields(rfNodesFromGraph(mobilenetV2Graph(CFG)), 224);

  it("equal the closed form after the stem and every block (3, 7, 11, … 491 pixels)", () => {
    const want = closedForm();
    expect(rf.get("Conv1_relu")).toMatchObject({ size: 3, jump: 2, cells: 112 });
    for (const { block, size, jump } of want.slice(1)) {
      const p = block === 0 ? "expanded_conv" : `block_${block}`;
      expect(rf.get(`${p}_depthwise_relu`), p).toMatchObject({ size, jump });
      // The projection and the add see what the depthwise conv sees (1×1 convs and the shortcut add nothing).
      expect(rf.get(`${p}_project`)!.size, p).toBe(size);
      if (rf.has(`${p}_add`)) expect(rf.get(`${p}_add`)!.size, p).toBe(size);
    }
    expect(rf.get("out_relu")).toMatchObject({ size: 491, jump: 32, cells: 7 });
    // The same sizes and jumps as the architecture pages' per-layer receptive fields.
    for (const r of receptiveFields(mobilenetV2Graph(CFG)).filter((r) => !r.global))
      expect([rf.get(r.name)?.size, rf.get(r.name)?.jump], r.name).toEqual([r.size, r.jump]);
    // Global pooling sees the whole (padded) field of all 7×7 cells.
    expect(rf.get("global_average_pooling2d")!.size).toBe(491 + 6 * 32);
  });

  it("equal a brute-force search of the pixels each cell reads, at 224 and 96 px, inside and at the edges", () => {
    const cases: [string, number, number, number][] = [
      ["Conv1_relu", 0, 0, 224],
      ["Conv1_relu", 50, 111, 224],
      ["block_1_depthwise_relu", 10, 30, 224],
      ["block_2_add", 0, 55, 224],
      ["block_3_expand_relu", 20, 20, 224],
      ["block_5_add", 14, 9, 224],
      ["block_9_project", 6, 7, 224],
      ["block_12_add", 7, 7, 224],
      ["out_relu", 3, 3, 224],
      ["block_6_depthwise_relu", 2, 5, 96],
      ["block_13_depthwise_relu", 2, 0, 96],
    ];
    for (const [layer, row, col, res] of cases) {
      const fields =
        res === 224 ? rf : layerFields(rfNodesFromGraph(mobilenetV2Graph({ ...CFG, resolution: res })), res);
      const f = fields.get(layer)!;
      const { full, inside } = cellField(f, row, col, res);
      expect(full.x1 - full.x0 + 1, layer).toBe(f.size);
      expect(inside, `${layer} (${row}, ${col}) at ${res} px`).toEqual(bruteForce(layer, row, col, res));
    }
  });
});
