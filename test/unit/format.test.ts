import { describe, expect, it } from "vitest";
import { formatInt, formatShape, formatSI, parseNumber } from "../../src/lib/format.js";

describe("format", () => {
  it("formats counts, sizes and shapes", () => {
    expect(formatInt(3504872)).toBe("3,504,872");
    expect(formatSI(300774272)).toBe("300.8M");
    expect(formatShape([112, 112, 32])).toBe("112×112×32");
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
