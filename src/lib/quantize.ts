/**
 * Uniform (affine) quantization of activations, as integer inference does it. Plain arithmetic, no tfjs.
 * Unsigned asymmetric scheme: a range [lo, hi] is cut into 2^bits − 1 equal steps; a value is stored as the
 * integer q = round((x − lo) / step) clamped to [0, 2^bits − 1] and read back as lo + q·step. For 8 bits that is
 * uint8 with zero-point 0 when lo = 0, which is the case for both ReLU ([0, max]) and ReLU6 ([0, 6]).
 */
import { kthSmallest } from "./stats.js";

export interface QuantRange {
  lo: number;
  hi: number;
  bits: number;
}

/** Width of one quantization step: (hi − lo) / (2^bits − 1). */
export function stepSize(r: QuantRange): number {
  return (r.hi - r.lo) / (2 ** r.bits - 1);
}

/** Quantize then dequantize one value. */
export function fakeQuantize(x: number, r: QuantRange): number {
  const step = stepSize(r);
  const levels = 2 ** r.bits - 1;
  let q = Math.round((x - r.lo) / step);
  if (q < 0) q = 0;
  else if (q > levels) q = levels;
  return r.lo + q * step;
}

export interface QuantError {
  step: number;
  /** Root mean squared error over the values counted. */
  rmse: number;
  maxError: number;
  /** Values counted (e.g. the "typical" ones). */
  count: number;
  /** Values that fell outside the range and were clipped. */
  clipped: number;
}

/**
 * The rounding error of values on the grid of `r`, summed one value at a time (fakeQuantize, inlined: these sums
 * run over every activation of a block on the page's thread). `clip` counts a value outside [lo, hi]; `add` counts
 * a value's error.
 */
class ErrorSum {
  private se = 0;
  private max = 0;
  private count = 0;
  private clipped = 0;
  private readonly step: number;
  private readonly levels: number;

  constructor(private readonly r: QuantRange) {
    this.step = stepSize(r);
    this.levels = 2 ** r.bits - 1;
  }

  clip(x: number): void {
    if (x < this.r.lo || x > this.r.hi) this.clipped++;
  }

  add(x: number): void {
    let q = Math.round((x - this.r.lo) / this.step);
    if (q < 0) q = 0;
    else if (q > this.levels) q = this.levels;
    const e = Math.abs(this.r.lo + q * this.step - x);
    this.se += e * e;
    if (e > this.max) this.max = e;
    this.count++;
  }

  result(): QuantError {
    const { step, se, max, count, clipped } = this;
    return { step, rmse: count ? Math.sqrt(se / count) : 0, maxError: max, count, clipped };
  }
}

/** Error of quantizing `values` to `r`; `filter` picks the values counted (all by default). */
export function quantError(values: ArrayLike<number>, r: QuantRange, filter?: (x: number) => boolean): QuantError {
  const sum = new ErrorSum(r);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    sum.clip(x);
    if (!filter || filter(x)) sum.add(x);
  }
  return sum.result();
}

/** ReLU and ReLU6 applied elementwise. */
export function relu(xs: ArrayLike<number>): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = Math.max(xs[i], 0);
  return out;
}
export function relu6(xs: ArrayLike<number>): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = xs[i] > 0 ? Math.min(xs[i], 6) : 0;
  return out;
}

/** Largest value (the top of ReLU's quantization range [0, max]). */
export function maxOf(xs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] > m) m = xs[i];
  return m;
}

/**
 * The q-th quantile (0..1) of the values (linear interpolation between the two order statistics around it), by
 * selection on a copy rather than a sort: the ReLU6 page asks this of a million activations.
 */
export function quantile(xs: ArrayLike<number>, q: number): number {
  const s = new Float64Array(xs as ArrayLike<number>);
  if (s.length === 0) return NaN;
  const p = (s.length - 1) * q;
  const i = Math.floor(p);
  const lo = kthSmallest(s, i);
  if (i + 1 >= s.length) return lo;
  // After the selection every value past position i is at least s[i]: the next order statistic is their minimum.
  let hi = Infinity;
  for (let j = i + 1; j < s.length; j++) if (s[j] < hi) hi = s[j];
  return lo + (hi - lo) * (p - i);
}

