/**
 * Networks as layer graphs: the exact sequence of layers (Keras names, ops, hyperparameters) that both the
 * analytic trace (trace.ts) and the tfjs builder (build.ts) consume. Building a graph does no arithmetic on
 * tensors; it only says which layer follows which.
 */
import {
  type ArchConfig,
  type BlockSpec,
  blockSpecs,
  HEAD,
  hasResidual,
  KERNEL,
  lastConvChannels,
  type Part,
  rowPart,
  STEM,
  STEM_CHANNELS,
  scaleChannels,
} from "./spec.js";

/** What a layer does in the paper's vocabulary (used for grouping and colouring). */
export type Role =
  | "input"
  | "stem"
  | "expansion"
  | "depthwise"
  | "projection"
  | "shortcut"
  | "add"
  | "last"
  | "pool"
  | "classifier"
  | "reduce"
  | "spatial"
  | "restore";

export type Op =
  | { op: "conv"; filters: number; kernel: number; stride: number; bias: boolean }
  | { op: "depthwise"; kernel: number; stride: number; bias: boolean }
  | { op: "batchnorm" }
  | { op: "relu6" }
  | { op: "relu" }
  | { op: "add" }
  | { op: "gap" }
  | { op: "dense"; units: number; bias: boolean }
  /** Same values, new shape (without the batch): the 1×1-conv classifier's [1, 1, C] and its flattening. */
  | { op: "reshape"; shape: number[] }
  | { op: "softmax" };

export type LayerNode = Op & {
  name: string;
  /** Names of the layers feeding this one ("input" for the graph input). */
  inputs: string[];
  role: Role;
  /** Group shown in summaries: "stem", a block prefix such as "block_3", or "head". */
  group: string;
  /** Part of the network (stem, bottleneck row i, head); null for standalone graphs (one block). */
  part: Part | null;
};

export interface LayerGraph {
  /** Input tensor shape without the batch: [height, width, channels]. */
  input: [number, number, number];
  nodes: LayerNode[];
  /** Name of the output layer. */
  output: string;
}

/** Incrementally appends layers, each fed by the previous one unless told otherwise. */
class GraphWriter {
  nodes: LayerNode[] = [];
  last = "input";
  constructor(
    public group: string,
    public part: Part | null,
  ) {}
  add(name: string, op: Op, role: Role, inputs: string[] = [this.last]): string {
    this.nodes.push({ ...op, name, inputs, role, group: this.group, part: this.part } as LayerNode);
    this.last = name;
    return name;
  }
  /** conv/depthwise, then BatchNorm (unless folded), then optional ReLU6. */
  convUnit(
    name: string,
    op: Extract<Op, { op: "conv" | "depthwise" }>["op"],
    opts: { filters?: number; kernel: number; stride: number; role: Role; bn: boolean; bnName: string; act?: string },
  ): void {
    const conv: Op =
      op === "conv"
        ? { op: "conv", filters: opts.filters!, kernel: opts.kernel, stride: opts.stride, bias: !opts.bn }
        : { op: "depthwise", kernel: opts.kernel, stride: opts.stride, bias: !opts.bn };
    this.add(name, conv, opts.role);
    if (opts.bn) this.add(opts.bnName, { op: "batchnorm" }, opts.role);
    if (opts.act) this.add(opts.act, { op: "relu6" }, opts.role);
  }
}

/** Append one inverted residual block (expansion → depthwise → linear projection → add) to `w`. */
function writeInvertedResidual(w: GraphWriter, b: BlockSpec, bn: boolean): void {
  const blockInput = w.last;
  const p = b.prefix;
  if (b.hasExpansion) {
    w.convUnit(`${p}_expand`, "conv", {
      filters: b.expanded,
      kernel: 1,
      stride: 1,
      role: "expansion",
      bn,
      bnName: `${p}_expand_BN`,
      act: `${p}_expand_relu`,
    });
  }
  w.convUnit(`${p}_depthwise`, "depthwise", {
    kernel: KERNEL,
    stride: b.stride,
    role: "depthwise",
    bn,
    bnName: `${p}_depthwise_BN`,
    act: `${p}_depthwise_relu`,
  });
  // Linear bottleneck: no activation after the projection.
  w.convUnit(`${p}_project`, "conv", {
    filters: b.cout,
    kernel: 1,
    stride: 1,
    role: "projection",
    bn,
    bnName: `${p}_project_BN`,
  });
  if (b.residual) w.add(`${p}_add`, { op: "add" }, "add", [blockInput, w.last]);
}

