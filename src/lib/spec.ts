/**
 * MobileNetV2 as data: the paper's Table 2 (stem, seven (t, c, n, s) rows, last 1x1 conv, pooling,
 * classifier) plus the hyperparameters that scale it. No DOM, no tfjs: plain arithmetic.
 */

/** One row of Table 2: expansion factor t, output channels c, repeats n, first stride s. */
export interface BottleneckRow {
  t: number;
  c: number;
  n: number;
  s: number;
}

/**
 * How a width multiplier turns the paper's channel counts into layer widths.
 * - `reference`: torchvision / Keras / TF-slim. Channels rounded to a multiple of 8 (never below 90% of the
 *   exact value), no expansion conv in the t = 1 block, last conv kept at 1280 when width < 1.
 * - `from-scratch`: the tutorial implementation (seed 001). `int(c * width)` channels, an expansion conv even
 *   when t = 1, last conv `int(1280 * width)`.
 */
export type Convention = "reference" | "from-scratch";

/**
 * The classifier after global average pooling: `linear` (a dense layer, torchvision / Keras) or `conv1x1` (a 1×1
 * convolution on the pooled 1×1 map, then flattened, as the paper's Table 2 writes it and some from-scratch
 * implementations build it). Both have the same parameters and multiply-adds.
 */
export type HeadVariant = "linear" | "conv1x1";

export interface ArchConfig {
  /** Width multiplier alpha (1.0 = the paper's network). */
  width: number;
  /** Input height = width in pixels. */
  resolution: number;
  /** Classifier outputs (1000 for ImageNet; TF-slim checkpoints use 1001 with a background class). */
  classes: number;
  convention: Convention;
  /** Bottleneck rows; the paper's Table 2 when omitted. */
  rows?: readonly BottleneckRow[];
  /** Stem conv channels before scaling (32 in the paper). */
  stemChannels?: number;
  /** Last 1x1 conv channels before scaling (1280 in the paper). */
  lastChannels?: number;
  /**
   * true (default): conv (no bias) + BatchNorm, as trained. false: BatchNorm folded into each conv's
   * kernel and bias, as in deployed / converted models.
   */
  batchNorm?: boolean;
  /** The classifier's form (default `linear`). */
  head?: HeadVariant;
}

/** The paper's Table 2 bottleneck rows, in order. */
export const PAPER_ROWS: readonly BottleneckRow[] = Object.freeze([
  { t: 1, c: 16, n: 1, s: 1 },
  { t: 6, c: 24, n: 2, s: 2 },
  { t: 6, c: 32, n: 3, s: 2 },
  { t: 6, c: 64, n: 4, s: 2 },
  { t: 6, c: 96, n: 3, s: 1 },
  { t: 6, c: 160, n: 3, s: 2 },
  { t: 6, c: 320, n: 1, s: 1 },
]);

export const STEM_CHANNELS = 32;
export const LAST_CHANNELS = 1280;
export const KERNEL = 3;

export const DEFAULT_CONFIG: Readonly<ArchConfig> = Object.freeze({
  width: 1,
  resolution: 224,
  classes: 1000,
  convention: "reference" as Convention,
});

/**
 * Round `v` to the nearest multiple of `divisor`, never below `minValue` and never more than 10% below `v`
 * (torchvision's `_make_divisible`, TF-slim's `_make_divisible`, Keras' `_make_divisible`).
 */
export function makeDivisible(v: number, divisor = 8, minValue = divisor): number {
  let rounded = Math.max(minValue, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * v) rounded += divisor;
  return rounded;
}

/** Channels of a layer whose paper width is `c`, scaled by `width` under `convention`. */
export function scaleChannels(c: number, width: number, convention: Convention): number {
  return convention === "reference" ? makeDivisible(c * width) : Math.floor(c * width + 1e-9);
}

/** Channels of the last 1x1 conv: not shrunk below `last` for width < 1 in the reference convention. */
export function lastConvChannels(width: number, convention: Convention, last = LAST_CHANNELS): number {
  if (convention === "reference") return width > 1 ? makeDivisible(last * width) : last;
  return Math.floor(last * width + 1e-9);
}

/**
 * Which part of the network a layer or block belongs to: the stem conv, bottleneck row `row` of Table 2
 * (1-based, any number of rows), or the head (last 1×1 conv, pooling, classifier).
 */
export type Part = { kind: "stem" } | { kind: "row"; row: number } | { kind: "head" };

export const STEM: Part = Object.freeze({ kind: "stem" });
export const HEAD: Part = Object.freeze({ kind: "head" });
export const rowPart = (row: number): Part => ({ kind: "row", row });

/** "stem", "row 3", "head": a short name, also used as a key. */
export function partName(p: Part): string {
  return p.kind === "row" ? `row ${p.row}` : p.kind;
}

/**
 * How the site numbers a block in words, from its Keras layer-name prefix: blocks count from 0 in network order,
 * as Keras names them ("expanded_conv" is block 0, "block_k" is block k). Other groups ("stem", "head") keep their
 * name.
 */
export function blockNumber(prefix: string): string {
  return prefix === "expanded_conv" ? "0" : prefix.replace(/^block_(\d+)$/, "$1");
}

export function samePart(a: Part | null, b: Part | null): boolean {
  if (!a || !b) return a === b;
  return a.kind === b.kind && (a.kind !== "row" || (b.kind === "row" && a.row === b.row));
}

