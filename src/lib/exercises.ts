/**
 * Exercises for the walkthrough pages: questions whose numbers are drawn from a seed and whose answers are
 * computed from those numbers by the site's own arithmetic (spec.ts, trace.ts, conv-cost.ts, quantize.ts), never
 * stored. The same seed gives the same questions, so a teacher can reproduce a student's instance from its
 * address (`?exercise=N`). No DOM: src/components/exercise.ts draws the cards and checks what a student types.
 *
 *   exercisesFor("depthwise-separable", 42) → Question[]   (each with its givens, answer and worked solution)
 *   checkAnswer(question, "1,234,567")       → {state: "right" | "wrong" | "unreadable" | "empty", message}
 *
 * What a student may type (the card says it in its hint):
 * - a number: "1234567", "1,234,567", "1 234 567", SI suffixes "1.2K", "3.5M", "2G" (K = thousand, M = million,
 *   G = billion), an exponent "2.5e6", a trailing "×" for factors and "%" for fractions; counts must be exact,
 *   factors and fractions within the question's tolerance;
 * - a shape: "14×14×64", "14x14x64", "14 × 14 × 64", "(14, 14, 64)";
 * - a set of block numbers: "2, 4, 5" or "2 4 5" or "none", in any order;
 * - a list (order matters): "0, 3.5, 6";
 * - a choice: one of its words ("yes" or "no").
 */
import type { SiteConfig } from "./config.js";
import { compareConvs, separableRatio } from "./conv-cost.js";
import { formatInt, formatSI } from "./format.js";
import { mulberry32 } from "./manifold.js";
import { stepSize } from "./quantize.js";
import {
  type BottleneckRow,
  blockSpecs,
  DEFAULT_CONFIG,
  makeDivisible,
  PAPER_ROWS,
  residualReason,
  sameOutput,
} from "./spec.js";
import { traceMobileNetV2 } from "./trace.js";

// ---------------------------------------------------------------------------------------------------------------
// Seeds

/** FNV-1a hash of a string, so each question of each page draws from its own stream. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Question sets are numbered 1 … MAX_SEED; a page without `?exercise=` shows set 1. */
const MAX_SEED = 99_999;
const DEFAULT_SEED = 1;

/** The seed an address value names, or the default (with a sentence) when it is missing or not a set number. */
export function seedFromAddress(value: string | null | undefined): { seed: number; problem: string | null } {
  if (value === null || value === undefined) return { seed: DEFAULT_SEED, problem: null };
  const v = value.trim();
  if (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_SEED) return { seed: Number(v), problem: null };
  const shown = v.length > 20 ? `${v.slice(0, 20)}…` : v;
  return {
    seed: DEFAULT_SEED,
    problem: `The address asks for question set “${shown}”, which is not a number from 1 to ${formatInt(MAX_SEED)}; showing set ${DEFAULT_SEED}.`,
  };
}

/** A different seed than `current`, from a uniform random number in [0, 1). */
export function newSeed(current: number, random: number): number {
  const s = 1 + Math.floor(random * (MAX_SEED - 1));
  return s >= current ? s + 1 : s;
}

// ---------------------------------------------------------------------------------------------------------------
// Questions

/** Text, or a number the question gives (shown in bold, and named in the page as `data-given`). */
export type PromptPart = string | { given: string; value: number | string; text: string };

export type Answer =
  | { kind: "number"; value: number; tolerance: { rel: number; abs: number }; exact: boolean }
  | { kind: "shape"; value: number[] }
  | { kind: "set"; value: number[] }
  | { kind: "list"; value: number[]; abs: number }
  | { kind: "choice"; value: string; options: string[] };

/** A typical wrong answer and what it tells the student. */
export interface Mistake {
  value: number | readonly number[] | string;
  why: string;
}

export interface Question {
  /** Stable id within its page ("standard-madds"). */
  id: string;
  /** Short title ("Standard convolution: multiply-adds"). */
  title: string;
  prompt: PromptPart[];
  answer: Answer;
  /** How to type the answer. */
  hint: string;
  /** The worked solution, one line of arithmetic per step. */
  solution: string[];
  mistakes: Mistake[];
}

/** The answer as a reader would write it: "1,234,567", "14×14×64", "2, 4, 5", "yes". */
export function formatAnswer(a: Answer): string {
  switch (a.kind) {
    case "number":
      return a.exact ? formatInt(a.value) : trimNumber(a.value);
    case "shape":
      return a.value.join("×");
    case "set":
      return a.value.length ? a.value.join(", ") : "none";
    case "list":
      return a.value.map(trimNumber).join(", ");
    case "choice":
      return a.value;
  }
}

/** 7.8857… → "7.886", 0.5 → "0.5", 6 → "6". */
function trimNumber(x: number): string {
  if (Number.isInteger(x) || Math.abs(x) >= 1000) return formatInt(x);
  const digits = Math.abs(x) >= 100 ? 1 : Math.abs(x) >= 1 ? 3 : 4;
  return String(Number(x.toFixed(digits)));
}

const NUMBER_HINT_EXACT =
  "The exact count: 1234567, 1,234,567 or 1\u00a0234\u00a0567 (K, M and G work too when exact: 2.5M = 2,500,000).";
const NUMBER_HINT_FACTOR = (digits: number) =>
  `A number with at least ${digits} significant digits, e.g. 7.89 (a trailing × is fine).`;

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const given = (name: string, value: number | string, text = typeof value === "number" ? formatInt(value) : value) => ({
  given: name,
  value,
  text,
});
/**
 * A prompt written as one sentence, sentence`An input of ${given("h", h)} pixels…`: each given stays a part of its
 * own (the page marks it, the tests read it); text and other values join the text around them.
 */
function sentence(text: TemplateStringsArray, ...values: (PromptPart | number)[]): PromptPart[] {
  const parts: PromptPart[] = [];
  const add = (p: PromptPart) => {
    const last = parts.length - 1;
    if (typeof p !== "string") parts.push(p);
    else if (typeof parts[last] === "string") parts[last] = `${parts[last]}${p}`;
    else if (p) parts.push(p);
  };
  text.forEach((t, i) => {
    add(t);
    if (i < values.length) add(typeof values[i] === "number" ? String(values[i]) : (values[i] as PromptPart));
  });
  return parts;
}
const exact = (value: number): Answer => ({ kind: "number", value, tolerance: { rel: 0, abs: 0 }, exact: true });
const approx = (value: number, rel: number): Answer => ({
  kind: "number",
  value,
  tolerance: { rel, abs: 0 },
  exact: false,
});
const f = formatInt;

type Generator = (r: Rng) => Question;

// ---- Overview -------------------------------------------------------------------------------------------------

const OVERVIEW_WIDTHS = [0.35, 0.5, 0.75, 1, 1.4];