/** The whole MobileNetV2 for a configuration, with Keras layer names. */
export function mobilenetV2Graph(cfg: ArchConfig): LayerGraph {
  const bn = cfg.batchNorm !== false;
  const nodes: LayerNode[] = [];
  const stem = new GraphWriter("stem", STEM);
  stem.convUnit("Conv1", "conv", {
    filters: scaleChannels(cfg.stemChannels ?? STEM_CHANNELS, cfg.width, cfg.convention),
    kernel: KERNEL,
    stride: 2,
    role: "stem",
    bn,
    bnName: "bn_Conv1",
    act: "Conv1_relu",
  });
  nodes.push(...stem.nodes);
  let last = stem.last;
  for (const b of blockSpecs(cfg)) {
    const w = new GraphWriter(b.prefix, rowPart(b.row));
    w.last = last;
    writeInvertedResidual(w, b, bn);
    nodes.push(...w.nodes);
    last = w.last;
  }
  const head = new GraphWriter("head", HEAD);
  head.last = last;
  head.convUnit("Conv_1", "conv", {
    filters: lastConvChannels(cfg.width, cfg.convention, cfg.lastChannels),
    kernel: 1,
    stride: 1,
    role: "last",
    bn,
    bnName: "Conv_1_bn",
    act: "out_relu",
  });
  head.add("global_average_pooling2d", { op: "gap" }, "pool");
  if (cfg.head === "conv1x1") {
    // The paper's Table 2 writes the classifier as a 1×1 conv on the pooled 1×1 map: same weights as a dense layer.
    const last = lastConvChannels(cfg.width, cfg.convention, cfg.lastChannels);
    head.add("pool_reshape", { op: "reshape", shape: [1, 1, last] }, "pool");
    head.add("logits", { op: "conv", filters: cfg.classes, kernel: 1, stride: 1, bias: true }, "classifier");
    head.add("logits_flatten", { op: "reshape", shape: [cfg.classes] }, "classifier");
  } else head.add("logits", { op: "dense", units: cfg.classes, bias: true }, "classifier");
  head.add("predictions", { op: "softmax" }, "classifier");
  nodes.push(...head.nodes);
  return { input: [cfg.resolution, cfg.resolution, 3], nodes, output: "predictions" };
}

export interface InvertedResidualOptions {
  cin: number;
  cout: number;
  t: number;
  stride: number;
  /** Input height = width. */
  size: number;
  /** Keep a 1x1 expansion conv even when t = 1 (the from-scratch convention). Default: only when t != 1. */
  expandWhenT1?: boolean;
  batchNorm?: boolean;
  prefix?: string;
}

/** A single inverted residual block as a standalone graph. */
export function invertedResidualGraph(o: InvertedResidualOptions): LayerGraph {
  const w = new GraphWriter(o.prefix ?? "block", null);
  const spec: BlockSpec = {
    index: 0,
    prefix: o.prefix ?? "block",
    row: 1,
    repeat: 0,
    t: o.t,
    cin: o.cin,
    cout: o.cout,
    expanded: o.cin * o.t,
    stride: o.stride,
    hasExpansion: o.t !== 1 || !!o.expandWhenT1,
    residual: hasResidual(o.stride, o.cin, o.cout),
  };
  writeInvertedResidual(w, spec, o.batchNorm !== false);
  return { input: [o.size, o.size, o.cin], nodes: w.nodes, output: w.last };
}

export interface ResnetBottleneckOptions {
  cin: number;
  /** Channels of the narrow middle (64 in ResNet-50's first stage). */
  mid: number;
  cout: number;
  stride: number;
  size: number;
  batchNorm?: boolean;
  prefix?: string;
}

/**
 * ResNet's bottleneck (He et al. 2016): 1x1 reduce → 3x3 conv → 1x1 restore, ReLU after each but the last,
 * shortcut added to the wide ends, ReLU after the add. A 1x1 projection shortcut when shapes differ.
 */
export function resnetBottleneckGraph(o: ResnetBottleneckOptions): LayerGraph {
  const p = o.prefix ?? "resnet";
  const bn = o.batchNorm !== false;
  const w = new GraphWriter(p, null);
  const unit = (name: string, filters: number, kernel: number, stride: number, role: Role, relu: boolean) => {
    w.add(`${p}_${name}`, { op: "conv", filters, kernel, stride, bias: !bn }, role);
    if (bn) w.add(`${p}_${name}_BN`, { op: "batchnorm" }, role);
    if (relu) w.add(`${p}_${name}_relu`, { op: "relu" }, role);
  };
  unit("reduce", o.mid, 1, 1, "reduce", true);
  unit("conv3x3", o.mid, 3, o.stride, "spatial", true);
  unit("restore", o.cout, 1, 1, "restore", false);
  const main = w.last;
  let shortcut = "input";
  if (!hasResidual(o.stride, o.cin, o.cout)) {
    w.last = "input";
    unit("shortcut", o.cout, 1, o.stride, "shortcut", false);
    shortcut = w.last;
  }
  w.add(`${p}_add`, { op: "add" }, "add", [shortcut, main]);
  w.add(`${p}_out_relu`, { op: "relu" }, "add");
  return { input: [o.size, o.size, o.cin], nodes: w.nodes, output: w.last };
}
