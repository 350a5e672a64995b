/** Number formatting shared by every page (no DOM). */

// Numbers are written as en-US writes them without Intl: toLocaleString builds a new formatter at every call (30 ms
// for a table of counts), and the first Intl number format of a page loads the browser's locale data (~20 ms in the
// task that opens the page).

/** "-1234567" → "-1,234,567": a run of digits (with an optional sign) grouped by thousands. */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** 3504872 → "3,504,872". */
export function formatInt(n: number): string {
  return formatNumber(Math.round(n), 0);
}

/**
 * `x` with at most `maxFractionDigits` decimals, trailing zeros dropped and thousands grouped, as
 * x.toLocaleString("en-US", {maximumFractionDigits}) writes it: 1234.56789 → "1,234.5679", 2.5 → "2.5". Like Intl,
 * it rounds the shortest decimal that reads back as `x` (123456789.12345 → "…1235"), half away from zero; toFixed
 * would round the binary value (…1234).
 */
export function formatNumber(x: number, maxFractionDigits = 4): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const shortest = String(Math.abs(x));
  // Exponent forms (below 1e-6 or from 1e21) are far from any tie at 4 decimals: toFixed is exact enough there.
  const plain = shortest.includes("e") ? Math.abs(x).toFixed(Math.min(20, maxFractionDigits + 2)) : shortest;
  const [int, frac = ""] = plain.split(".");
  let digits = int + frac.slice(0, maxFractionDigits).padEnd(maxFractionDigits, "0");
  if ((frac[maxFractionDigits] ?? "0") >= "5") {
    // Add one in the last kept place, carrying through the 9s.
    const d = digits.split("");
    let i = d.length - 1;
    while (i >= 0 && d[i] === "9") d[i--] = "0";
    if (i >= 0) d[i] = String(Number(d[i]) + 1);
    digits = `${i >= 0 ? "" : "1"}${d.join("")}`;
  }
  const whole = digits.slice(0, digits.length - maxFractionDigits) || "0";
  const kept = digits.slice(digits.length - maxFractionDigits).replace(/0+$/, "");
  return `${sign}${groupThousands(whole)}${kept ? `.${kept}` : ""}`;
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