const OVERVIEW: Generator[] = [
  (r) => {
    const width = pick(r, OVERVIEW_WIDTHS);
    const params = traceMobileNetV2({ ...DEFAULT_CONFIG, width }).totals.params;
    const [bytes, name] = pick(r, [
      [4, "32-bit floats"],
      [2, "16-bit floats"],
      [1, "8-bit integers (int8)"],
    ] as const);
    const mb = (params * bytes) / 1e6;
    return {
      id: "model-size",
      title: "The download size",
      prompt: sentence`MobileNetV2 at width α = ${given("alpha", width, String(width))} has ${given("params", params)} parameters. Stored as ${name} (${given("bytes", bytes)} byte${bytes > 1 ? "s" : ""} each), how many megabytes (millions of bytes) do its weights take?`,
      answer: approx(mb, 0.01),
      hint: "A number of megabytes, within 1%: 14.02 or 14.",
      solution: [
        `${formatInt(params)} parameters × ${bytes} byte${bytes > 1 ? "s" : ""} = ${formatInt(params * bytes)} bytes.`,
        `÷ 1,000,000 = ${mb.toFixed(2)} MB.`,
      ],
      mistakes:
        bytes === 1
          ? []
          : [
              { value: params / 1e6, why: `that is millions of parameters; each takes ${bytes} bytes.` },
              {
                value: (params * bytes) / 2 ** 20,
                why: "that is mebibytes (2²⁰ bytes); a megabyte here is 10⁶ bytes.",
              },
            ],
    };
  },
  (r) => {
    const width = pick(r, OVERVIEW_WIDTHS);
    const res = pick(r, [128, 160, 192, 224]);
    const madds = traceMobileNetV2({ ...DEFAULT_CONFIG, width, resolution: res }).totals.madds;
    const speed = pick(r, [2, 5, 10, 20, 50]);
    const ms = (madds / (speed * 1e9)) * 1000;
    return {
      id: "frame-time",
      title: "Time per image",
      prompt: sentence`At width ${given("alpha", width, String(width))} and ${given("res", res)}×${res} the network does ${given("madds", madds)} multiply-adds per image. A phone core that sustains ${given("speed", speed)} billion multiply-adds per second would need how many milliseconds per image?`,
      answer: approx(ms, 0.01),
      hint: "Milliseconds, within 1%: 15.04 or 15.",
      solution: [
        `Seconds: ${formatInt(madds)} ÷ ${speed},000,000,000 = ${(ms / 1000).toFixed(5)} s.`,
        `Milliseconds: × 1,000 = ${ms.toFixed(2)} ms, about ${Math.floor(1000 / ms)} images per second. Real phones reach less than their peak rate: memory traffic and the depthwise layers slow them down.`,
      ],
      mistakes: [{ value: ms / 1000, why: "that is in seconds; the question asks for milliseconds." }],
    };
  },
];

// ---- Depthwise separable convolution ----------------------------------------------------------------------------

function convGivens(r: Rng) {
  const h = pick(r, [7, 14, 28, 56, 112]);
  const cin = pick(r, [16, 24, 32, 48, 64, 96, 128, 160]);
  const cout = pick(r, [24, 32, 64, 96, 128, 192, 256, 320]);
  const k = pick(r, [3, 3, 3, 5, 7]);
  return { h, cin, cout, k, cmp: compareConvs({ height: h, width: h, cin, cout, k }) };
}

const convPrompt = (g: ReturnType<typeof convGivens>, ask: string): PromptPart[] =>
  sentence`An input of ${given("h", g.h)}×${given("w", g.h)} pixels with ${given("cin", g.cin)} channels goes through a ${given("k", g.k)}×${g.k} convolution ("same" padding, stride 1) that gives ${given("cout", g.cout)} channels. ${ask}`;

const DEPTHWISE: Generator[] = [
  (r) => {
    const g = convGivens(r);
    const m = g.cmp.standard.madds;
    return {
      id: "standard-madds",
      title: "A standard convolution's multiply-adds",
      prompt: convPrompt(g, "How many multiply-adds does the standard convolution do?"),
      answer: exact(m),
      hint: NUMBER_HINT_EXACT,
      solution: [
        "Every output position (h·w of them, since the padding keeps the size) needs one multiply-add per kernel weight.",
        `Weights: k²·c_in·c_out = ${g.k}² × ${g.cin} × ${g.cout} = ${f(g.cmp.standard.params)}.`,
        `Multiply-adds: h·w·k²·c_in·c_out = ${g.h} × ${g.h} × ${f(g.cmp.standard.params)} = ${f(m)} (${formatSI(m)}).`,
      ],
      mistakes: [
        { value: g.cmp.standard.params, why: "that is the number of weights; each is used once per output position." },
        { value: g.h * g.h * g.cin * g.cout, why: "the k² of the kernel window is missing." },
      ],
    };
  },
  (r) => {
    const g = convGivens(r);
    const { depthwise, pointwise, total } = g.cmp.separable;
    return {
      id: "separable-madds",
      title: "The depthwise separable pair's multiply-adds",
      prompt: convPrompt(
        g,
        `It is replaced by a depthwise ${g.k}×${g.k} convolution followed by a pointwise 1×1 convolution. How many multiply-adds do the two do together?`,
      ),
      answer: exact(total.madds),
      hint: NUMBER_HINT_EXACT,
      solution: [
        `Depthwise: one ${g.k}×${g.k} filter per input channel: h·w·k²·c_in = ${g.h} × ${g.h} × ${g.k}² × ${g.cin} = ${f(depthwise.madds)}.`,
        `Pointwise: a 1×1 conv mixing the channels: h·w·c_in·c_out = ${g.h} × ${g.h} × ${g.cin} × ${g.cout} = ${f(pointwise.madds)}.`,
        `Together: ${f(depthwise.madds)} + ${f(pointwise.madds)} = ${f(total.madds)} (${formatSI(total.madds)}).`,
      ],
      mistakes: [
        { value: depthwise.madds, why: "that is the depthwise layer alone; add the pointwise 1×1 layer." },
        { value: pointwise.madds, why: "that is the pointwise layer alone; add the depthwise layer." },
        { value: total.params, why: "that is the number of weights; multiply by the h·w output positions." },
      ],
    };
  },
  (r) => {
    const g = convGivens(r);
    const ratio = separableRatio(g.cout, g.k);
    return {
      id: "saving",
      title: "How many times cheaper?",
      prompt: convPrompt(
        g,
        "By what factor is the depthwise separable pair cheaper than the standard convolution (standard ÷ separable)?",
      ),
      answer: approx(g.cmp.saving, 0.005),
      hint: NUMBER_HINT_FACTOR(3),
      solution: [
        "The separable pair over the standard conv: (k²·c_in + c_in·c_out) / (k²·c_in·c_out) = 1/c_out + 1/k²; h, w and c_in cancel.",
        `1/${g.cout} + 1/${g.k * g.k} = ${ratio.toFixed(5)}.`,
        `Cheaper by 1 / ${ratio.toFixed(5)} = ${g.cmp.saving.toFixed(3)}×.`,
      ],
      mistakes: [
        {
          value: g.k * g.k,
          why: `k² = ${g.k * g.k} is only the limit for very many output channels; 1/c_out adds to it.`,
        },
        { value: ratio, why: "that is separable ÷ standard; the question asks how many times cheaper (its inverse)." },
      ],
    };
  },
];

// ---- Bottleneck vs inverted residual --------------------------------------------------------------------------

function blockGivens(r: Rng) {
  const h = pick(r, [7, 14, 28, 56]);
  const d1 = pick(r, [16, 24, 32, 64, 96, 160]);
  const t = pick(r, [2, 3, 4, 6]);
  const d2 = r() < 0.4 ? d1 : pick(r, [24, 32, 64, 96, 160, 320]);
  return { h, d1, t, d2, k: 3 };
}

const blockPrompt = (g: ReturnType<typeof blockGivens>, ask: string): PromptPart[] =>
  sentence`An inverted residual block takes a ${given("h", g.h)}×${given("w", g.h)} feature map with d′ = ${given("d1", g.d1)} channels, expands it by t = ${given("t", g.t)}, filters it with a depthwise ${given("k", g.k)}×${g.k} convolution (stride 1) and projects it to d″ = ${given("d2", g.d2)} channels. ${ask}`;

