/**
 * The analytic trace: every layer's output shape, trainable parameters, BatchNorm statistics and
 * multiply-adds, by formula alone. Pure arithmetic; cheap enough to redo on every slider move.
 *
 * Counting conventions (those of the paper and of torchvision/torchinfo):
 * - multiply-adds count convolutions and the classifier: a k×k conv producing an H×W×Cout map from Cin
 *   channels costs H·W·k²·Cin·Cout (depthwise: H·W·k²·C). BatchNorm (folded at inference), ReLU6, the
 *   residual add and pooling are not counted.
 * - parameters: conv kernels and biases, BatchNorm's γ and β, the classifier's weights and bias.
 * - BatchNorm statistics: the moving mean and variance (Keras counts them as non-trainable parameters).
 */
import { type LayerGraph, type LayerNode, mobilenetV2Graph, type Role } from "./graph.js";
import { type ArchConfig, type Part, samePart } from "./spec.js";

/** An output shape without the batch dimension: [h, w, c] for feature maps, [c] after pooling. */
export type Shape = number[];

export interface LayerTrace {
  name: string;
  op: LayerNode["op"];
  role: Role;
  group: string;
  part: Part | null;
  inShape: Shape;
  outShape: Shape;
  /** Trainable parameters (kernel, bias, γ, β). */
  params: number;
  /** Non-trainable BatchNorm moving mean and variance. */
  bnStats: number;
  madds: number;
  /** Human-readable operator, e.g. "conv 1×1, 96" or "depthwise 3×3, stride 2". */
  operator: string;
}

export interface Totals {
  params: number;
  bnStats: number;
  madds: number;
  /** Convolution kernels only (no bias, no BN, no classifier). */
  convWeights: number;
  /** BatchNorm γ and β. */
  bnAffine: number;
  /** Conv biases (present when BatchNorm is folded). */
  convBiases: number;
  /** Classifier weights and bias. */
  classifier: number;
  classifierMadds: number;
}

export interface GroupTrace {
  group: string;
  part: Part | null;
  layers: LayerTrace[];
  outShape: Shape;
  params: number;
  bnStats: number;
  madds: number;
}

export interface Trace {
  layers: LayerTrace[];
  groups: GroupTrace[];
  totals: Totals;
  input: Shape;
  output: Shape;
}

function operatorLabel(n: LayerNode, inC: number): string {
  switch (n.op) {
    case "conv":
      return `conv ${n.kernel}×${n.kernel}, ${inC}→${n.filters}${n.stride > 1 ? `, stride ${n.stride}` : ""}`;
    case "depthwise":
      return `depthwise ${n.kernel}×${n.kernel}, ${inC} ch${n.stride > 1 ? `, stride ${n.stride}` : ""}`;
    case "batchnorm":
      return "BatchNorm";
    case "relu6":
      return "ReLU6";
    case "relu":
      return "ReLU";
    case "add":
      return "add (shortcut)";
    case "gap":
      return "global average pool";
    case "dense":
      return `dense ${inC}→${n.units}`;
    case "softmax":
      return "softmax";
    case "reshape":
      return `reshape to ${n.shape.join("×")}`;
  }
}

/** Trace a layer graph analytically. */
export function traceGraph(graph: LayerGraph): Trace {
  const shapes = new Map<string, Shape>([["input", graph.input]]);
  const layers: LayerTrace[] = [];
  for (const n of graph.nodes) {
    const inShape = shapes.get(n.inputs[0]);
    if (!inShape) throw new Error(`layer ${n.name}: unknown input ${n.inputs[0]}`);
    const inC = inShape[inShape.length - 1];
    let outShape: Shape = inShape;
    let params = 0;
    let bnStats = 0;
    let madds = 0;
    switch (n.op) {
      case "conv": {
        const [h, w] = inShape;
        const oh = Math.ceil(h / n.stride);
        const ow = Math.ceil(w / n.stride);
        outShape = [oh, ow, n.filters];
        params = n.kernel * n.kernel * inC * n.filters + (n.bias ? n.filters : 0);
        madds = oh * ow * n.kernel * n.kernel * inC * n.filters;
        break;
      }
      case "depthwise": {
        const [h, w] = inShape;
        const oh = Math.ceil(h / n.stride);
        const ow = Math.ceil(w / n.stride);
        outShape = [oh, ow, inC];
        params = n.kernel * n.kernel * inC + (n.bias ? inC : 0);
        madds = oh * ow * n.kernel * n.kernel * inC;
        break;
      }
      case "batchnorm":
        params = 2 * inC;
        bnStats = 2 * inC;
        break;
      case "add": {
        const other = shapes.get(n.inputs[1]);
        if (!other || other.join() !== inShape.join())
          throw new Error(`layer ${n.name}: cannot add shapes ${inShape} and ${other}`);
        break;
      }
      case "gap":
        outShape = [inC];
        break;
      case "reshape":
        if (n.shape.reduce((a, b) => a * b, 1) !== inShape.reduce((a, b) => a * b, 1))
          throw new Error(`layer ${n.name}: cannot reshape ${inShape} to ${n.shape}`);
        outShape = n.shape;
        break;
      case "dense":
        outShape = [n.units];
        params = inC * n.units + (n.bias ? n.units : 0);
        madds = inC * n.units;
        break;
      default:
        break;
    }
    shapes.set(n.name, outShape);
    layers.push({
      name: n.name,
      op: n.op,
      role: n.role,
      group: n.group,
      part: n.part,
      inShape,
      outShape,
      params,
      bnStats,
      madds,
      operator: operatorLabel(n, inC),
    });
  }
  const groups: GroupTrace[] = [];
  for (const l of layers) {
    let g = groups[groups.length - 1];
    if (!g || g.group !== l.group || !samePart(g.part, l.part)) {
      g = { group: l.group, part: l.part, layers: [], outShape: l.outShape, params: 0, bnStats: 0, madds: 0 };
      groups.push(g);
    }
    g.layers.push(l);
    g.outShape = l.outShape;
    g.params += l.params;
    g.bnStats += l.bnStats;
    g.madds += l.madds;
  }
  const sum = (f: (l: LayerTrace) => number) => layers.reduce((s, l) => s + f(l), 0);
  const nodeByName = new Map(graph.nodes.map((n) => [n.name, n]));
  const biasOf = (l: LayerTrace) => {
    const n = nodeByName.get(l.name)!;
    if (n.op === "conv") return n.bias ? n.filters : 0;
    if (n.op === "depthwise") return n.bias ? l.outShape[2] : 0;
    return 0;
  };
  const isConv = (l: LayerTrace) => (l.op === "conv" || l.op === "depthwise") && l.role !== "classifier";
  const totals: Totals = {
    params: sum((l) => l.params),
    bnStats: sum((l) => l.bnStats),
    madds: sum((l) => l.madds),
    convWeights: sum((l) => (isConv(l) ? l.params - biasOf(l) : 0)),
    bnAffine: sum((l) => (l.op === "batchnorm" ? l.params : 0)),
    convBiases: sum((l) => (isConv(l) ? biasOf(l) : 0)),
    classifier: sum((l) => (l.role === "classifier" ? l.params : 0)),
    classifierMadds: sum((l) => (l.role === "classifier" ? l.madds : 0)),
  };
  return {
    layers,
    groups,
    totals,
    input: graph.input,
    output: shapes.get(graph.output)!,
  };
}

/** Trace the whole MobileNetV2 for a configuration. */
export function traceMobileNetV2(cfg: ArchConfig): Trace {
  return traceGraph(mobilenetV2Graph(cfg));
}
