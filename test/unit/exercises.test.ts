import { describe, expect, it } from "vitest";
import {
  checkAnswer,
  EXERCISE_PAGES,
  type ExercisePage,
  exercisesFor,
  networkExercises,
  networkGivens,
  newSeed,
  parseAmount,
  parseSet,
  parseShape,
  type Question,
  seedFromAddress,
} from "../../src/lib/exercises.js";
import { rightAnswer, wrongAnswer } from "../exercise-reference.js";
import { COUNTS } from "../references.js";
import { randomConfig, rng } from "./random-config.js";

const PAGES = Object.keys(EXERCISE_PAGES) as ExercisePage[];
const givens = (q: Question) =>
  Object.fromEntries(q.prompt.flatMap((p) => (typeof p === "string" ? [] : [[p.given, String(p.value)]])));

describe("exercises", () => {
  it("every question of every page, for 60 question sets, accepts the answer recomputed from its givens", () => {
    for (const page of PAGES)
      for (let seed = 1; seed <= 60; seed++)
        for (const q of exercisesFor(page, seed)) {
          const g = givens(q);
          const right = rightAnswer(page, q.id, g);
          const v = checkAnswer(q, right);
          expect(v.state, `${page}/${q.id} set ${seed}: “${right}” → ${v.message}`).toBe("right");
          const wrong = checkAnswer(q, wrongAnswer(page, q.id, g));
          expect(wrong.state, `${page}/${q.id} set ${seed}`).toBe("wrong");
          expect(wrong.message).toMatch(/^(Not yet|Close)/);
          expect(q.solution.length).toBeGreaterThan(1);
        }
  });

  it("questions on a configured network (the Playground): 200 random networks, answers recomputed from the givens", () => {
    const r = rng(11);
    for (let i = 0; i < 200; i++) {
      const cfg = randomConfig(r);
      const shown = Object.fromEntries(
        networkGivens(cfg).flatMap((p) => (typeof p === "string" ? [] : [[p.given, String(p.value)]])),
      );
      for (const q of networkExercises(cfg, i + 1)) {
        const g = { ...shown, ...givens(q) };
        const v = checkAnswer(q, rightAnswer("playground", q.id, g));
        expect(v.state, `${q.id} for ${JSON.stringify(cfg)}: ${v.message}`).toBe("right");
        expect(checkAnswer(q, wrongAnswer("playground", q.id, g)).state).toBe("wrong");
      }
    }
  });

  it("the same set gives the same questions; different sets give different numbers", () => {
    for (const page of PAGES) {
      expect(exercisesFor(page, 123)).toEqual(exercisesFor(page, 123));
      const prompts = new Set(
        Array.from({ length: 12 }, (_, i) => JSON.stringify(exercisesFor(page, i + 1).map(givens))),
      );
      expect(prompts.size, page).toBeGreaterThan(8);
    }
  });

  it("worked solutions show the arithmetic and end in the answer", () => {
    const [std, sep, saving] = exercisesFor("depthwise-separable", 7);
    const g = givens(std);
    const m = Number(g.h) * Number(g.w) * Number(g.k) ** 2 * Number(g.cin) * Number(g.cout);
    expect(std.solution.join(" ")).toContain(m.toLocaleString("en-US"));
    expect(sep.solution.at(-1)).toMatch(/ = [\d,]+ \(/);
    expect(saving.solution.at(-1)).toMatch(/×\.$/);
  });

  it("the parameter questions agree with the published count 3,504,872", () => {
    const q = exercisesFor("width-resolution", 5).find((x) => x.id === "params-resolution")!;
    expect(givens(q).params).toBe(String(COUNTS.torchvision.params));
    expect(checkAnswer(q, COUNTS.torchvision.params.toLocaleString("en-US")).state).toBe("right");
  });

  it("reads numbers as students type them", () => {
    expect(parseAmount("1234567")).toBe(1234567);
    expect(parseAmount("1,234,567")).toBe(1234567);
    expect(parseAmount("1 234 567")).toBe(1234567);
    expect(parseAmount("1_234")).toBe(1234);
    expect(parseAmount("1.5M")).toBe(1.5e6);
    expect(parseAmount("300k")).toBe(300000);
    expect(parseAmount("0.3G")).toBeCloseTo(3e8);
    expect(parseAmount("2.5e6")).toBe(2.5e6);
    expect(parseAmount("7.89×")).toBe(7.89);
    expect(parseAmount("84%")).toBeCloseTo(0.84);
    expect(parseAmount("1,23")).toBeNull();
    expect(parseAmount("twelve")).toBeNull();
    expect(parseAmount("")).toBeNull();
    expect(parseShape("14×14×64")).toEqual([14, 14, 64]);
    expect(parseShape("14x14x64")).toEqual([14, 14, 64]);
    expect(parseShape("(14, 14, 64)")).toEqual([14, 14, 64]);
    expect(parseShape("14 * 14 * 64")).toEqual([14, 14, 64]);
    expect(parseShape("14×a")).toBeNull();
    expect(parseSet("5, 2 and 4")).toEqual([2, 4, 5]);
    expect(parseSet("block_2 block_4")).toEqual([2, 4]);
    expect(parseSet("none")).toEqual([]);
    expect(parseSet("two")).toBeNull();
  });

  it("says why an answer is wrong", () => {
    const [std] = exercisesFor("depthwise-separable", 3);
    const g = givens(std);
    const weights = Number(g.k) ** 2 * Number(g.cin) * Number(g.cout);
    const madds = weights * Number(g.h) * Number(g.w);
    expect(checkAnswer(std, String(weights)).message).toContain("number of weights");
    expect(checkAnswer(std, String(madds * 4)).message).toContain("4× too large");
    expect(checkAnswer(std, String(madds + 17)).message).toMatch(/^Close, .* by 17/);
    expect(checkAnswer(std, "lots").state).toBe("unreadable");
    expect(checkAnswer(std, "  ").state).toBe("empty");
    const shape = exercisesFor("architecture", 9).find((q) => q.id === "row-shape")!;
    const [h, , c] = rightAnswer("architecture", "row-shape", givens(shape)).split("x").map(Number);
    expect(checkAnswer(shape, `${h}×${h}×${c + 1}`).message).toContain("height and width are right");
    expect(checkAnswer(shape, `${h * 2}×${h * 2}×${c}`).message).toContain("channels are right");
  });

  it("reads the set number from the address and draws a different one", () => {
    expect(seedFromAddress(null)).toEqual({ seed: 1, problem: null });
    expect(seedFromAddress("4821")).toEqual({ seed: 4821, problem: null });
    expect(seedFromAddress("0").problem).toContain("not a number from 1 to 99,999");
    expect(seedFromAddress("<b>x</b>").seed).toBe(1);
    for (const r of [0, 0.3, 0.999999]) {
      const s = newSeed(500, r);
      expect(s).not.toBe(500);
      expect(s).toBeGreaterThanOrEqual(1);
      expect(s).toBeLessThanOrEqual(99_999);
    }
  });
});
