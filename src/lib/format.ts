/** Number formatting shared by every page (no DOM). */

// One formatter for every call: toLocaleString builds a new one each time (30 ms for a table of counts).
const intFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 3504872 → "3,504,872". */
export function formatInt(n: number): string {
  return intFormat.format(Math.round(n));
}

/** 300774272 → "300.8M"; 1234 → "1.2K"; keeps `digits` decimals. */
export function formatSI(n: number, digits = 1): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(digits)}G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(digits)}M`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(digits)}K`;
  return `${n}`;
}

/** [112, 112, 32] → "112×112×32". */
export function formatShape(shape: readonly number[]): string {
  return shape.join("×");
}

/** 0.1234 → "12.3%". */
export function formatPercent(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/** Milliseconds, readable: 42.3 → "42 ms", 2345 → "2.35 s". */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

export interface NumberRule {
  label: string;
  min: number;
  max: number;
  integer?: boolean;
  /** Allowed values only (e.g. stride 1 or 2). */
  oneOf?: readonly number[];
}

/** What a reader may type: plain decimal notation, optionally signed, with an optional exponent (1e3). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parse what a reader typed into a number under a rule. Returns the value or a sentence saying what is wrong
 * (empty, not a number, zero/negative, out of range, fractional where a whole number is needed).
 */
export function parseNumber(text: string, rule: NumberRule): { value: number } | { error: string } {
  const s = text.trim();
  if (s === "") return { error: `${rule.label}: enter a number.` };
  // Plain decimal notation only: Number() would also take "0x10", "0b11" or "Infinity".
  if (!DECIMAL.test(s)) {
    const hint = s.includes(",") ? " (use a point for decimals and no thousands separators)" : "";
    return { error: `${rule.label}: “${s}” is not a number${hint}.` };
  }
  const v = Number(s);
  if (!Number.isFinite(v)) return { error: `${rule.label}: “${s}” is too large.` };
  if (rule.integer && !Number.isInteger(v)) return { error: `${rule.label}: must be a whole number (got ${s}).` };
  if (rule.oneOf && !rule.oneOf.includes(v))
    return { error: `${rule.label}: must be ${rule.oneOf.join(" or ")} (got ${s}).` };
  if (v < rule.min || v > rule.max)
    return { error: `${rule.label}: must be between ${rule.min} and ${rule.max} (got ${s}).` };
  return { value: v };
}
