/** Number formatting shared by every page (no DOM). */

// One formatter for every call: toLocaleString builds a new one each time (30 ms for a table of counts).
const intFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 3504872 → "3,504,872". */
export function formatInt(n: number): string {
  return intFormat.format(Math.round(n));
}

/** The SI prefixes the site uses for counts, largest first. */
const SI_UNITS: readonly [number, string][] = [
  [1e12, "T"],
  [1e9, "G"],
  [1e6, "M"],
  [1e3, "K"],
];

/**
 * The site's one short form for large counts: 300774272 → "300.8M"; 22647400000000 → "22.6T"; 1234 → "1.2K";
 * keeps `digits` decimals. The mantissa stays below 1000 (a value that would round to "1000.0M" reads "1.0G").
 * Below 1000 the number is shown as it is. Use formatInt where the exact figure is the point.
 */
export function formatSI(n: number, digits = 1): string {
  const a = Math.abs(n);
  for (let i = 0; i < SI_UNITS.length; i++) {
    const [unit, suffix] = SI_UNITS[i];
    if (a < unit) continue;
    const text = (n / unit).toFixed(digits);
    if (i > 0 && Math.abs(Number(text)) >= 1000) {
      const [up, upSuffix] = SI_UNITS[i - 1];
      return `${(n / up).toFixed(digits)}${upSuffix}`;
    }
    return `${text}${suffix}`;
  }
  if (Number(a.toFixed(digits)) >= 1000) return `${(n / 1e3).toFixed(digits)}K`;
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
