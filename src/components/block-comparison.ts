/**
 * The Bottleneck vs inverted residual page: its controls (with MobileNetV2's presets), the two block diagrams,
 * the summary of both blocks, their layer tables, and the tables that check tfjs' shapes against the trace.
 */
import type { BlockSummary } from "../lib/block-units.js";
import { formatInt, formatMs, formatShape } from "../lib/format.js";
import type { ShapeCheck } from "../lib/forward-shapes.js";
import { LIMITS } from "../lib/spec.js";
import type { LayerTrace } from "../lib/trace.js";
import { blockDiagram } from "./block-diagram.js";
import { numberInput } from "./number-input.js";
import { presetButtons } from "./preset-buttons.js";
import { type Column, dataTable } from "./table.js";
import { textLine } from "./text-line.js";

function fieldset(legend: string, ...inputs: HTMLElement[]): HTMLFieldSetElement {
  const box = document.createElement("fieldset");
  const l = document.createElement("legend");
  l.textContent = legend;
  box.append(l, ...inputs);
  return box;
}

/** The number inputs of both blocks, grouped, and preset buttons for three of MobileNetV2's blocks. */
export function blockComparisonControls() {
  const inputs = {
    cin: numberInput({
      label: "Input channels",
      value: 24,
      min: 1,
      max: 1024,
      integer: true,
      help: "c_in of the inverted residual block",
    }),
    cout: numberInput({
      label: "Output channels",
      value: 24,
      min: 1,
      max: 1024,
      integer: true,
      help: "c_out of the inverted residual block",
    }),
    t: numberInput({
      label: "Expansion factor t",
      value: 6,
      min: LIMITS.t.min,
      max: LIMITS.t.max,
      integer: true,
      help: "the wide middle has t × c_in channels",
    }),
    stride: numberInput({
      label: "Stride",
      value: 1,
      min: 1,
      max: 2,
      integer: true,
      oneOf: [1, 2],
      help: "of the 3×3 layer: 1 keeps the size, 2 halves it",
    }),
    size: numberInput({
      label: "Input size",
      value: 56,
      min: 1,
      max: 512,
      integer: true,
      help: "height = width of the input, in pixels",
    }),
    wide: numberInput({
      label: "ResNet wide channels",
      value: 256,
      min: 1,
      max: 2048,
      integer: true,
      help: "input and output of the ResNet bottleneck",
    }),
    mid: numberInput({
      label: "ResNet middle channels",
      value: 64,
      min: 1,
      max: 2048,
      integer: true,
      help: "the narrow middle of the ResNet bottleneck",
    }),
  };
  const presets = presetButtons("Presets from MobileNetV2 at 224×224", inputs, [
    { label: "block 1: 16→24, stride 2 at 112", values: { cin: 16, cout: 24, t: 6, stride: 2, size: 112 } },
    { label: "block 2: 24→24, stride 1 at 56", values: { cin: 24, cout: 24, t: 6, stride: 1, size: 56 } },
    { label: "block 14: 160→160, stride 1 at 7", values: { cin: 160, cout: 160, t: 6, stride: 1, size: 7 } },
  ]);
  const controls = document.createElement("div");
  controls.className = "ir-controls";
  controls.append(
    fieldset("MobileNetV2 inverted residual", inputs.cin, inputs.cout, inputs.t),
    fieldset("Both blocks", inputs.stride, inputs.size),
    fieldset("ResNet bottleneck", inputs.wide, inputs.mid),
  );
  return { presets, controls, inputs };
}

/** The ResNet bottleneck and the inverted residual drawn on one channel scale. */
export function blockComparisonDiagrams(rn: BlockSummary, ir: BlockSummary, o: { reason: string; width: number }) {
  const maxChannels = Math.max(...[ir, rn].flatMap((b) => [b.input[2], ...b.units.map((u) => u.outShape[2])]));
  const width = Math.max(640, Math.min(o.width, 1000));
  const chain = (b: BlockSummary) =>
    [b.input[2], ...b.units.filter((u) => u.branch === "main").map((u) => u.outShape[2])].join(" → ");
  const box = document.createElement("div");
  box.append(
    blockDiagram(rn, { title: `ResNet bottleneck: ${chain(rn)} (wide → narrow → wide)`, maxChannels, width }),
    blockDiagram(ir, {
      title: `MobileNetV2 inverted residual: ${chain(ir)} (narrow → wide → narrow)`,
      maxChannels,
      noShortcutReason: `No add: ${o.reason.replace(/^no shortcut: /, "")}.`,
      width,
    }),
  );
  return box;
}

const times = (a: number, b: number, what: string) =>
  a >= b ? `${(a / b).toFixed(1)}× fewer ${what}` : `${(b / a).toFixed(1)}× more ${what}`;
