/**
 * Statistics of one layer's activations (a [height, width, channels] tensor read back as a Float32Array, NHWC
 * order): fraction of exact zeros (what ReLU6 clips away), fraction saturated at 6, negatives, min / max /
 * mean; per-channel ranges for the feature-map grid; top-k of a probability vector. Pure functions, no tfjs.
 */

import { kthSmallest } from "./stats.js";

export interface ActivationStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Fraction of values exactly 0. */
  zeros: number;
  /** Fraction of values at or above the ReLU6 ceiling (6). */
  saturated: number;
  /** Fraction of values below 0 (impossible after ReLU6; common in a linear bottleneck). */
  negative: number;
}

const RELU6_CEILING = 6;

export function activationStats(data: ArrayLike<number>, ceiling = RELU6_CEILING): ActivationStats {
  const n = data.length;
  if (n === 0) return { count: 0, min: NaN, max: NaN, mean: NaN, zeros: NaN, saturated: NaN, negative: NaN };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let zeros = 0;
  let sat = 0;
  let neg = 0;
  // Which of zero / negative / at the ceiling a value is cannot be predicted, so each count adds its comparison
  // as 0 or 1 (`+(v === 0)`) instead of branching: twice as fast in Chromium on the ~7 million activations the
  // explorer summarises per image (Math.min/Math.max were no faster than the two predictable ifs). The categories
  // exclude each other as an if/else chain would: a ceiling at or below 0 counts only positive values as saturated.
  const limit = ceiling > 0 ? ceiling : Number.MIN_VALUE;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    zeros += +(v === 0);
    neg += +(v < 0);
    sat += +(v >= limit);
  }
  return { count: n, min, max, mean: sum / n, zeros: zeros / n, saturated: sat / n, negative: neg / n };
}

/** Per-channel minimum and maximum of an NHWC [h, w, c] array. */
export function channelRanges(data: ArrayLike<number>, channels: number): { min: Float32Array; max: Float32Array } {
  const min = new Float32Array(channels).fill(Infinity);
  const max = new Float32Array(channels).fill(-Infinity);
  // Pixel by pixel, channel by channel: without a remainder per value this takes half as long in Chromium.
  for (let p = 0; p < data.length; p += channels) {
    const end = Math.min(channels, data.length - p);
    for (let c = 0; c < end; c++) {
      const v = data[p + c];
      if (v < min[c]) min[c] = v;
      if (v > max[c]) max[c] = v;
    }
  }
  return { min, max };
}

/** One channel of an NHWC [h, w, c] array as a row-major h × w plane. */
export function channelPlane(
  data: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  c: number,
): Float32Array {
  if (c < 0 || c >= channels) throw new Error(`channel ${c} out of range 0..${channels - 1}`);
  const out = new Float32Array(height * width);
  for (let p = 0; p < height * width; p++) out[p] = data[p * channels + c];
  return out;
}

/**
 * The colour domain for a feature map. Sequential layers (ReLU6 outputs, never negative) map [lo, hi];
 * diverging layers (projections, adds) map a range symmetric about 0 so that 0 is the scale's midpoint.
 * A flat range (lo = hi) is widened so that a scale never divides by zero.
 */
export function colourDomain(lo: number, hi: number, diverging: boolean): [number, number] {
  if (diverging) {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    return [-m, m];
  }
  if (!(hi > lo)) return [lo, lo + 1];
  return [lo, hi];
}

/** Indices and values of the k largest entries, largest first. */
export function topK(values: ArrayLike<number>, k: number): { index: number; value: number }[] {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => values[b] - values[a] || a - b);
  return idx.slice(0, Math.max(0, k)).map((index) => ({ index, value: values[index] }));
}

/**
 * The q-quantile of |v| (q = 0.995 by default), from at most `maxSamples` evenly strided values: a colour
 * range that a handful of extreme values cannot wash out. 0 for an empty array.
 */
export function robustAbsMax(data: ArrayLike<number>, q = 0.995, maxSamples = 200_000): number {
  const n = data.length;
  if (n === 0) return 0;
  const step = Math.max(1, Math.floor(n / maxSamples));
  const sample = new Float32Array(Math.ceil(n / step));
  for (let i = 0, j = 0; i < n; i += step, j++) sample[j] = Math.abs(data[i]);
  return kthSmallest(sample, Math.min(sample.length - 1, Math.floor(q * (sample.length - 1))));
}