const INVERTED_RESIDUAL: Generator[] = [
  (r) => {
    const g = blockGivens(r);
    const wide = g.t * g.d1;
    const cost = g.h * g.h * g.d1 * g.t * (g.d1 + g.k * g.k + g.d2);
    return {
      id: "block-cost",
      title: "The paper's block cost",
      prompt: blockPrompt(g, "How many multiply-adds does the block do (the paper's formula h·w·d′·t·(d′ + k² + d″))?"),
      answer: exact(cost),
      hint: NUMBER_HINT_EXACT,
      solution: [
        `Expansion 1×1: h·w·d′·(t·d′) = ${g.h}·${g.h}·${g.d1}·${wide} = ${f(g.h * g.h * g.d1 * wide)}.`,
        `Depthwise ${g.k}×${g.k}: h·w·(t·d′)·k² = ${g.h}·${g.h}·${wide}·${g.k * g.k} = ${f(g.h * g.h * wide * g.k * g.k)}.`,
        `Projection 1×1: h·w·(t·d′)·d″ = ${g.h}·${g.h}·${wide}·${g.d2} = ${f(g.h * g.h * wide * g.d2)}.`,
        `Sum, as the paper factors it: h·w·d′·t·(d′ + k² + d″) = ${g.h}·${g.h}·${g.d1}·${g.t}·(${g.d1} + ${g.k * g.k} + ${g.d2}) = ${f(cost)} (${formatSI(cost)}).`,
      ],
      mistakes: [
        { value: g.h * g.h * g.d1 * (g.d1 + g.k * g.k + g.d2), why: "the expansion factor t is missing." },
        { value: g.h * g.h * g.d1 * g.t * (g.d1 + g.d2), why: "the depthwise layer's k² term is missing." },
      ],
    };
  },
  (r) => {
    const g = blockGivens(r);
    const wide = g.t * g.d1;
    const expand = g.d1 * wide + 2 * wide;
    const dw = g.k * g.k * wide + 2 * wide;
    const project = wide * g.d2 + 2 * g.d2;
    const total = expand + dw + project;
    return {
      id: "block-params",
      title: "The block's parameters",
      prompt: blockPrompt(
        g,
        "How many trainable parameters does the block have? Each convolution has no bias and is followed by a BatchNorm with two parameters (γ and β) per channel.",
      ),
      answer: exact(total),
      hint: NUMBER_HINT_EXACT,
      solution: [
        `Expanded channels: t·d′ = ${g.t} × ${g.d1} = ${wide}.`,
        `Expansion 1×1: d′·t·d′ + 2·t·d′ = ${g.d1}·${wide} + 2·${wide} = ${f(expand)}.`,
        `Depthwise ${g.k}×${g.k}: k²·t·d′ + 2·t·d′ = ${g.k * g.k}·${wide} + 2·${wide} = ${f(dw)}.`,
        `Projection 1×1: t·d′·d″ + 2·d″ = ${wide}·${g.d2} + 2·${g.d2} = ${f(project)}.`,
        `Total: ${f(expand)} + ${f(dw)} + ${f(project)} = ${f(total)}. (The spatial size does not matter: weights are shared across positions.)`,
      ],
      mistakes: [
        {
          value: g.d1 * wide + g.k * g.k * wide + wide * g.d2,
          why: "those are the convolution weights; add BatchNorm's γ and β (2 per channel of each layer).",
        },
        { value: g.h * g.h * g.d1 * g.t * (g.d1 + g.k * g.k + g.d2), why: "that is the multiply-add count." },
      ],
    };
  },
  (r) => {
    const cin = pick(r, [16, 24, 32, 64, 96]);
    const s = pick(r, [1, 1, 2]);
    const cout =
      r() < 0.5
        ? cin
        : pick(
            r,
            [24, 32, 64, 96, 160].filter((c) => c !== cin),
          );
    const t = pick(r, [1, 6]);
    const yes = s === 1 && cin === cout;
    return {
      id: "shortcut",
      title: "Shortcut or not?",
      prompt: sentence`A block takes ${given("cin", cin)} channels and gives ${given("cout", cout)} channels, with stride ${given("s", s)} and expansion t = ${given("t", t)}. Does it have the residual shortcut (its input added to its output)?`,
      answer: { kind: "choice", value: yes ? "yes" : "no", options: ["yes", "no"] },
      hint: "Type yes or no.",
      solution: [
        "The input can only be added to the output when both have the same shape: stride 1 (same height and width) and the same number of channels. The expansion factor does not matter.",
        `Here: ${residualReason(s, cin, cout)}.`,
      ],
      mistakes: [],
    };
  },
];

// ---- Linear bottleneck ------------------------------------------------------------------------------------------

const LINEAR_BOTTLENECK: Generator[] = [
  (r) => {
    const n = int(r, 5, 8);
    let v: number[];
    do v = Array.from({ length: n }, () => (int(r, 1, 40) / 10) * (r() < 0.5 ? -1 : 1));
    while (v.every((x) => x < 0) || v.every((x) => x > 0));
    const zeros = v.filter((x) => x < 0).length;
    return {
      id: "relu-zeros",
      title: "What a ReLU throws away",
      prompt: sentence`One point of the spiral, embedded in n = ${given("n", n)} dimensions by T, is T·x = (${given("v", v.join(","), v.map((x) => x.toFixed(1)).join(", "))}). How many of its coordinates does ReLU set to zero?`,
      answer: exact(zeros),
      hint: "A whole number.",
      solution: [
        "ReLU keeps positive coordinates and sets every negative one to 0.",
        `ReLU(T·x) = (${v.map((x) => Math.max(x, 0).toFixed(1)).join(", ")}).`,
        `Negative here: ${v
          .filter((x) => x < 0)
          .map((x) => x.toFixed(1))
          .join(", ")}, so ${zeros} of the ${n} coordinates become 0 and ${n - zeros} survive.`,
        "What was in the zeroed coordinates is lost; the 2-D point can still be recovered only from the survivors.",
      ],
      mistakes: [{ value: n - zeros, why: "that is how many coordinates survive (the positive ones)." }],
    };
  },
  (r) => {
    const n = int(r, 2, 12);
    const p = 1 - (n + 1) / 2 ** n;
    return {
      id: "survive",
      title: "Enough coordinates left?",
      prompt: sentence`Suppose each of the n = ${given("n", n)} coordinates of T·x is negative with probability ½, independently. A 2-D point can be recovered after the ReLU only if at least 2 coordinates survive (stay positive). What is the probability of that?`,
      answer: { kind: "number", value: p, tolerance: { rel: 0, abs: 0.0015 }, exact: false },
      hint: "A decimal such as 0.84 or a percentage such as 84%, to three decimals (0.1%).",
      solution: [
        `The surviving count is binomial(n = ${n}, ½). Each of the 2^${n} = ${f(2 ** n)} sign patterns is equally likely.`,
        `Fewer than 2 survive in 1 pattern (none survive) plus ${n} patterns (exactly one survives): ${n + 1} patterns.`,
        `P(at least 2) = 1 − ${n + 1}/${f(2 ** n)} = ${p.toFixed(4)} (${(p * 100).toFixed(1)}%). The wider the layer, the closer to 1: this is why the paper puts ReLUs only in the wide, expanded layers.`,
      ],
      mistakes: [
        { value: 1 - 1 / 2 ** n, why: "that is P(at least one survives); two are needed for a 2-D point." },
        { value: (n + 1) / 2 ** n, why: "that is the probability that fewer than two survive." },
      ],
    };
  },
  (r) => {
    const d1 = pick(r, [16, 24, 32, 64, 96, 160]);
    const t = pick(r, [2, 4, 6]);
    const d2 = pick(r, [16, 24, 32, 64, 96, 160, 320]);
    const w = t * d1 * d2;
    return {
      id: "projection-weights",
      title: "The linear projection's weights",
      prompt: sentence`A block expands d′ = ${given("d1", d1)} channels by t = ${given("t", t)} and its linear 1×1 projection (no activation after it) squeezes them to d″ = ${given("d2", d2)} channels. How many weights has the projection (no bias)?`,
      answer: exact(w),
      hint: NUMBER_HINT_EXACT,
      solution: [
        `The projection's input is the expanded tensor: t·d′ = ${t} × ${d1} = ${t * d1} channels.`,
        `A 1×1 conv has one weight per (input, output) channel pair: ${t * d1} × ${d2} = ${f(w)}.`,
      ],
      mistakes: [{ value: d1 * d2, why: "the projection's input is the expanded tensor, t·d′ channels, not d′." }],
    };
  },
];