const volume = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Both blocks' totals, how they compare, and the paper's cost formula checked against the layer count. */
export function blockComparisonSummary(
  rn: BlockSummary,
  ir: BlockSummary,
  o: { cin: number; cout: number; t: number; stride: number; size: number },
) {
  const { cin, cout, t, stride, size } = o;
  const rows = [
    { id: "resnet", name: "ResNet bottleneck", b: rn },
    { id: "mnv2", name: "MobileNetV2 inverted residual", b: ir },
  ];
  const table = dataTable(
    [
      { label: "block", value: (r) => r.name },
      { label: "input", value: (r) => formatShape(r.b.input), num: true },
      { label: "output", value: (r) => formatShape(r.b.output), num: true },
      { label: "parameters", value: (r) => formatInt(r.b.params), num: true },
      { label: "multiply-adds", value: (r) => formatInt(r.b.madds), num: true },
      {
        label: "shortcut",
        value: (r) => (r.b.add ? (r.b.shortcut === "identity" ? "identity add" : "1×1 conv, then add") : "none"),
      },
    ],
    rows,
    {
      caption: `Both blocks on a ${size}×${size} input (parameters include BatchNorm's γ and β; multiply-adds count the convolutions)`,
      testId: "ir-summary",
      rowTestId: (r) => `ir-summary-${r.id}`,
    },
  );
  const compare = textLine(
    `The inverted residual uses ${times(rn.madds, ir.madds, "multiply-adds")} and ${times(rn.params, ir.params, "parameters")} than the ResNet bottleneck here. ` +
      `The tensors the shortcut keeps alive between blocks hold ${formatInt(volume(ir.input))} values instead of ${formatInt(volume(rn.input))}.`,
    { testId: "ir-compare" },
  );
  const hasExp = ir.units.some((u) => u.role === "expansion");
  const formula = textLine(
    stride === 1 && hasExp
      ? `The paper's cost of a stride-1 block, h·w·d′·t·(d′ + k² + d″) = ${size}·${size}·${cin}·${t}·(${cin} + 9 + ${cout}) = ${formatInt(size * size * cin * t * (cin + 9 + cout))} multiply-adds, matches the layer-by-layer count ${formatInt(ir.madds)}.`
      : stride !== 1
        ? `With stride ${stride} the paper's formula h·w·d′·t·(d′ + k² + d″) no longer applies as written: ${hasExp ? `the expansion runs at ${size}×${size}, the depthwise and projection layers at ${ir.output[0]}×${ir.output[1]}` : `with t = 1 there is no expansion layer, and the depthwise and projection layers run at ${ir.output[0]}×${ir.output[1]}`}. The layer-by-layer count is ${formatInt(ir.madds)}.`
        : `With t = 1 there is no expansion layer (as in torchvision and Keras), so the block is just depthwise + projection: ${formatInt(ir.madds)} multiply-adds.`,
    { testId: "ir-formula" },
  );
  const box = document.createElement("div");
  box.append(table, compare, formula);
  return box;
}

/** Every layer of both blocks with its output, parameters and multiply-adds, side by side. */
export function blockLayerTables(irLayers: LayerTrace[], rnLayers: LayerTrace[]) {
  const columns: Column<LayerTrace>[] = [
    { label: "layer", value: (l) => l.name },
    { label: "operator", value: (l) => l.operator },
    { label: "output", value: (l) => formatShape(l.outShape), num: true },
    { label: "parameters", value: (l) => (l.params ? formatInt(l.params) : ""), num: true },
    { label: "multiply-adds", value: (l) => (l.madds ? formatInt(l.madds) : ""), num: true },
  ];
  const tables = document.createElement("div");
  tables.className = "ir-tables";
  tables.append(
    dataTable(columns, irLayers, {
      caption: "MobileNetV2 inverted residual",
      testId: "ir-layers-mnv2",
      rowTestId: (l) => `ir-mnv2-${l.name}`,
    }),
    dataTable(columns, rnLayers, {
      caption: "ResNet bottleneck",
      testId: "ir-layers-resnet",
      rowTestId: (l) => `ir-resnet-${l.name}`,
    }),
  );
  return tables;
}

interface LiveBlock {
  ms: number;
  output: number[];
  rows: ShapeCheck[];
}

/** tfjs' shapes of both blocks against the trace's, and a summary line. */
export function blockLiveTables(
  live: { mnv2: LiveBlock; resnet: LiveBlock },
  o: { size: number; cin: number; wide: number; backend: string },
) {
  const agree = (r: ShapeCheck) => !!r.tfjs && formatShape(r.tfjs) === formatShape(r.analytic);
  const cols: Column<ShapeCheck>[] = [
    { label: "layer", value: (r) => r.name },
    { label: "operator", value: (r) => r.operator },
    { label: "output, formula", value: (r) => formatShape(r.analytic), num: true },
    { label: "output, tfjs", value: (r) => (r.tfjs ? formatShape(r.tfjs) : "missing"), num: true },
    { label: "agree", value: (r) => (agree(r) ? "✓" : "✗"), cls: (r) => (agree(r) ? "live-ok" : "live-bad") },
  ];
  const { size, cin, wide } = o;
  const box = document.createElement("div");
  box.className = "ir-tables";
  box.append(
    dataTable(cols, live.mnv2.rows, {
      caption: `MobileNetV2 block in tfjs: ${formatShape([size, size, cin])} → ${formatShape(live.mnv2.output)}, forward pass ${formatMs(live.mnv2.ms)}`,
      testId: "ir-live-mnv2",
      rowTestId: (r) => `ir-live-mnv2-${r.name}`,
    }),
    dataTable(cols, live.resnet.rows, {
      caption: `ResNet block in tfjs: ${formatShape([size, size, wide])} → ${formatShape(live.resnet.output)}, forward pass ${formatMs(live.resnet.ms)}`,
      testId: "ir-live-resnet",
      rowTestId: (r) => `ir-live-resnet-${r.name}`,
    }),
  );
  const all = [...live.mnv2.rows, ...live.resnet.rows];
  const summary = textLine(
    `${all.every(agree) ? `All ${all.length} layer shapes reported by TensorFlow.js (${o.backend}) agree with the formulas.` : "Some shapes differ from the formulas."} ` +
      `The forward passes took ${formatMs(live.mnv2.ms)} (MobileNetV2 block) and ${formatMs(live.resnet.ms)} (ResNet block), first runs included.`,
    { testId: "ir-live-summary" },
  );
  const wrap = document.createElement("div");
  wrap.append(box, summary);
  return wrap;
}
