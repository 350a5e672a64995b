/**
 * Why published parameter counts of "the same" MobileNetV2 differ: each count is recomputed here from the
 * convention that produces it, and its difference to torchvision's is explained layer by layer.
 * The published figures are citations read from data/reference/ (reference.ts); every other number is computed.
 */
import { formatInt } from "./format.js";
import { COUNTS } from "./reference.js";
import type { ArchConfig } from "./spec.js";
import { type Trace, traceMobileNetV2 } from "./trace.js";

export interface LayerDiff {
  name: string;
  /** Parameters in the base trace (0 when the layer is missing there). */
  base: number;
  /** Parameters in the other trace (0 when the layer is missing there). */
  other: number;
}

/** Layers whose parameter counts differ between two traces (by Keras layer name). */
export function diffTraces(base: Trace, other: Trace): LayerDiff[] {
  const a = new Map(base.layers.map((l) => [l.name, l.params]));
  const b = new Map(other.layers.map((l) => [l.name, l.params]));
  const names = [...new Set([...a.keys(), ...b.keys()])];
  return names
    .map((name) => ({ name, base: a.get(name) ?? 0, other: b.get(name) ?? 0 }))
    .filter((d) => d.base !== d.other);
}

export interface PublishedCount {
  source: string;
  /** As published (a citation). */
  published: string;
  /** How the published figure is rounded: exact, or to N decimals of millions (truncated). */
  precision: "exact" | 1 | 2;
  /** Computed from the convention. */
  computed: number;
  /** What is counted, in words. */
  what: string;
}

export interface Reconciliation extends PublishedCount {
  /** Whether the computed count, rounded as published, equals the published figure. */
  matches: boolean;
  /** Difference to torchvision's count. */
  delta: number;
}

/** Render `n` the way a source published it. */
export function asPublished(n: number, precision: PublishedCount["precision"]): string {
  if (precision === "exact") return formatInt(n);
  const f = 10 ** precision;
  return `${(Math.floor((n / 1e6) * f) / f).toFixed(precision)}M`;
}

export interface ReconcileResult {
  rows: Reconciliation[];
  reference: Trace;
  fromScratch: Trace;
  slim: Trace;
  folded: Trace;
}

export function reconcileCounts(): ReconcileResult {
  const base: ArchConfig = { width: 1, resolution: 224, classes: 1000, convention: "reference" };
  const reference = traceMobileNetV2(base);
  const fromScratch = traceMobileNetV2({ ...base, convention: "from-scratch" });
  const slim = traceMobileNetV2({ ...base, classes: 1001 });
  const folded = traceMobileNetV2({ ...base, batchNorm: false });
  const tv = reference.totals.params;
  const published: PublishedCount[] = [
    {
      source: "Paper, Table 4",
      published: COUNTS.paper.params,
      precision: 1,
      computed: slim.totals.convWeights + slim.totals.classifier,
      what: "conv kernels + 1001-class classifier, no BatchNorm (TF-slim's count, truncated)",
    },
    {
      source: "TF-slim checkpoint table",
      published: COUNTS.slim.params,
      precision: 2,
      computed: slim.totals.convWeights + slim.totals.classifier,
      what: "conv kernels + 1001-class classifier (1000 classes + background), no BatchNorm",
    },
    {
      source: "torchvision mobilenet_v2",
      published: formatInt(COUNTS.torchvision.params),
      precision: "exact",
      computed: reference.totals.params,
      what: "conv kernels + BatchNorm γ, β + 1000-class classifier",
    },
    {
      source: "Keras MobileNetV2 (total)",
      published: formatInt(COUNTS.keras.total),
      precision: "exact",
      computed: reference.totals.params + reference.totals.bnStats,
      what: "torchvision's trainable count + BatchNorm moving mean and variance (non-trainable)",
    },
    {
      source: "From-scratch tutorial (“MobileNetV2 Paper Walkthrough: The Smarter Tiny Giant”, October 2025)",
      published: "3,505,960",
      precision: "exact",
      computed: fromScratch.totals.params,
      what: "int(c·α) channels and an extra 1×1 expansion conv (+BN) in the t = 1 block",
    },
    {
      source: "Pretrained TF.js model here (BN folded)",
      published: "3,487,816",
      precision: "exact",
      computed: folded.totals.params,
      what: "BatchNorm folded into each conv: conv kernels + conv biases + 1000-class classifier",
    },
  ];
  const rows = published.map((p) => ({
    ...p,
    matches: asPublished(p.computed, p.precision) === p.published,
    delta: p.computed - tv,
  }));
  return { rows, reference, fromScratch, slim, folded };
}