// ---- ReLU6 ------------------------------------------------------------------------------------------------------

const relu6Of = (x: number) => Math.min(Math.max(x, 0), 6);

const RELU6: Generator[] = [
  (r) => {
    const xs = Array.from({ length: 5 }, () => int(r, -40, 100) / 10);
    if (!xs.some((x) => x > 6)) xs[int(r, 0, 4)] = int(r, 61, 120) / 10;
    if (!xs.some((x) => x < 0)) xs[int(r, 0, 4)] = -int(r, 1, 40) / 10;
    const ys = xs.map(relu6Of);
    return {
      id: "relu6-values",
      title: "ReLU6 by hand",
      prompt: sentence`What does ReLU6 give for the inputs (${given("x", xs.join(","), xs.join(", "))}), in order?`,
      answer: { kind: "list", value: ys, abs: 0.001 },
      hint: "The five outputs in order, separated by commas: 0, 3.5, 6, …",
      solution: [
        "ReLU6(x) = min(max(x, 0), 6): negatives become 0, values above 6 become 6, the rest pass unchanged.",
        xs.map((x, i) => `ReLU6(${x}) = ${ys[i]}`).join("; "),
      ],
      mistakes: [{ value: xs.map((x) => Math.max(x, 0)), why: "that is plain ReLU; ReLU6 also caps at 6." }],
    };
  },
  (r) => {
    const bits = int(r, 3, 8);
    const step = stepSize({ lo: 0, hi: 6, bits });
    return {
      id: "step",
      title: "ReLU6's quantization step",
      prompt: sentence`An activation after ReLU6 is stored with ${given("bits", bits)} bits on the fixed range [0, 6], in equal steps from the lowest level to the highest. How wide is one step?`,
      answer: approx(step, 0.005),
      hint: NUMBER_HINT_FACTOR(3),
      solution: [
        `${bits} bits give 2^${bits} = ${2 ** bits} levels, so ${2 ** bits - 1} steps between 0 and 6.`,
        `Step = 6 / ${2 ** bits - 1} = ${step.toFixed(5)}.`,
      ],
      mistakes: [{ value: 6 / 2 ** bits, why: `${2 ** bits} levels make ${2 ** bits - 1} steps, not ${2 ** bits}.` }],
    };
  },
  (r) => {
    const bits = int(r, 4, 8);
    const max = int(r, 70, 400) / 10;
    const ratio = max / 6;
    return {
      id: "coarser",
      title: "How much coarser is plain ReLU's grid?",
      prompt: sentence`A layer with plain ReLU has its largest activation at ${given("max", max, String(max))}, so its ${given("bits", bits)}-bit grid must cover [0, max]. ReLU6's covers [0, 6]. How many times wider is a step of the ReLU grid?`,
      answer: approx(ratio, 0.005),
      hint: NUMBER_HINT_FACTOR(3),
      solution: [
        `ReLU grid step: ${max} / (2^${bits} − 1) = ${stepSize({ lo: 0, hi: max, bits }).toFixed(5)}; ReLU6 grid step: 6 / (2^${bits} − 1) = ${stepSize({ lo: 0, hi: 6, bits }).toFixed(5)}.`,
        `The number of steps cancels: ${max} / 6 = ${ratio.toFixed(3)}× coarser, whatever the number of bits.`,
      ],
      mistakes: [{ value: 6 / max, why: "that is ReLU6's step over ReLU's; the question asks the other way round." }],
    };
  },
];

// ---- Width multiplier and resolution ----------------------------------------------------------------------------

const WIDTH_RESOLUTION: Generator[] = [
  (r) => {
    const width = pick(r, [0.35, 0.5, 0.75, 1.3, 1.4]);
    const res = pick(r, [96, 128, 160, 192]);
    const base = traceMobileNetV2(DEFAULT_CONFIG).totals.madds;
    const est = base * width * width * (res / 224) ** 2;
    const actual = traceMobileNetV2({ ...DEFAULT_CONFIG, width, resolution: res }).totals.madds;
    return {
      id: "estimate",
      title: "Estimate the multiply-adds",
      prompt: sentence`At width 1.0 and 224×224 the network does ${given("base", base, `${formatInt(base)}`)} multiply-adds. Estimate its multiply-adds at width α = ${given("alpha", width, String(width))} and resolution ${given("res", res)}×${res} with the rule of thumb: cost grows with α² and with the resolution squared.`,
      answer: approx(est, 0.01),
      hint: "A number, within 1%: 151,234,567 or 151.2M.",
      solution: [
        `Width: α² = ${width}² = ${(width * width).toFixed(4)}. Resolution: (${res}/224)² = ${((res / 224) ** 2).toFixed(4)}.`,
        `Estimate: ${formatInt(base)} × ${(width * width).toFixed(4)} × ${((res / 224) ** 2).toFixed(4)} = ${formatInt(est)} (${formatSI(est)}).`,
        `The network counted layer by layer does ${formatInt(actual)} (${formatSI(actual)}): channels are rounded to multiples of 8, the last conv keeps 1280 channels below width 1, and the classifier's cost does not depend on the resolution.`,
      ],
      mistakes: [
        { value: base * width * (res / 224), why: "both factors enter squared: α² and (resolution/224)²." },
        { value: base * width * width, why: "the resolution factor (resolution/224)² is missing." },
        { value: base * (res / 224) ** 2, why: "the width factor α² is missing." },
        { value: actual, why: "that is the exact count; the question asks for the rule-of-thumb estimate." },
      ],
    };
  },
  (r) => {
    const row = int(r, 2, 7);
    const c = PAPER_ROWS[row - 1].c;
    const width = pick(r, [0.35, 0.5, 0.75, 1.3, 1.4]);
    const ch = makeDivisible(c * width);
    const nearest = Math.max(8, Math.floor((c * width + 4) / 8) * 8);
    return {
      id: "row-channels",
      title: "Channels after rounding",
      prompt: sentence`Row ${given("row", row)} of Table 2 has c = ${given("c", c)} channels. How many does it have at width α = ${given("alpha", width, String(width))} in torchvision and Keras, which round c·α to the nearest multiple of 8 (at least 8, and never more than 10% below c·α)?`,
      answer: exact(ch),
      hint: "A whole number.",
      solution: [
        `c·α = ${c} × ${width} = ${Number((c * width).toFixed(4))}.`,
        `Nearest multiple of 8 (at least 8): ${nearest}.`,
        nearest < 0.9 * c * width
          ? `${nearest} is more than 10% below ${Number((c * width).toFixed(4))}, so add 8: ${ch}.`
          : `${nearest} is within 10% of ${Number((c * width).toFixed(4))}, so it stays: ${ch}.`,
      ],
      mistakes:
        Math.floor(c * width) !== ch
          ? [
              {
                value: Math.floor(c * width),
                why: "that is int(c·α), the from-scratch tutorial's convention; the reference rounds to a multiple of 8.",
              },
            ]
          : [],
    };
  },
  (r) => {
    const res = pick(r, [96, 128, 160, 192, 256, 320]);
    const p = traceMobileNetV2(DEFAULT_CONFIG).totals.params;
    const pr = traceMobileNetV2({ ...DEFAULT_CONFIG, resolution: res }).totals.params;
    return {
      id: "params-resolution",
      title: "Parameters at another resolution",
      prompt: sentence`At width 1.0 and 224×224 the network has ${given("params", p)} parameters. How many does it have at width 1.0 and ${given("res", res)}×${res}?`,
      answer: exact(pr),
      hint: NUMBER_HINT_EXACT,
      solution: [
        "A convolution's weights are shared by every position of the feature map, and global average pooling makes the classifier's input 1280 channels at any size.",
        `So the resolution changes the multiply-adds but not the parameters: still ${formatInt(pr)}.`,
      ],
      mistakes: [
        {
          value: p * (res / 224) ** 2,
          why: "parameters do not grow with the image: the weights are shared by all positions.",
        },
      ],
    };
  },
];

