/**
 * Channels of each layer of Table 2 at a width multiplier under the two conventions (reference: multiples of 8,
 * last conv kept at 1280 below α = 1; from-scratch: int(c·α) everywhere), for the Width and resolution page.
 */
import { LAST_CHANNELS, lastConvChannels, PAPER_ROWS, STEM_CHANNELS, scaleChannels } from "./spec.js";

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
