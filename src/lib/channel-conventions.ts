/**
 * Channels of each layer of Table 2 at a width multiplier under the two conventions (reference: multiples of 8,
 * last conv kept at 1280 below α = 1; from-scratch: int(c·α) everywhere), for the Width and resolution page.
 */

import { LAST_CHANNELS, lastConvChannels, PAPER_ROWS, STEM_CHANNELS, scaleChannels } from "./spec.js";
import type { Trace } from "./trace.js";

export interface ChannelRow {
  name: string;
  /** The paper's channel count, c·α exactly, and each convention's. */
  c: number;
  exact: number;
  ref: number;
  fs: number;
}

export function channelConventions(width: number): ChannelRow[] {
  const layers = [
    { name: "stem conv 3×3", c: STEM_CHANNELS, last: false },
    ...PAPER_ROWS.map((r, i) => ({ name: `bottlenecks, row ${i + 1} (t=${r.t})`, c: r.c, last: false })),
    { name: "last conv 1×1", c: LAST_CHANNELS, last: true },
  ];
  return layers.map((l) => ({
    name: l.name,
    c: l.c,
    exact: l.c * width,
    ref: l.last ? lastConvChannels(width, "reference") : scaleChannels(l.c, width, "reference"),
    fs: l.last ? lastConvChannels(width, "from-scratch") : scaleChannels(l.c, width, "from-scratch"),
  }));
}

/** A difference in parameters and multiply-adds. */
export interface CountDifference {
  params: number;
  madds: number;
}

/**
 * Where the from-scratch network's counts differ from the reference one's (from-scratch minus reference), in three
 * parts: the expansion convolution the from-scratch network adds to the t = 1 block (its layers exist only there),
 * the head (last 1×1 convolution, pooling and classifier; the reference keeps the last convolution at 1280 channels
 * below α = 1), and the rounding of every other layer (the rest).
 */
export function conventionDifference(
  reference: Trace,
  fromScratch: Trace,
): { total: CountDifference; expansion: CountDifference; head: CountDifference; rest: CountDifference } {
  const sum = (layers: Trace["layers"]) =>
    layers.reduce((s, l) => ({ params: s.params + l.params, madds: s.madds + l.madds }), { params: 0, madds: 0 });
  const minus = (a: CountDifference, b: CountDifference) => ({ params: a.params - b.params, madds: a.madds - b.madds });
  const refNames = new Set(reference.layers.map((l) => l.name));
  const expansion = sum(fromScratch.layers.filter((l) => !refNames.has(l.name)));
  const headOf = (t: Trace) => sum(t.layers.filter((l) => l.group === "head"));
  const head = minus(headOf(fromScratch), headOf(reference));
  const total = minus(fromScratch.totals, reference.totals);
  return { total, expansion, head, rest: minus(minus(total, expansion), head) };
}

/**
 * One sentence naming each part of a convention difference (`which`: parameters or multiply-adds) with its signed
 * size, and which part is largest; `format` writes a count.
 */
export function conventionDifferenceSentence(
  d: ReturnType<typeof conventionDifference>,
  which: keyof CountDifference,
  format: (n: number) => string,
): string {
  const noun = which === "params" ? "parameter" : "multiply-add";
  const parts = [
    { name: "the extra expansion convolution of the t = 1 block", value: d.expansion[which] },
    { name: "the last convolution and the classifier", value: d.head[which] },
    { name: "the rounding of the other layers", value: d.rest[which] },
  ].filter((p) => p.value !== 0);
  if (parts.length === 0) return `The two conventions give the same ${noun} count here.`;
  const signed = (n: number) => `${n > 0 ? "+" : "−"}${format(Math.abs(n))}`;
  if (parts.length === 1) return `All of the ${noun} difference comes from ${parts[0].name}.`;
  const largest = parts.reduce((a, b) => (Math.abs(b.value) > Math.abs(a.value) ? b : a));
  const list = parts.map((p, i) => `${signed(p.value)}${i === 0 ? " comes" : ""} from ${p.name}`);
  const joined = `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
  return `Of the ${noun} difference, ${joined}; the largest part is ${largest.name}.`;
}