// ---- The architecture (Table 2) ---------------------------------------------------------------------------------

const ROW_NAMES = (rows: readonly BottleneckRow[]) => rows.map((x) => `(${x.t}, ${x.c}, ${x.n}, ${x.s})`).join(", ");

const ARCHITECTURE: Generator[] = [
  (r) => {
    const res = pick(r, [96, 128, 160, 192, 224, 256, 288, 320]);
    const row = int(r, 1, 7);
    const cfg = { ...DEFAULT_CONFIG, resolution: res };
    const last = blockSpecs(cfg).filter((b) => b.row === row);
    const trace = traceMobileNetV2(cfg);
    const shape = trace.groups.find((g) => g.group === last[last.length - 1].prefix)!.outShape;
    let size = sameOutput(res, 2);
    const steps = [`Stem: 3×3 conv, stride 2: ${res} → ${size}.`];
    PAPER_ROWS.slice(0, row).forEach((x, i) => {
      const next = sameOutput(size, x.s);
      steps.push(`Row ${i + 1} (s = ${x.s}): ${x.s === 2 ? `${size} → ${next}` : `stays ${size}`}.`);
      size = next;
    });
    steps.push(`Channels: row ${row}'s c = ${PAPER_ROWS[row - 1].c}. Shape: ${shape.join("×")}.`);
    return {
      id: "row-shape",
      title: "A tensor's shape",
      prompt: sentence`For a ${given("res", res)}×${res} input at width 1.0, what is the shape of the tensor after row ${given("row", row)} of Table 2 (height × width × channels)?`,
      answer: { kind: "shape", value: shape },
      hint: "Height × width × channels: 14×14×64 or 14x14x64.",
      solution: [
        "Only the stem and the first block of each row with s = 2 halve the height and width (rounding up); each row ends with c channels.",
        ...steps,
      ],
      mistakes: [],
    };
  },
  (r) => {
    const rows: BottleneckRow[] = [];
    let c = 32;
    const nRows = int(r, 3, 4);
    for (let i = 0; i < nRows; i++) {
      c =
        r() < 0.35
          ? c
          : pick(
              r,
              [16, 24, 32, 48, 64].filter((x) => x !== c),
            );
      rows.push({ t: pick(r, [1, 6]), c, n: int(r, 1, 3), s: r() < 0.4 ? 2 : 1 });
    }
    const blocks = blockSpecs({ ...DEFAULT_CONFIG, rows });
    const answer = blocks.filter((b) => b.residual).map((b) => b.index);
    return {
      id: "shortcuts",
      title: "Which blocks have a shortcut?",
      prompt: sentence`A small network has a stem with 32 channels, then the rows (t, c, n, s) = ${given("rows", rows.map((x) => `${x.t}-${x.c}-${x.n}-${x.s}`).join("_"), ROW_NAMES(rows))}. Its blocks are numbered from 0 in order (Keras calls them expanded_conv, block_1, block_2, …). Which have a residual shortcut?`,
      answer: { kind: "set", value: answer },
      hint: "The block numbers, in any order: 2, 4, 5 (or none).",
      solution: [
        "A block has the shortcut when its stride is 1 and its input channels equal its output channels. Only the first block of a row has stride s and can change the channels; its repeats have stride 1 and c in and out.",
        ...blocks.map(
          (b) =>
            `Block ${b.index} (row ${b.row}): ${b.cin} → ${b.cout} channels, stride ${b.stride}: ${b.residual ? "shortcut" : "none"}.`,
        ),
        `Answer: ${answer.length ? answer.join(", ") : "none"}.`,
      ],
      mistakes: [],
    };
  },
  (r) => {
    const index = int(r, 0, 16);
    const b = blockSpecs(DEFAULT_CONFIG)[index];
    const trace = traceMobileNetV2(DEFAULT_CONFIG);
    const params = trace.groups.find((g) => g.group === b.prefix)!.params;
    const steps = b.hasExpansion
      ? [`Expansion 1×1: ${b.cin}·${b.expanded} + 2·${b.expanded} = ${f(b.cin * b.expanded + 2 * b.expanded)}.`]
      : ["t = 1: torchvision and Keras build no expansion layer in this block."];
    steps.push(
      `Depthwise 3×3: 9·${b.expanded} + 2·${b.expanded} = ${f(11 * b.expanded)}.`,
      `Projection 1×1: ${b.expanded}·${b.cout} + 2·${b.cout} = ${f(b.expanded * b.cout + 2 * b.cout)}.`,
      `Total: ${f(params)}.`,
    );
    return {
      id: "block-params",
      title: "Parameters of one block",
      prompt: sentence`At width 1.0, how many trainable parameters does block ${given("block", index)} (Keras name ${b.prefix}) have? It belongs to row ${b.row}; count the convolutions' weights (no bias) and BatchNorm's γ and β.`,
      answer: exact(params),
      hint: NUMBER_HINT_EXACT,
      solution: [
        `Block ${index} is repeat ${b.repeat + 1} of row ${b.row}: ${b.cin} input channels, t = ${b.t}, so ${b.expanded} expanded channels, and ${b.cout} output channels.`,
        ...steps,
      ],
      mistakes: [
        {
          value: (b.hasExpansion ? b.cin * b.expanded : 0) + 9 * b.expanded + b.expanded * b.cout,
          why: "those are the convolution weights; add BatchNorm's γ and β (2 per channel of each layer).",
        },
      ],
    };
  },
];

// ---- Activations explorer ------------------------------------------------------------------------------------

const ACTIVATIONS: Generator[] = [
  (r) => {
    const p = r() < 0.5 ? int(r, 1, 100) : int(r, 155, 255);
    const x = p / 127.5 - 1;
    return {
      id: "pixel",
      title: "A pixel in the network's range",
      prompt: sentence`The network takes pixel values in [−1, 1]: each 0…255 value p becomes p / 127.5 − 1. What does a pixel value of ${given("p", p)} become?`,
      answer: approx(x, 0.005),
      hint: NUMBER_HINT_FACTOR(3),
      solution: [
        "127.5 is half of 255, so p / 127.5 runs from 0 to 2, and subtracting 1 moves it to [−1, 1].",
        `${p} / 127.5 = ${(p / 127.5).toFixed(5)}; minus 1: ${x.toFixed(5)}.`,
      ],
      mistakes: [{ value: p / 255, why: "that is p / 255, the range [0, 1]; this network wants [−1, 1]." }],
    };
  },
  (r) => {
    const h = int(r, 20, 60) * 10;
    const w = h + int(r, 5, 40) * 10;
    const x = (w - h) / 2;
    return {
      id: "crop",
      title: "Where the crop starts",
      prompt: sentence`A photo is ${given("w", w)} pixels wide and ${given("h", h)} high. The page cuts out the largest centred square before resizing it. How many pixels from the left edge does the square start?`,
      answer: exact(x),
      hint: NUMBER_HINT_EXACT,
      solution: [
        `The largest square has the shorter side: ${f(h)}×${f(h)}.`,
        `Centred, it leaves (${f(w)} − ${f(h)}) / 2 = ${f(x)} pixels on each side, so it starts at x = ${f(x)}.`,
      ],
      mistakes: [{ value: w - h, why: "that is the whole width cut away; centring splits it between both sides." }],
    };
  },
  (r) => {
    const res = pick(r, [160, 192, 224]);
    const blocks = blockSpecs({ ...DEFAULT_CONFIG, resolution: res });
    const k = int(r, 1, blocks.length - 1);
    let size = sameOutput(res, 2);
    const steps = [`Stem: 3×3 conv, stride 2: ${res} → ${size}.`];
    for (const b of blocks.slice(0, k))
      if (b.stride === 2) {
        const next = sameOutput(size, 2);
        steps.push(`Block ${b.index} has stride 2: ${size} → ${next}.`);
        size = next;
      }
    const b = blocks[k];
    steps.push(
      `Block ${k}'s expansion works before its own depthwise layer, on its ${size}×${size} input, and widens its ${b.cin} channels ${b.t} times: ${b.expanded}.`,
    );
    return {
      id: "expansion-shape",
      title: "The shape of an expansion",
      prompt: sentence`For a ${given("res", res)}×${res} photo at width 1.0, what is the shape of the output of block ${given("block", k)}'s expansion layer (height × width × channels)?`,
      answer: { kind: "shape", value: [size, size, b.expanded] },
      hint: "Height × width × channels: 14×14×64 or 14x14x64.",
      solution: ["Only the stem and the blocks with stride 2 halve the height and width (rounding up).", ...steps],
      mistakes: [],
    };
  },
];

