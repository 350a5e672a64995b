import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/lib/config.js";
import { type LayerGraph, mobilenetV2Graph } from "../../src/lib/graph.js";
import { receptiveFields } from "../../src/lib/receptive-field.js";
import { int, pick, rng } from "./random-config.js";

/**
 * Brute force along one axis: which input pixels does output position p of each layer depend on? Every layer is
 * applied by its index arithmetic ("same" padding: output i reads inputs i·s − padLeft … i·s − padLeft + k − 1),
 * on an input long enough that the middle position never meets the border.
 */
function bruteForce(graph: LayerGraph, length: number): Map<string, { size: number; jump: number }> {
  const sizes = new Map<string, number>([["input", length]]);
  const deps = new Map<string, (p: number) => Set<number>>();
  const memo = new Map<string, Set<number>>();
  deps.set("input", (p) => new Set([p]));
  const out = new Map<string, { size: number; jump: number }>();
  for (const n of graph.nodes) {
    const inLen = sizes.get(n.inputs[0])!;
    const from = n.inputs.map((i) => deps.get(i)!);
    let len = inLen;
    let f: (p: number) => Set<number>;
    if (n.op === "conv" || n.op === "depthwise") {
      const { kernel: k, stride: s } = n;
      len = Math.ceil(inLen / s);
      const padLeft = Math.floor(Math.max((len - 1) * s + k - inLen, 0) / 2);
      f = (p) => {
        const set = new Set<number>();
        for (let t = 0; t < k; t++) {
          const q = p * s - padLeft + t;
          if (q >= 0 && q < inLen) for (const x of from[0](q)) set.add(x);
        }
        return set;
      };
    } else if (n.op === "add") f = (p) => new Set([...from[0](p), ...from[1](p)]);
    else if (n.op === "gap" || n.op === "dense" || n.op === "reshape" || n.op === "softmax") break;
    else f = from[0];
    const key = n.name;
    const cached = (p: number) => {
      const id = `${key}@${p}`;
      const hit = memo.get(id);
      if (hit) return hit;
      const v = f(p);
      memo.set(id, v);
      return v;
    };
    deps.set(n.name, cached);
    sizes.set(n.name, len);
    const mid = Math.floor(len / 2);
    const a = [...cached(mid)];
    const b = [...cached(mid + 1)];
    out.set(n.name, { size: Math.max(...a) - Math.min(...a) + 1, jump: Math.min(...b) - Math.min(...a) });
  }
  return out;
}

describe("receptive fields", () => {
  it("the paper's network: the stem sees 3 pixels, the last block 491, jump 32", () => {
    const rf = receptiveFields(mobilenetV2Graph(defaultConfig()));
    const at = (name: string) => rf.find((l) => l.name === name)!;
    expect(at("Conv1")).toMatchObject({ size: 3, jump: 2 });
    // Block 0's depthwise: 3 + 2·2 = 7; block 1's (stride 2): 7 + 2·2 = 11, then jump 4.
    expect(at("expanded_conv_depthwise")).toMatchObject({ size: 7, jump: 2 });
    expect(at("block_1_depthwise")).toMatchObject({ size: 11, jump: 4 });
    // 1 + 2 (stem) + Σ over 17 depthwise layers of 2·jump before each.
    const jumps = [2, 2, 4, 4, 8, 8, 8, 16, 16, 16, 16, 16, 16, 16, 32, 32, 32];
    const expected = 3 + jumps.reduce((s, j) => s + 2 * j, 0);
    expect(expected).toBe(491);
    expect(at("block_16_project")).toMatchObject({ size: expected, jump: 32 });
    expect(at("global_average_pooling2d").global).toBe(true);
  });
  it("equals a brute-force count of the input pixels each layer depends on, for random row tables", () => {
    const r = rng(5);
    for (let i = 0; i < 6; i++) {
      const rows = Array.from({ length: int(r, 1, 5) }, () => ({ t: 2, c: 8, n: int(r, 1, 3), s: pick(r, [1, 2]) }));
      const graph = mobilenetV2Graph({ ...defaultConfig(), rows, width: 1 });
      const rf = receptiveFields(graph);
      const brute = bruteForce(graph, 2048);
      expect(brute.size).toBeGreaterThan(10);
      for (const [name, b] of brute) {
        const l = rf.find((x) => x.name === name)!;
        expect({ name, size: l.size, jump: l.jump }).toEqual({ name, ...b });
      }
    }
  });
});
