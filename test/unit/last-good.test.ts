import { describe, expect, it } from "vitest";
import { groupsToShow } from "../../src/lib/conv-cost.js";
import { lastGood } from "../../src/lib/last-good.js";

describe("lastGood: keep the last good value", () => {
  const even = (v: number) => (v % 2 === 0 ? null : `${v} is odd.`);

  it("uses a good value and remembers it; a bad one keeps the last good one and says why", () => {
    const keep = lastGood(2);
    expect(keep(4, even, 0)).toEqual({ value: 4, problem: null });
    expect(keep(5, even, 0)).toEqual({ value: 4, problem: "5 is odd." });
    expect(keep(8, even, 0)).toEqual({ value: 8, problem: null });
    expect(keep(9, even, 0)).toEqual({ value: 8, problem: "9 is odd." });
  });

  it("falls back when the last good value fails today's check (the check can depend on other inputs)", () => {
    const keep = lastGood(4);
    const divides12 = (v: number) => (12 % v === 0 ? null : `${v} does not divide 12.`);
    const divides10 = (v: number) => (10 % v === 0 ? null : `${v} does not divide 10.`);
    expect(keep(6, divides12, 1)).toEqual({ value: 6, problem: null });
    expect(keep(4, divides10, 1)).toEqual({ value: 1, problem: "4 does not divide 10." });
  });

  it("groupsToShow: 32 → 64 channels keep g = 4 when 3 is asked; 24 → 40 channels fall back to 1", () => {
    const kept = lastGood(1);
    expect(groupsToShow(32, 64, 4, kept)).toEqual({ groups: 4, note: "" });
    const refused = groupsToShow(32, 64, 3, kept);
    expect(refused.groups).toBe(4);
    expect(refused.note).toMatch(/does not divide .* Showing groups = 4\.$/);
    // 16 divides neither 24 nor 40; the last good 4 divides both and stays.
    expect(groupsToShow(24, 40, 16, kept).groups).toBe(4);
    // 4 does not divide 30: a refusal there shows 1.
    expect(groupsToShow(30, 30, 7, kept)).toEqual({ groups: 1, note: expect.stringMatching(/Showing groups = 1\.$/) });
  });
});