/**
 * Multiply a seeded, evenly spread fraction of the values by `scale` (rare large activations, as one
 * unusual input or channel produces). Returns a new array.
 */
export function withOutliers(xs: ArrayLike<number>, fraction: number, scale: number): Float64Array {
  // The constructor copies a typed array directly; Float64Array.from goes through its iterator (~10× slower).
  const out = new Float64Array(xs as ArrayLike<number>);
  if (fraction <= 0 || scale === 1) return out;
  const every = Math.max(1, Math.round(1 / fraction));
  for (let i = Math.floor(every / 2); i < out.length; i += every) out[i] *= scale;
  return out;
}

/** What the ReLU6 page's comparison needs that does not depend on the bit width (computed once per tensor). */
export interface ReluRanges {
  /** Top of ReLU's range: the largest value after ReLU. */
  hiRelu: number;
  /** Top of the "typical" values: the 99th percentile of ReLU's output, capped at 6. */
  typicalTop: number;
  /** How many values ReLU6 caps at 6. */
  clippedBy6: number;
}

/** ReLU against ReLU6 under `bits`-bit quantization, on pre-activation values `x` (the ReLU6 page). */
export interface ReluQuantComparison extends ReluRanges {
  relu: QuantError;
  relu6: QuantError;
}

/**
 * The q-th quantile of ReLU(x) (as `quantile(relu(x), q)`), selecting among the positive values only: ReLU's zeros
 * are the first order statistics, so they need neither a copy nor a place in the selection.
 */
function reluQuantile(x: ArrayLike<number>, q: number): number {
  const n = x.length;
  if (n === 0) return NaN;
  let positives = 0;
  for (let i = 0; i < n; i++) if (Math.max(x[i], 0) > 0) positives++;
  const zeros = n - positives;
  const p = (n - 1) * q;
  const i = Math.floor(p);
  if (i + 1 < zeros) return 0;
  const pos = new Float64Array(positives);
  for (let j = 0, k = 0; j < n; j++) {
    const a = Math.max(x[j], 0);
    if (a > 0) pos[k++] = a;
  }
  const lo = i < zeros ? 0 : kthSmallest(pos, i - zeros);
  if (i + 1 >= n) return lo;
  // The next order statistic: the smallest positive value if i was the last zero, else the minimum past position i.
  let hi = Infinity;
  for (let j = Math.max(0, i + 1 - zeros); j < positives; j++) if (pos[j] < hi) hi = pos[j];
  return lo + (hi - lo) * (p - i);
}

/** ReLU's range, the typical values' top and ReLU6's clipped count of `x`: what every bit width shares. */
export function reluRanges(x: ArrayLike<number>): ReluRanges {
  let hiRelu = -Infinity;
  let clippedBy6 = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.max(x[i], 0);
    if (a > hiRelu) hiRelu = a;
    if (x[i] > 6) clippedBy6++;
  }
  return { hiRelu, typicalTop: Math.min(reluQuantile(x, 0.99), 6), clippedBy6 };
}

/**
 * The same errors as `quantError(relu(x), [0, hiRelu])` and `quantError(relu6(x), [0, 6])` over the typical values
 * (0 < value ≤ typicalTop), in one pass over `x` without building either activation: a bit-width change on the
 * ReLU6 page reruns only this over a million values. `ranges` are `reluRanges(x)` (computed here if not given).
 */
export function compareReluQuantization(
  x: ArrayLike<number>,
  bits: number,
  ranges: ReluRanges = reluRanges(x),
): ReluQuantComparison {
  const { hiRelu, typicalTop } = ranges;
  const relu = new ErrorSum({ lo: 0, hi: hiRelu, bits });
  const relu6 = new ErrorSum({ lo: 0, hi: 6, bits });
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const a = Math.max(v, 0);
    relu.clip(a);
    if (a > 0 && a <= typicalTop) relu.add(a);
    const b = v > 0 ? Math.min(v, 6) : 0;
    relu6.clip(b);
    if (b > 0 && b <= typicalTop) relu6.add(b);
  }
  return { ...ranges, relu: relu.result(), relu6: relu6.result() };
}
