import { describe, expect, it } from "vitest";
import { formatInt, formatNumber, formatShape, formatSI, parseNumber } from "../../src/lib/format.js";
import { mulberry32 } from "../../src/lib/manifold.js";

describe("format", () => {
  it("writes numbers as en-US toLocaleString does, without Intl", () => {
    const rng = mulberry32(5);
    const values = [
      0, -0, 1, -1, 0.5, 2.5, 999, 1000, -1000, 1234.56789, 3504872, -3504872, 1e-7, -1e-7, 0.00005, 123456789.12345,
    ];
    for (let i = 0; i < 2000; i++) values.push((rng() - 0.5) * 10 ** Math.floor(rng() * 14 - 4));
    for (const v of values) {
      for (const digits of [0, 1, 4]) {
        expect(formatNumber(v, digits), `${v} to ${digits}`).toBe(
          v.toLocaleString("en-US", { maximumFractionDigits: digits }),
        );
      }
      expect(formatInt(v), String(v)).toBe(Math.round(v).toLocaleString("en-US"));
    }
    expect([formatNumber(Number.NaN), formatNumber(Number.POSITIVE_INFINITY), formatNumber(-Infinity)]).toEqual(
      [Number.NaN, Number.POSITIVE_INFINITY, -Infinity].map((v) => v.toLocaleString("en-US")),
    );
  });
  it("formats counts, sizes and shapes", () => {
    expect(formatInt(3504872)).toBe("3,504,872");
    expect(formatSI(300774272)).toBe("300.8M");
    expect(formatShape([112, 112, 32])).toBe("112×112×32");
  });
  it("writes large counts with one SI prefix, T above G, and never a mantissa of 1000 or more", () => {
    expect(formatSI(22647.4e9)).toBe("22.6T");
    expect(formatSI(1.5e12, 2)).toBe("1.50T");
    expect(formatSI(5.86e9)).toBe("5.9G");
    expect(formatSI(-2.5e6)).toBe("-2.5M");
    expect(formatSI(1234)).toBe("1.2K");
    expect(formatSI(999)).toBe("999");
    // Values that round up to the next prefix take it.
    expect(formatSI(999_960)).toBe("1.0M");
    expect(formatSI(999_960_000)).toBe("1.0G");
    expect(formatSI(999_960_000_000)).toBe("1.0T");
    expect(formatSI(999.96)).toBe("1.0K");
    // Every mantissa, over twelve orders of magnitude, is below 1000 (checked against the printed text).
    for (let e = 3; e <= 14.9; e += 0.05) {
      const text = formatSI(10 ** e);
      const m = /^(\d+(?:\.\d+)?)([KMGT])$/.exec(text);
      expect(m, text).not.toBeNull();
      expect(Number(m?.[1]), text).toBeLessThan(1000);
      const scale = { K: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m?.[2] as "K"];
      expect(Math.abs(Number(m?.[1]) * scale - 10 ** e) / 10 ** e, text).toBeLessThan(0.06);
    }
  });
  it("parses good input and explains bad input", () => {
    const rule = { label: "Channels", min: 1, max: 2048, integer: true };
    expect(parseNumber(" 24 ", rule)).toEqual({ value: 24 });
    expect(parseNumber("", rule)).toEqual({ error: "Channels: enter a number." });
    expect(parseNumber("abc", rule)).toEqual({ error: "Channels: “abc” is not a number." });
    expect(parseNumber("0", rule)).toEqual({ error: "Channels: must be between 1 and 2048 (got 0)." });
    expect(parseNumber("-5", rule)).toEqual({ error: "Channels: must be between 1 and 2048 (got -5)." });
    expect(parseNumber("1e9", rule)).toEqual({ error: "Channels: must be between 1 and 2048 (got 1e9)." });
    expect(parseNumber("2.5", rule)).toEqual({ error: "Channels: must be a whole number (got 2.5)." });
    // Only plain decimal notation: Number() alone would read these as 16, 3, Infinity.
    expect(parseNumber("0x10", rule)).toEqual({ error: "Channels: “0x10” is not a number." });
    expect(parseNumber("0b11", rule)).toEqual({ error: "Channels: “0b11” is not a number." });
    expect(parseNumber("Infinity", rule)).toEqual({ error: "Channels: “Infinity” is not a number." });
    expect(parseNumber("1e999", rule)).toEqual({ error: "Channels: “1e999” is too large." });
    expect(parseNumber("1,024", rule)).toEqual({
      error: "Channels: “1,024” is not a number (use a point for decimals and no thousands separators).",
    });
    expect(parseNumber("+8", rule)).toEqual({ value: 8 });
    expect(parseNumber("1e2", rule)).toEqual({ value: 100 });
    expect(parseNumber(".5", { label: "Radius", min: 0.1, max: 100 })).toEqual({ value: 0.5 });
    expect(parseNumber("3", { label: "Stride", min: 1, max: 2, integer: true, oneOf: [1, 2] })).toEqual({
      error: "Stride: must be 1 or 2 (got 3).",
    });
  });
});
