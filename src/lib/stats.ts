/** Small statistics helpers (no DOM). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

/**
 * The values in (lo, hi] counted in `bins` equal bins, in one pass over a typed array of counts (a chart library's
 * binning with an accessor per value took ~100 ms for the 75,000 activations of one block). `counted` is how
 * many values fell in the range.
 */
export function histogram(
  xs: ArrayLike<number>,
  lo: number,
  hi: number,
  bins: number,
): { bins: Bin[]; counted: number } {
  const counts = new Float64Array(bins);
  const w = (hi - lo) / bins;
  let counted = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (!(v > lo && v <= hi)) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / w))]++;
    counted++;
  }
  return { bins: Array.from(counts, (count, i) => ({ x0: lo + i * w, x1: lo + (i + 1) * w, count })), counted };
}

/**
 * The k-th smallest value (0-based) of `a`, which is reordered: Hoare's selection, linear time on average
 * instead of sorting every value (the explorer calls this for each layer it draws, the ReLU6 page for a million
 * activations).
 */
export function kthSmallest(a: Float32Array | Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
