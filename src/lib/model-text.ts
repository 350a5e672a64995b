/**
 * The current network as text two libraries would print: torchvision's `print(model)` module tree (what
 * `torchvision.models.mobilenet_v2(inverted_residual_setting=…, width_mult=…)` prints for the reference
 * convention) and a Keras `model.summary()` table of the model this site builds (Keras layer names and classes,
 * output shapes, parameters with BatchNorm's moving statistics, as Keras counts them).
 */
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
const fmt = (n: number) => n.toLocaleString("en-US");
const mb = (n: number) => {
  const bytes = n * 4;
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(2)} KB`;
};

/** Keras' model.summary() of the model built from `graph` (Keras 2 layout, with "Connected to"). */
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
  lines.push(row("input (InputLayer)", `[${kerasShape(graph.input)}]`, "0", "[]"), "");
  for (const [i, n] of graph.nodes.entries()) {
    const l = trace.layers[i];
    const params = l.params + l.bnStats;
    lines.push(
      row(
        `${n.name} (${KERAS_CLASS[n.op]})`,
        kerasShape(l.outShape),
        String(params),
        `[${n.inputs.map((x) => `'${x}[0][0]'`).join(", ")}]`,
      ),
      "",
    );
  }
  lines.pop();
  const t = trace.totals;
  lines.push(
    rule("="),
    `Total params: ${fmt(t.params + t.bnStats)} (${mb(t.params + t.bnStats)})`,
    `Trainable params: ${fmt(t.params)} (${mb(t.params)})`,
    `Non-trainable params: ${fmt(t.bnStats)} (${mb(t.bnStats)})`,
    rule("_"),
  );
  return lines.join("\n");
}
