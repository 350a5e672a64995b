/**
 * Cost of convolutions, by formula: a standard k×k convolution, a grouped one (ResNeXt), and the depthwise
 * separable pair (depthwise k×k + pointwise 1×1) that MobileNets are built from. Pure arithmetic, no DOM, no
 * tfjs. Counting conventions are those of trace.ts: "same" padding, no bias (a BatchNorm follows each conv),
 * and one multiply-add per kernel weight per output position.
 */
import type { LastGood } from "./last-good.js";

export interface ConvShape {
  /** Input height and width in pixels. */
  height: number;
  width: number;
  /** Input and output channels. */
  cin: number;
  cout: number;
  /** Kernel size k (a k×k kernel). */
  k: number;
  /** Stride (default 1); the output is ceil(size / stride) with "same" padding. */
  stride?: number;
}

export interface Cost {
  params: number;
  madds: number;
  /** Output shape [height, width, channels]. */
  outShape: [number, number, number];
}

export interface SeparableCost {
  depthwise: Cost;
  pointwise: Cost;
  /** Depthwise plus pointwise. */
  total: Cost;
}

export interface Comparison {
  standard: Cost;
  separable: SeparableCost;
  /** How many times cheaper the separable pair is: standard / separable (same for params and multiply-adds). */
  saving: number;
  /** The paper's ratio separable / standard = 1/cout + 1/k². */
  ratio: number;
}

function outSize(s: ConvShape): [number, number] {
  const stride = s.stride ?? 1;
  return [Math.ceil(s.height / stride), Math.ceil(s.width / stride)];
}

/**
 * A k×k convolution split into `groups` groups: each group maps cin/groups input channels to cout/groups
 * output channels. groups = 1 is the standard convolution; groups = cin = cout is the depthwise one.
 */
export function groupedConvCost(s: ConvShape, groups = 1): Cost {
  const err = groupsError(s.cin, s.cout, groups);
  if (err) throw new Error(err);
  const [oh, ow] = outSize(s);
  const params = (s.k * s.k * s.cin * s.cout) / groups;
  return { params, madds: oh * ow * params, outShape: [oh, ow, s.cout] };
}

/** The standard k×k convolution cin → cout. */
export function standardConvCost(s: ConvShape): Cost {
  return groupedConvCost(s, 1);
}

/** Depthwise k×k (one filter per input channel) followed by a pointwise 1×1 conv cin → cout. */
export function separableConvCost(s: ConvShape): SeparableCost {
  const [oh, ow] = outSize(s);
  const dwParams = s.k * s.k * s.cin;
  const pwParams = s.cin * s.cout;
  const depthwise: Cost = { params: dwParams, madds: oh * ow * dwParams, outShape: [oh, ow, s.cin] };
  const pointwise: Cost = { params: pwParams, madds: oh * ow * pwParams, outShape: [oh, ow, s.cout] };
  return {
    depthwise,
    pointwise,
    total: { params: dwParams + pwParams, madds: depthwise.madds + pointwise.madds, outShape: [oh, ow, s.cout] },
  };
}

/** The paper's reduction factor: separable / standard = 1/cout + 1/k². */
export function separableRatio(cout: number, k: number): number {
  return 1 / cout + 1 / (k * k);
}

export function compareConvs(s: ConvShape): Comparison {
  const standard = standardConvCost(s);
  const separable = separableConvCost(s);
  return {
    standard,
    separable,
    saving: standard.madds / separable.total.madds,
    ratio: separableRatio(s.cout, s.k),
  };
}

/** Positive divisors of n, ascending. */
export function divisors(n: number): number[] {
  const small: number[] = [];
  const large: number[] = [];
  for (let d = 1; d * d <= n; d++) {
    if (n % d === 0) {
      small.push(d);
      if (d * d !== n) large.unshift(n / d);
    }
  }
  return [...small, ...large];
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Group counts a cin → cout convolution accepts: the common divisors of cin and cout. */
export function validGroups(cin: number, cout: number): number[] {
  return divisors(gcd(cin, cout));
}

/** Why `groups` does not work for a cin → cout convolution, as a sentence; null when it does. */
export function groupsError(cin: number, cout: number, groups: number): string | null {
  if (!Number.isInteger(groups) || groups < 1) return `Groups must be a whole number of at least 1 (got ${groups}).`;
  const bad = [
    cin % groups !== 0 ? `input channels (${cin})` : "",
    cout % groups !== 0 ? `output channels (${cout})` : "",
  ]
    .filter(Boolean)
    .join(" and ");
  if (bad) {
    const ok = validGroups(cin, cout);
    const list = ok.length > 12 ? `${ok.slice(0, 12).join(", ")}, …` : ok.join(", ");
    return `Groups = ${groups} does not divide the ${bad}: each group must get a whole number of channels. Valid here: ${list}.`;
  }
  return null;
}

/** What kind of convolution a group count gives, in words. */
export function groupsKind(cin: number, cout: number, groups: number): string {
  if (groups === 1) return "standard convolution: every output channel sees every input channel";
  if (groups === cin && cout === cin)
    return "depthwise convolution: one k×k filter per channel, no mixing across channels";
  if (groups === cin)
    return `depthwise convolution with channel multiplier ${cout / cin}: each input channel gets ${cout / cin} filters of its own`;
  return `grouped convolution (as in ResNeXt): ${groups} independent groups, each mapping ${cin / groups} → ${cout / groups} channels`;
}

/**
 * The group count to show for a reader's `requested` one (through `kept`, the page's lastGood): it when valid, else
 * the last valid one when it still divides both channel counts, else 1; with the message explaining the refusal
 * ("" when none).
 */
export function groupsToShow(
  cin: number,
  cout: number,
  requested: number,
  kept: LastGood<number>,
): { groups: number; note: string } {
  const { value: groups, problem } = kept(requested, (g) => groupsError(cin, cout, g), 1);
  return { groups, note: problem ? `${problem} Showing groups = ${groups}.` : "" };
}