// ---- Inside the trained network ---------------------------------------------------------------------------------

const INSIDE: Generator[] = [
  (r) => {
    const res = pick(r, [96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256]);
    const sizes = [res];
    for (let i = 0; i < 5; i++) sizes.push(sameOutput(sizes[i], 2));
    const size = sizes[5];
    return {
      id: "last-map",
      title: "How coarse is Grad-CAM?",
      prompt: sentence`Grad-CAM on the last convolution gives one value per cell of its feature map. For a ${given("res", res)}×${res} input, how many cells does that map have along one side?`,
      answer: exact(size),
      hint: NUMBER_HINT_EXACT,
      solution: [
        "Five layers have stride 2 (the stem and the first blocks of rows 2, 3, 4 and 6); each halves the side, rounding up.",
        `${sizes
          .slice(1)
          .map((v, i) => `⌈${sizes[i]} / 2⌉ = ${v}`)
          .join("; ")}: the map is ${size}×${size} cells.`,
      ],
      mistakes: [{ value: res / 32, why: "each halving rounds up, so the side is a whole number of cells." }],
    };
  },
  (r) => {
    const blocks = blockSpecs(DEFAULT_CONFIG);
    const k = int(r, 0, 8);
    let field = 3;
    let jump = 2;
    const steps = ["Stem: one 3×3 conv at stride 2: 3 pixels; neighbouring cells are now 2 pixels apart."];
    for (const b of blocks.slice(0, k + 1)) {
      const add = 2 * jump;
      steps.push(
        `Block ${b.index}'s 3×3 depthwise adds 2 × ${jump} = ${add}: ${field + add} pixels.${b.stride === 2 ? ` Its stride 2 makes cells ${jump * 2} pixels apart.` : ""}`,
      );
      field += add;
      jump *= b.stride;
    }
    return {
      id: "field",
      title: "A theoretical receptive field",
      prompt: sentence`How many input pixels wide is the theoretical receptive field of one cell of block ${given("block", k)}'s depthwise output? (1×1 convolutions add nothing; each 3×3 adds two steps of the distance between cells so far.)`,
      answer: exact(field),
      hint: NUMBER_HINT_EXACT,
      solution: steps,
      mistakes: [
        {
          value: 3 + 2 * (k + 1),
          why: "that adds 2 pixels per 3×3, ignoring the strides: after a stride 2, one step of a cell is 2, 4, 8… input pixels.",
        },
      ],
    };
  },
  (r) => {
    const scale = pick(r, [0.004, 0.005, 0.008, 0.01, 0.0125, 0.02]);
    const q = int(r, -120, 120) || 7;
    const frac = (r() < 0.5 ? 1 : -1) * (0.1 + 0.3 * r());
    const w = Number(((q + frac) * scale).toFixed(6));
    const stored = Math.max(-127, Math.min(127, Math.round(w / scale)));
    return {
      id: "int8-weight",
      title: "A weight in int8",
      prompt: sentence`The int8 checkpoint stores a weight as the integer q = round(w / scale), between −127 and 127. With a scale of ${given("scale", scale, String(scale))}, which integer stores the weight w = ${given("w", w, String(w))}?`,
      answer: exact(stored),
      hint: "A whole number between −127 and 127.",
      solution: [
        `w / scale = ${w} / ${scale} = ${(w / scale).toFixed(4)}.`,
        `Rounded to the nearest integer: ${stored}. Read back, it is ${stored} × ${scale} = ${Number((stored * scale).toFixed(6))}, off by ${Number(Math.abs(stored * scale - w).toFixed(6))}, at most half a step (${scale / 2}).`,
      ],
      mistakes: [
        { value: Math.trunc(w / scale), why: "that cuts the fraction off; the file rounds to the nearest integer." },
      ],
    };
  },
];

// ---- Transfer learning ------------------------------------------------------------------------------------------