/** One inverted residual block, fully resolved for a configuration. */
export interface BlockSpec {
  /** 0-based block index (0..16 for the paper's network). */
  index: number;
  /** Keras layer-name prefix: `expanded_conv` for block 0, `block_N` after. */
  prefix: string;
  /** 1-based Table 2 row this block belongs to. */
  row: number;
  /** 0-based position of the block inside its row. */
  repeat: number;
  t: number;
  cin: number;
  cout: number;
  /** Channels of the expanded (wide) tensor: cin * t. */
  expanded: number;
  stride: number;
  /** Whether a 1x1 expansion conv exists (reference convention omits it when t = 1). */
  hasExpansion: boolean;
  /** Residual add: exactly when stride = 1 and cin = cout. */
  residual: boolean;
}

/** Keras' name prefix for block `index`. */
function blockPrefix(index: number): string {
  return index === 0 ? "expanded_conv" : `block_${index}`;
}

/** Whether a block gets the shortcut: stride 1 and equal input/output channels. */
export function hasResidual(stride: number, cin: number, cout: number): boolean {
  return stride === 1 && cin === cout;
}

/** Why a block has (or lacks) the shortcut, in words. */
export function residualReason(stride: number, cin: number, cout: number): string {
  if (stride !== 1 && cin !== cout)
    return `no shortcut: stride ${stride} halves the feature map and channels change ${cin}→${cout}`;
  if (stride !== 1)
    return `no shortcut: stride ${stride} changes the spatial size, so input and output cannot be added`;
  if (cin !== cout) return `no shortcut: channels change ${cin}→${cout}, so input and output cannot be added`;
  return `shortcut: stride 1 and the ${cin} input channels equal the ${cout} output channels, so the input is added to the output`;
}

/** Resolve every block of the network for `cfg`. */
export function blockSpecs(cfg: ArchConfig): BlockSpec[] {
  const rows = cfg.rows ?? PAPER_ROWS;
  let cin = scaleChannels(cfg.stemChannels ?? STEM_CHANNELS, cfg.width, cfg.convention);
  const blocks: BlockSpec[] = [];
  rows.forEach((row, r) => {
    const cout = scaleChannels(row.c, cfg.width, cfg.convention);
    for (let i = 0; i < row.n; i++) {
      const stride = i === 0 ? row.s : 1;
      const index = blocks.length;
      blocks.push({
        index,
        prefix: blockPrefix(index),
        row: r + 1,
        repeat: i,
        t: row.t,
        cin,
        cout,
        expanded: cin * row.t,
        stride,
        hasExpansion: cfg.convention === "from-scratch" || row.t !== 1,
        residual: hasResidual(stride, cin, cout),
      });
      cin = cout;
    }
  });
  return blocks;
}

/** Output size of a "same"-padded conv: ceil(size / stride). */
export function sameOutput(size: number, stride: number): number {
  return Math.ceil(size / stride);
}

/** Limits the controls accept; beyond them a page explains instead of computing. */
export const LIMITS = Object.freeze({
  width: { min: 0.1, max: 2 },
  resolution: { min: 32, max: 1024 },
  classes: { min: 1, max: 100000 },
  t: { min: 1, max: 12 },
  c: { min: 1, max: 4096 },
  n: { min: 1, max: 12 },
});

/** Problems with a configuration, as sentences a reader can act on; empty when it is valid. */
export function validateConfig(cfg: ArchConfig): string[] {
  const errors: string[] = [];
  const check = (label: string, v: unknown, min: number, max: number, integer: boolean) => {
    if (typeof v !== "number" || !Number.isFinite(v)) errors.push(`${label} must be a number.`);
    else if (integer && !Number.isInteger(v)) errors.push(`${label} must be a whole number (got ${v}).`);
    else if (v < min || v > max) errors.push(`${label} must be between ${min} and ${max} (got ${v}).`);
  };
  check("Width multiplier", cfg.width, LIMITS.width.min, LIMITS.width.max, false);
  check("Input resolution", cfg.resolution, LIMITS.resolution.min, LIMITS.resolution.max, true);
  check("Number of classes", cfg.classes, LIMITS.classes.min, LIMITS.classes.max, true);
  if (cfg.convention !== "reference" && cfg.convention !== "from-scratch")
    errors.push(`Convention must be "reference" or "from-scratch".`);
  (cfg.rows ?? PAPER_ROWS).forEach((row, i) => {
    check(`Row ${i + 1}: t`, row.t, LIMITS.t.min, LIMITS.t.max, true);
    check(`Row ${i + 1}: c`, row.c, LIMITS.c.min, LIMITS.c.max, true);
    check(`Row ${i + 1}: n`, row.n, LIMITS.n.min, LIMITS.n.max, true);
    if (row.s !== 1 && row.s !== 2) errors.push(`Row ${i + 1}: s must be 1 or 2 (got ${row.s}).`);
  });
  if (errors.length === 0 && cfg.convention === "from-scratch") {
    const narrowest = Math.min(cfg.stemChannels ?? STEM_CHANNELS, ...(cfg.rows ?? PAPER_ROWS).map((r) => r.c));
    if (scaleChannels(narrowest, cfg.width, cfg.convention) < 1)
      errors.push(
        `Width multiplier ${cfg.width} is too small for the from-scratch convention: int(${narrowest} × ${cfg.width}) = 0 channels.`,
      );
  }
  return errors;
}
