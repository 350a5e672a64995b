/**
 * The colour ramps keep their order in lightness for every reader: each sequential ramp gets lighter from 0 to 1,
 * the diverging one is lightest at 0 and darker towards both ends, whose hues stay apart, under normal vision,
 * protanopia and deuteranopia (simulated in test/cvd.ts from Machado et al. 2009). A rainbow ramp (turbo) fails
 * the same check, so the check can tell.
 */
import * as d3 from "d3";
import { describe, expect, it } from "vitest";
import { RAMPS } from "../../src/components/palette.js";
import { deltaE, lightness, VISIONS } from "../cvd.js";

const STEPS = 32;
const samples = (ramp: (t: number) => string, from = 0, to = 1) =>
  d3.range(STEPS + 1).map((i) => d3.rgb(ramp(from + ((to - from) * i) / STEPS)).formatHex());

/** The smallest rise of L* between neighbouring samples, and the whole rise. */
function rise(colours: string[], vision: (typeof VISIONS)[number]) {
  const l = colours.map((c) => lightness(c, vision));
  return { step: Math.min(...l.slice(1).map((v, i) => v - l[i])), range: l.at(-1)! - l[0] };
}

describe("colour ramps under colour-blind vision", () => {
  for (const name of ["sequential", "heat", "order"] as const)
    for (const vision of VISIONS)
      it(`${name} gets steadily lighter for ${vision}`, () => {
        const r = rise(samples(RAMPS[name]), vision);
        expect(r.step).toBeGreaterThan(0);
        expect(r.range).toBeGreaterThan(40);
      });

  for (const vision of VISIONS)
    it(`diverging: lightest at 0, darker to both ends, the ends apart in hue, for ${vision}`, () => {
      const toEnd = rise(samples(RAMPS.diverging, 0.5, 1), vision);
      const toStart = rise(samples(RAMPS.diverging, 0.5, 0), vision);
      expect(toEnd.step).toBeLessThan(0);
      expect(toStart.step).toBeLessThan(0);
      expect(Math.min(-toEnd.range, -toStart.range)).toBeGreaterThan(40);
      expect(deltaE(RAMPS.diverging(0), RAMPS.diverging(1), vision)).toBeGreaterThan(40);
    });

  it("turbo, a rainbow, would fail: its lightness falls again after the middle", () => {
    for (const vision of VISIONS) expect(rise(samples(d3.interpolateTurbo), vision).step).toBeLessThan(0);
  });
});
