/**
 * The current network as text two libraries would print: torchvision's `print(model)` module tree (what
 * `torchvision.models.mobilenet_v2(inverted_residual_setting=…, width_mult=…)` prints for the reference
 * convention) and a Keras `model.summary()` table of the model this site builds (Keras layer names and classes,
 * output shapes, parameters with BatchNorm's moving statistics, as Keras counts them).
 */
import { formatInt } from "./format.js";
import type { LayerGraph } from "./graph.js";
import { type ArchConfig, blockSpecs, lastConvChannels, STEM_CHANNELS, scaleChannels } from "./spec.js";
import type { Trace } from "./trace.js";

// As torch 2.13 prints BatchNorm2d (older versions leave out "bias=True").
const BN = (c: number) =>
  `BatchNorm2d(${c}, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)`;

function conv2d(cin: number, cout: number, k: number, s: number, groups = 1): string {
  const pad = k > 1 ? `, padding=(${(k - 1) >> 1}, ${(k - 1) >> 1})` : "";
  const g = groups > 1 ? `, groups=${groups}` : "";
  return `Conv2d(${cin}, ${cout}, kernel_size=(${k}, ${k}), stride=(${s}, ${s})${pad}${g}, bias=False)`;
}

/** A Conv2dNormActivation block (conv, BatchNorm, ReLU6) at indentation `ind`, named `(i)`. */
function convNormAct(ind: string, i: number, conv: string, c: number): string[] {
  return [
    `${ind}(${i}): Conv2dNormActivation(`,
    `${ind}  (0): ${conv}`,
    `${ind}  (1): ${BN(c)}`,
    `${ind}  (2): ReLU6(inplace=True)`,
    `${ind})`,
  ];
}

/** torchvision's print(model) for this configuration (dropout 0.2, as torchvision's default). */
export function torchvisionPrint(cfg: ArchConfig): string {
  const stem = scaleChannels(cfg.stemChannels ?? STEM_CHANNELS, cfg.width, cfg.convention);
  const last = lastConvChannels(cfg.width, cfg.convention, cfg.lastChannels);
  const lines = ["MobileNetV2(", "  (features): Sequential("];
  lines.push(...convNormAct("    ", 0, conv2d(3, stem, 3, 2), stem));
  const blocks = blockSpecs(cfg);
  for (const b of blocks) {
    lines.push(`    (${b.index + 1}): InvertedResidual(`, "      (conv): Sequential(");
    let i = 0;
    if (b.hasExpansion) lines.push(...convNormAct("        ", i++, conv2d(b.cin, b.expanded, 1, 1), b.expanded));
    lines.push(...convNormAct("        ", i++, conv2d(b.expanded, b.expanded, 3, b.stride, b.expanded), b.expanded));
    lines.push(`        (${i++}): ${conv2d(b.expanded, b.cout, 1, 1)}`, `        (${i++}): ${BN(b.cout)}`);
    lines.push("      )", "    )");
  }
  const cin = blocks.length ? blocks[blocks.length - 1].cout : stem;
  lines.push(...convNormAct("    ", blocks.length + 1, conv2d(cin, last, 1, 1), last), "  )");
  lines.push("  (classifier): Sequential(", "    (0): Dropout(p=0.2, inplace=False)");
  if (cfg.head === "conv1x1")
    lines.push(
      `    (1): Conv2d(${last}, ${cfg.classes}, kernel_size=(1, 1), stride=(1, 1))`,
      "    (2): Flatten(start_dim=1, end_dim=-1)",
    );
  else lines.push(`    (1): Linear(in_features=${last}, out_features=${cfg.classes}, bias=True)`);
  lines.push("  )", ")");
  return lines.join("\n");
}

const KERAS_CLASS: Record<string, string> = {
  conv: "Conv2D",
  depthwise: "DepthwiseConv2D",
  batchnorm: "BatchNormalization",
  relu6: "ReLU",
  relu: "ReLU",
  add: "Add",
  gap: "GlobalAveragePooling2D",
  dense: "Dense",
  softmax: "Softmax",
  reshape: "Reshape",
};

