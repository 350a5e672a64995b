import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/lib/config.js";
import { activationMemory } from "../../src/lib/memory.js";
import { traceMobileNetV2 } from "../../src/lib/trace.js";

describe("activation memory (paper, Table 3 and section 5.1)", () => {
  const m = activationMemory(traceMobileNetV2(defaultConfig()));
  it("has one level per block input size of the paper's network", () => {
    expect(m.levels.map((l) => l.size)).toEqual([112, 56, 28, 14, 7]);
    expect(m.blocks).toHaveLength(17);
  });
  it("the widest bottleneck tensor at 112² is block 0's input, 32 channels: 112·112·32 values × 2 bytes", () => {
    expect(m.levels[0]).toMatchObject({ bottleneckChannels: 32, bottleneckBytes: 112 * 112 * 32 * 2 });
  });
  it("block 1 (16 → 96 expanded, stride 2): whole = its 112² input and expansion; sliced in 6 = input + output + a sixth of the inner tensors", () => {
    const b = m.blocks[1];
    expect(b).toMatchObject({ group: "block_1", expanded: 96, slices: 6 });
    const inp = 112 * 112 * 16;
    const exp = 112 * 112 * 96;
    const dw = 56 * 56 * 96;
    const out = 56 * 56 * 24;
    expect(b.wholeValues).toBe(Math.max(inp + exp, exp + dw, dw + out));
    expect(b.slicedValues).toBe(inp + out + Math.ceil((exp + dw) / 6));
  });
  it("slicing never costs more; the network's peak falls to block 0's (t = 1, nothing to slice)", () => {
    for (const b of m.blocks) expect(b.slicedValues).toBeLessThanOrEqual(b.wholeValues);
    // Block 1: its 112² expanded tensor and its 56² depthwise output, both 96 channels.
    expect(m.peakWholeBytes).toBe((112 * 112 * 96 + 56 * 56 * 96) * 2);
    // Block 0: a 32-channel input and its 32-channel depthwise output at 112².
    expect(m.peakSlicedBytes).toBe(112 * 112 * 64 * 2);
  });
});