const TRANSFER: Generator[] = [
  (r) => {
    const classes = int(r, 2, 5);
    const features = 1280;
    return {
      id: "head-params",
      title: "The new head's weights",
      prompt: sentence`The new classifier reads the ${given("features", features)} features of the pretrained network and scores ${given("classes", classes)} classes, with a weight per feature and class and a bias per class. How many numbers does head-only training learn?`,
      answer: exact(features * classes + classes),
      hint: NUMBER_HINT_EXACT,
      solution: [
        `Weights: ${f(features)} × ${classes} = ${f(features * classes)}.`,
        `Biases: ${classes}. Total: ${f(features * classes + classes)}.`,
      ],
      mistakes: [{ value: features * classes, why: "each class also has a bias." }],
    };
  },
  (r) => {
    const counts = Array.from({ length: 3 }, () => int(r, 2, 20));
    const held = counts.map((n) => Math.min(n - 1, Math.max(1, Math.round(n / 4))));
    const total = held.reduce((a, b) => a + b, 0);
    return {
      id: "held-out",
      title: "How many images are held out?",
      prompt: sentence`Three classes have ${given("counts", counts.join(","), counts.join(", "))} images. Each class holds out a quarter of its images, rounded to the nearest whole image (a half rounds up), at least one and never all. How many images are held out in total?`,
      answer: exact(total),
      hint: NUMBER_HINT_EXACT,
      solution: [
        ...counts.map(
          (n, i) => `${n} / 4 = ${n / 4} → ${held[i]}${held[i] !== Math.round(n / 4) ? " (the bounds)" : ""}.`,
        ),
        `Total: ${held.join(" + ")} = ${total}.`,
      ],
      mistakes: [
        {
          value: Math.round(counts.reduce((a, b) => a + b, 0) / 4),
          why: "the quarter is taken class by class, each rounded on its own.",
        },
      ],
    };
  },
  (r) => {
    const images = int(r, 10, 80);
    const copies = int(r, 1, 4);
    const mb = (images * (1 + copies) * 1280 * 4) / 1e6;
    return {
      id: "cache-size",
      title: "The size of the feature cache",
      prompt: sentence`Head-only training computes the 1,280 features of each training image once and keeps them as 4-byte floats: for ${given("images", images)} training images, each with ${given("copies", copies)} augmented ${copies === 1 ? "copy" : "copies"} as well, how many megabytes (1 MB = 1,000,000 bytes) is the cache?`,
      answer: approx(mb, 0.005),
      hint: NUMBER_HINT_FACTOR(3),
      solution: [
        `Feature vectors: ${images} × (1 + ${copies}) = ${images * (1 + copies)} (each image and its copies).`,
        `Bytes: ${images * (1 + copies)} × 1,280 × 4 = ${f(images * (1 + copies) * 1280 * 4)}, i.e. ${Number(mb.toFixed(4))} MB.`,
      ],
      mistakes:
        copies > 0
          ? [
              {
                value: (images * copies * 1280 * 4) / 1e6,
                why: "the original images are cached too, besides their copies.",
              },
            ]
          : [],
    };
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Pages

/** The walkthrough pages that carry exercises, with their titles, in the site's order. */
export const EXERCISE_PAGES = {
  overview: { title: "Overview", generators: OVERVIEW },
  "depthwise-separable": { title: "Depthwise separable convolution", generators: DEPTHWISE },
  "inverted-residual": { title: "Bottleneck vs inverted residual", generators: INVERTED_RESIDUAL },
  "linear-bottleneck": { title: "Linear bottleneck", generators: LINEAR_BOTTLENECK },
  relu6: { title: "ReLU6", generators: RELU6 },
  architecture: { title: "The architecture (Table 2)", generators: ARCHITECTURE },
  "width-resolution": { title: "Width multiplier and resolution", generators: WIDTH_RESOLUTION },
  activations: { title: "Activations explorer", generators: ACTIVATIONS },
  inside: { title: "Inside the trained network", generators: INSIDE },
  transfer: { title: "Transfer learning", generators: TRANSFER },
} as const;

export type ExercisePage = keyof typeof EXERCISE_PAGES;

/** The questions of `page` for question set `seed`: the same seed always gives the same numbers. */
export function exercisesFor(page: ExercisePage, seed: number): Question[] {
  return EXERCISE_PAGES[page].generators.map((g, i) =>
    g(mulberry32(hash(`${page}/${i}`) ^ Math.imul(seed, 0x9e3779b1))),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The Playground: questions on the network the reader configured

/** What the questions on a configured network take as given: the page shows it once, above the questions. */
export function networkGivens(cfg: SiteConfig): PromptPart[] {
  return [
    "Your network: width α = ",
    given("alpha", cfg.width, String(cfg.width)),
    ", a ",
    given("res", cfg.resolution),
    `×${cfg.resolution} input, channels rounded the `,
    given("convention", cfg.convention, cfg.convention === "reference" ? "reference way" : "from-scratch way"),
    cfg.convention === "reference"
      ? " (c·α to a multiple of 8, at least 8, never more than 10% below; no expansion layer when t = 1)"
      : " (int(c·α), and an expansion layer even when t = 1)",
    ", a stem of ",
    given("stem", cfg.stemChannels),
    " channels before scaling, and the rows (t, c, n, s) = ",
    given("rows", cfg.rows.map((x) => `${x.t}-${x.c}-${x.n}-${x.s}`).join("_"), ROW_NAMES(cfg.rows)),
    ".",
  ];
}

const NETWORK: ((r: Rng, cfg: SiteConfig) => Question)[] = [
  (r, cfg) => {
    const row = int(r, 1, cfg.rows.length);
    const blocks = blockSpecs(cfg);
    const last = blocks.filter((b) => b.row === row).at(-1)!;
    const shape = traceMobileNetV2(cfg).groups.find((g) => g.group === last.prefix)!.outShape;
    let size = sameOutput(cfg.resolution, 2);
    const steps = [`Stem, stride 2: ${cfg.resolution} → ${size}.`];
    cfg.rows.slice(0, row).forEach((x, i) => {
      const next = sameOutput(size, x.s);
      if (x.s === 2) steps.push(`Row ${i + 1} (s = 2): ${size} → ${next}.`);
      size = next;
    });
    steps.push(
      `Channels: row ${row}'s c = ${cfg.rows[row - 1].c} at width ${cfg.width} gives ${last.cout}. Shape: ${shape.join("×")}.`,
    );
    return {
      id: "row-shape",
      title: "A tensor's shape in your network",
      prompt: sentence`What is the shape of the tensor after row ${given("row", row)} of your network (height × width × channels)?`,
      answer: { kind: "shape", value: shape },
      hint: "Height × width × channels: 14×14×64 or 14x14x64.",
      solution: [
        "The stem and the first block of each row with s = 2 halve the height and width (rounding up).",
        ...steps,
      ],
      mistakes: [],
    };
  },
  (_r, cfg) => {
    const blocks = blockSpecs(cfg);
    const answer = blocks.filter((b) => b.residual).map((b) => b.index);
    return {
      id: "shortcuts",
      title: "Shortcuts in your network",
      prompt: sentence`Your network has ${given("blocks", blocks.length)} blocks, numbered from 0 (Keras calls them expanded_conv, block_1, block_2, …). Which of them have a residual shortcut?`,
      answer: { kind: "set", value: answer },
      hint: "The block numbers, in any order: 2, 4, 5 (or none).",
      solution: [
        "A block has the shortcut when its stride is 1 and its input channels equal its output channels.",
        ...blocks.map(
          (b) =>
            `Block ${b.index} (row ${b.row}): ${b.cin} → ${b.cout} channels, stride ${b.stride}: ${b.residual ? "shortcut" : "none"}.`,
        ),
      ],
      mistakes: [],
    };
  },
  (r, cfg) => {
    const blocks = blockSpecs(cfg);
    const b = blocks[int(r, 0, blocks.length - 1)];
    const params = traceMobileNetV2(cfg).groups.find((g) => g.group === b.prefix)!.params;
    return {
      id: "block-params",
      title: "Parameters of one block of your network",
      prompt: sentence`How many trainable parameters does block ${given("block", b.index)} (${b.prefix}, row ${b.row}) of your network have? Count the convolutions' weights (no bias) and BatchNorm's γ and β.`,
      answer: exact(params),
      hint: NUMBER_HINT_EXACT,
      solution: [
        `Block ${b.index}: ${b.cin} input channels, t = ${b.t}, so ${b.expanded} expanded channels, stride ${b.stride}, ${b.cout} output channels.`,
        b.hasExpansion
          ? `Expansion 1×1: ${b.cin}·${b.expanded} + 2·${b.expanded} = ${f(b.cin * b.expanded + 2 * b.expanded)}.`
          : "t = 1 in the reference convention: no expansion layer.",
        `Depthwise 3×3: 9·${b.expanded} + 2·${b.expanded} = ${f(11 * b.expanded)}.`,
        `Projection 1×1: ${b.expanded}·${b.cout} + 2·${b.cout} = ${f(b.expanded * b.cout + 2 * b.cout)}.`,
        `Total: ${f(params)}.`,
      ],
      mistakes: [
        {
          value: (b.hasExpansion ? b.cin * b.expanded : 0) + 9 * b.expanded + b.expanded * b.cout,
          why: "those are the convolution weights; add BatchNorm's γ and β (2 per channel of each layer).",
        },
      ],
    };
  },
];

/** Questions on the network `cfg` (the Playground's), for question set `seed`. */
export function networkExercises(cfg: SiteConfig, seed: number): Question[] {
  return NETWORK.map((g, i) => g(mulberry32(hash(`playground/${i}`) ^ Math.imul(seed, 0x9e3779b1)), cfg));
}

// ---------------------------------------------------------------------------------------------------------------
// Reading and checking answers

const SI: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12 };

/**
 * A number as a student may type it: digits with "," or spaces or "_" between thousands, a decimal point, an
 * exponent, an SI suffix (K, M, G, T), a trailing "×"/"x" (a factor) or "%" (divided by 100). Null when unreadable.
 */
export function parseAmount(text: string): number | null {
  let s = text.trim().replace(/[\u2212\u2013]/g, "-");
  if (s === "") return null;
  let scale = 1;
  if (/%$/.test(s)) {
    scale = 0.01;
    s = s.slice(0, -1).trim();
  } else if (/[×x*]$/i.test(s)) s = s.slice(0, -1).trim();
  const suffix = /([kmgt])$/i.exec(s);
  if (suffix) {
    scale *= SI[suffix[1].toLowerCase()];
    s = s.slice(0, -1).trim();
  }
  // Thousands separators: "1,234,567", "1 234 567", "1_234_567" (groups of three only).
  if (/^[+-]?\d{1,3}([, _\u00a0\u202f]\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/[, _\u00a0\u202f]/g, "");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const v = Number(s) * scale;
  return Number.isFinite(v) ? v : null;
}

/** "14×14×64", "14x14x64", "(14, 14, 64)", "[14 * 14 * 64]" → [14, 14, 64]; null when unreadable. */
export function parseShape(text: string): number[] | null {
  const s = text
    .trim()
    .replace(/^[([{]|[)\]}]$/g, "")
    .trim();
  if (s === "") return null;
  const parts = s.split(/\s*[×xX*,]\s*|\s+/);
  if (parts.some((p) => !/^\d+$/.test(p))) return null;
  return parts.map(Number);
}

/** "2, 4, 5", "2 4 5", "2, 4 and 5", "block_2, block_4" → [2, 4, 5] (sorted, unique); "none" → []; null if unreadable. */
export function parseSet(text: string): number[] | null {
  const s = text.trim().toLowerCase();
  if (s === "") return null;
  if (/^(none|no blocks?|no|-|–|∅|\{\s*\})$/.test(s)) return [];
  const parts = s
    .replace(/^[{[(]|[}\])]$/g, "")
    .split(/\s*(?:,|;|\band\b|\s)\s*/)
    .filter((p) => p !== "");
  const out: number[] = [];
  for (const p of parts) {
    const m = /^(?:block_?|b)?(\d+)$/.exec(p);
    if (!m) return null;
    out.push(Number(m[1]));
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** "0, 3.5, 6" → [0, 3.5, 6]; null if unreadable. */
function parseList(text: string): number[] | null {
  const s = text
    .trim()
    .replace(/^[([{]|[)\]}]$/g, "")
    .trim();
  if (s === "") return null;
  const parts = s.split(/\s*[,;]\s*|\s+/).filter((p) => p !== "");
  const out = parts.map((p) => parseAmount(p));
  return out.some((v) => v === null) ? null : (out as number[]);
}

export type Verdict =
  | { state: "empty"; message: string }
  | { state: "unreadable"; message: string }
  | { state: "right"; message: string }
  | { state: "wrong"; message: string };

const within = (a: number, b: number, t: { rel: number; abs: number }) =>
  Math.abs(a - b) <= Math.max(t.abs, t.rel * Math.abs(b), 1e-9 * Math.abs(b));

function sameList(a: readonly number[], b: readonly number[], abs = 0): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= abs + 1e-9);
}

function factorWords(got: number, want: number): string | null {
  if (got === 0 || want === 0) return null;
  const q = got / want;
  for (const [ratio, bigger] of [
    [q, true],
    [1 / q, false],
  ] as const) {
    const n = Math.round(ratio);
    if (n >= 2 && Math.abs(ratio - n) < 1e-6 * n) return `it is ${n}× too ${bigger ? "large" : "small"}.`;
  }
  return null;
}

/** Check what a student typed against a question's answer, with a reason when it is wrong. */
export function checkAnswer(q: Question, text: string): Verdict {
  const a = q.answer;
  if (text.trim() === "") return { state: "empty", message: "" };
  const right = (shown: string): Verdict => ({ state: "right", message: `Right: ${shown}.` });
  const mistake = (match: (v: Mistake["value"]) => boolean): Verdict | null => {
    const m = q.mistakes.find((x) => match(x.value));
    return m ? { state: "wrong", message: `Not yet: ${m.why}` } : null;
  };
  switch (a.kind) {
    case "number": {
      const v = parseAmount(text);
      if (v === null)
        return { state: "unreadable", message: `“${text.trim().slice(0, 30)}” is not a number I can read. ${q.hint}` };
      if (within(v, a.value, a.tolerance)) return right(formatAnswer(a));
      const t = a.exact ? { rel: 1e-9, abs: 0.5 } : a.tolerance;
      const known = mistake((m) => typeof m === "number" && within(v, m, t));
      if (known) return known;
      const factor = factorWords(v, a.value);
      if (factor) return { state: "wrong", message: `Not yet: ${factor}` };
      if (a.exact && Math.abs(v - a.value) <= 0.05 * Math.abs(a.value))
        return {
          state: "wrong",
          message: `Close, but this answer is an exact count: yours is ${v < a.value ? "below" : "above"} it by ${formatInt(Math.abs(v - a.value))}${/[kmgt]\s*$/i.test(text.trim()) ? " (a rounded K/M/G figure is not exact)" : ""}.`,
        };
      return { state: "wrong", message: `Not yet: your answer is too ${v < a.value ? "low" : "high"}.` };
    }
    case "shape": {
      const v = parseShape(text);
      if (v === null) return { state: "unreadable", message: `Write the shape as height×width×channels. ${q.hint}` };
      if (sameList(v, a.value)) return right(formatAnswer(a));
      if (v.length !== a.value.length)
        return {
          state: "wrong",
          message: `Not yet: the shape has ${a.value.length} numbers (height, width, channels).`,
        };
      const spatialOk = v[0] === a.value[0] && v[1] === a.value[1];
      const channelsOk = v[2] === a.value[2];
      return {
        state: "wrong",
        message: spatialOk
          ? "Not yet: the height and width are right, the channels are not."
          : channelsOk
            ? "Not yet: the channels are right; check which strides halve the height and width."
            : "Not yet: neither the size nor the channels are right.",
      };
    }
    case "set": {
      const v = parseSet(text);
      if (v === null) return { state: "unreadable", message: `List block numbers separated by commas. ${q.hint}` };
      if (sameList(v, a.value)) return right(formatAnswer(a));
      const missing = a.value.filter((x) => !v.includes(x)).length;
      const extra = v.filter((x) => !a.value.includes(x)).length;
      const parts = [
        missing
          ? `${missing} block${missing > 1 ? "s" : ""} with a shortcut ${missing > 1 ? "are" : "is"} missing`
          : "",
        extra ? `${extra} of yours ${extra > 1 ? "have" : "has"} no shortcut` : "",
      ].filter(Boolean);
      return { state: "wrong", message: `Not yet: ${parts.join("; ")}.` };
    }
    case "list": {
      const v = parseList(text);
      if (v === null) return { state: "unreadable", message: `Numbers separated by commas, please. ${q.hint}` };
      if (sameList(v, a.value, a.abs)) return right(formatAnswer(a));
      const known = mistake((m) => Array.isArray(m) && sameList(v, m as number[], a.abs));
      if (known) return known;
      if (v.length !== a.value.length)
        return { state: "wrong", message: `Not yet: there are ${a.value.length} outputs, one per input.` };
      const bad = v.filter((x, i) => Math.abs(x - a.value[i]) > a.abs).length;
      return { state: "wrong", message: `Not yet: ${bad} of the ${v.length} outputs ${bad > 1 ? "are" : "is"} wrong.` };
    }
    case "choice": {
      const v = text.trim().toLowerCase();
      const option = a.options.find((o) => o === v || o.startsWith(v.replace(/[.!]$/, "")));
      if (!option) return { state: "unreadable", message: `Answer ${a.options.join(" or ")}.` };
      if (option === a.value) return right(a.value);
      return { state: "wrong", message: "Not yet: look at the stride and at the channels in and out." };
    }
  }
}
