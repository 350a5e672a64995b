/**
 * Activation memory in the sense of the paper's Table 3 and section 5.1: which tensors must exist at the same
 * time during inference, at 16 bits per value. Between blocks only the narrow bottleneck tensors flow; inside a
 * block the wide expanded tensor (t times wider) appears. Computed whole, a block needs its input, its expanded
 * tensor and the depthwise output at once; computed in t slices (section 5.1: the expansion, the depthwise conv and
 * the projection are applied slice by slice and the projections summed), it needs only its input, its output and
 * one slice of the expanded tensors.
 */
import type { Trace } from "./trace.js";

/** Bytes per value: the paper assumes 16-bit floats. */
const BYTES_PER_VALUE = 2;

export interface BlockMemory {
  group: string;
  /** Spatial side of the block's input. */
  size: number;
  input: number[];
  output: number[];
  /** Channels of the expanded tensor (input channels × t; equal to the input when there is no expansion). */
  expanded: number;
  /** Values that must exist at once when the expansion is materialised whole. */
  wholeValues: number;
  /** The same, computing the expansion in `slices` slices (section 5.1). */
  slicedValues: number;
  slices: number;
}

export interface LevelMemory {
  /** Spatial side of the level (block inputs at this size). */
  size: number;
  /** The widest bottleneck tensor at this size (a block's input or output), channels and bytes. */
  bottleneckChannels: number;
  bottleneckBytes: number;
  /** Peak bytes of any block at this level, expansion whole and in t slices. */
  wholeBytes: number;
  slicedBytes: number;
  blocks: string[];
}

export interface MemoryReport {
  blocks: BlockMemory[];
  levels: LevelMemory[];
  /** Largest of the levels' peaks (the network's peak), whole and sliced, in bytes. */
  peakWholeBytes: number;
  peakSlicedBytes: number;
  /** Largest single bottleneck tensor, bytes. */
  peakBottleneckBytes: number;
}

const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);

/**
 * Memory of every bottleneck block of a traced MobileNetV2. `slices` defaults to each block's t (one slice per
 * multiple of the input width, as section 5.1 suggests); 1 means no slicing.
 */
export function activationMemory(trace: Trace, opts: { slices?: number } = {}): MemoryReport {
  const blocks: BlockMemory[] = [];
  for (const g of trace.groups) {
    if (g.part?.kind !== "row") continue;
    const first = g.layers[0];
    const input = first.inShape;
    const output = g.outShape;
    const expand = g.layers.find((l) => l.role === "expansion" && l.op === "conv");
    const dw = g.layers.find((l) => l.op === "depthwise");
    if (!dw) continue;
    const expandedShape = expand ? expand.outShape : input;
    const dwShape = dw.outShape;
    const residual = g.layers.some((l) => l.op === "add");
    const t = expandedShape[2] / input[2];
    const slices = Math.max(1, Math.round(opts.slices ?? t));
    // Whole: the expansion's input and output; then the depthwise conv's input and output (the block input stays
    // alive for the shortcut); then the depthwise output and the projection's output (and the block input).
    const keep = residual ? prod(input) : 0;
    const wholeValues = Math.max(
      prod(input) + (expand ? prod(expandedShape) : 0),
      (expand ? prod(expandedShape) : prod(input)) + prod(dwShape) + (expand ? keep : 0),
      prod(dwShape) + prod(output) + keep,
    );
    // Sliced: the input and the (accumulating) output exist whole; of the expanded tensors only one slice at a time.
    const slicedValues = prod(input) + prod(output) + Math.ceil((prod(expandedShape) + prod(dwShape)) / slices);
    blocks.push({
      group: g.group,
      size: input[0],
      input,
      output,
      expanded: expandedShape[2],
      wholeValues,
      slicedValues: Math.min(slicedValues, wholeValues),
      slices,
    });
  }
  const levels: LevelMemory[] = [];
  for (const b of blocks) {
    let level = levels.find((l) => l.size === b.size);
    if (!level) {
      level = { size: b.size, bottleneckChannels: 0, bottleneckBytes: 0, wholeBytes: 0, slicedBytes: 0, blocks: [] };
      levels.push(level);
    }
    level.blocks.push(b.group);
    for (const s of [b.input, b.output]) {
      const bytes = prod(s) * BYTES_PER_VALUE;
      if (bytes > level.bottleneckBytes) {
        level.bottleneckBytes = bytes;
        level.bottleneckChannels = s[2];
      }
    }
    level.wholeBytes = Math.max(level.wholeBytes, b.wholeValues * BYTES_PER_VALUE);
    level.slicedBytes = Math.max(level.slicedBytes, b.slicedValues * BYTES_PER_VALUE);
  }
  const max = (f: (l: LevelMemory) => number) => levels.reduce((m, l) => Math.max(m, f(l)), 0);
  return {
    blocks,
    levels,
    peakWholeBytes: max((l) => l.wholeBytes),
    peakSlicedBytes: max((l) => l.slicedBytes),
    peakBottleneckBytes: max((l) => l.bottleneckBytes),
  };
}