const kerasShape = (s: number[]) => `(None, ${s.join(", ")})`;
const cell = (s: string, w: number) => (s.length >= w ? `${s} ` : s.padEnd(w));
/** Float32 weights' size as Keras writes it: B, KB, MB, GB in steps of 1024, two decimals. */
const mb = (n: number) => {
  let size = n * 4;
  for (const unit of ["B", "KB", "MB"]) {
    if (size < 1024) return `${size.toFixed(2)} ${unit}`;
    size /= 1024;
  }
  return `${size.toFixed(2)} GB`;
};

interface KerasRow {
  name: string;
  kind: string;
  shape: number[];
  params: number;
  inputs: string[];
}

/**
 * The layers of `graph` as keras.applications.MobileNetV2 lists them. Two differences from the site's own graph
 * (which computes the same function): Keras pads before each stride-2 depthwise conv with a ZeroPadding2D layer
 * (name `block_N_pad`, one row and column of zeros at the bottom and right of an even size, one on each side of
 * an odd one) and then convolves "valid", where the site's depthwise conv pads "same" itself; and Keras' last
 * layer `predictions` is a Dense with the softmax inside it, where the site keeps the logits and the softmax as
 * two layers (the pages read the logits).
 */
function kerasRows(graph: LayerGraph, trace: Trace): KerasRow[] {
  const rows: KerasRow[] = [{ name: "input_layer", kind: "InputLayer", shape: graph.input, params: 0, inputs: [] }];
  const rename = new Map([["input", "input_layer"]]);
  const from = (names: string[]) => names.map((x) => rename.get(x) ?? x);
  for (const [i, n] of graph.nodes.entries()) {
    const l = trace.layers[i];
    let inputs = from(n.inputs);
    if (n.op === "depthwise" && n.stride === 2) {
      const [h, w, c] = l.inShape;
      const pad = (x: number) => x + (x % 2 === 0 ? 1 : 2);
      const name = n.name.replace(/_depthwise$/, "_pad");
      rows.push({ name, kind: "ZeroPadding2D", shape: [pad(h), pad(w), c], params: 0, inputs });
      inputs = [name];
    }
    const prev = rows[rows.length - 1];
    if (n.op === "softmax" && prev.kind === "Dense" && inputs.length === 1 && inputs[0] === prev.name) {
      rename.set(prev.name, n.name);
      prev.name = n.name;
      continue;
    }
    rows.push({ name: n.name, kind: KERAS_CLASS[n.op], shape: l.outShape, params: l.params + l.bnStats, inputs });
  }
  return rows;
}

/**
 * Keras' model.summary() of the model built from `graph` (Keras 2 layout, with "Connected to"), listing the
 * layers as keras.applications.MobileNetV2 has them (see kerasRows) and the totals as Keras prints them.
 */
export function kerasSummary(name: string, graph: LayerGraph, trace: Trace): string {
  const W = [34, 28, 12];
  const rule = (ch: string) => ch.repeat(110);
  const row = (a: string, b: string, c: string, d: string) => ` ${cell(a, W[0])}${cell(b, W[1])}${cell(c, W[2])}${d}`;
  const lines = [
    `Model: "${name}"`,
    rule("_"),
    row("Layer (type)", "Output Shape", "Param #", "Connected to"),
    rule("="),
  ];
  for (const r of kerasRows(graph, trace)) {
    const shape = r.kind === "InputLayer" ? `[${kerasShape(r.shape)}]` : kerasShape(r.shape);
    lines.push(
      row(`${r.name} (${r.kind})`, shape, String(r.params), `[${r.inputs.map((x) => `'${x}[0][0]'`).join(", ")}]`),
      "",
    );
  }
  lines.pop();
  const t = trace.totals;
  lines.push(
    rule("="),
    `Total params: ${formatInt(t.params + t.bnStats)} (${mb(t.params + t.bnStats)})`,
    `Trainable params: ${formatInt(t.params)} (${mb(t.params)})`,
    `Non-trainable params: ${formatInt(t.bnStats)} (${mb(t.bnStats)})`,
    rule("_"),
  );
  return lines.join("\n");
}
