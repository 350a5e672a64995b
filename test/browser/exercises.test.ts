/**
 * Exercises on every walkthrough page and the worksheet of the Teacher's guide. For each question of a page: the
 * right answer, recomputed here from the numbers the question shows (test/exercise-reference.ts, not the site's
 * code), is accepted as it is typed, and a wrong one is refused with a reason; the worked solution opens; "New
 * numbers" puts another question set in the address and a reload shows the same questions again.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { rightAnswer, wrongAnswer } from "../exercise-reference.js";
import { allProblems, NO_PROBLEMS, openPage, useBrowser } from "./harness.js";

const PAGES = [
  "overview",
  "depthwise-separable",
  "inverted-residual",
  "linear-bottleneck",
  "relu6",
  "architecture",
  "width-resolution",
  "activations",
  "inside",
  "transfer",
  "playground",
].filter((p) => (process.env.EXERCISE_PAGES ?? p).split(",").includes(p));

/** The numbers a question shows, by name. */
const givensOf = async (card: Locator) =>
  Object.fromEntries(
    await card
      .locator("[data-given]")
      .evaluateAll((bs) => bs.map((b) => [b.getAttribute("data-given"), b.getAttribute("data-value")])),
  ) as Record<string, string>;

const allGivens = async (page: Page) =>
  JSON.stringify(await Promise.all((await page.locator(".exercise").all()).map(givensOf)));

const verdict = (card: Locator) => card.locator(".exercise-verdict");

/** Whether the answer key's entry says the same as the answer recomputed here (numbers to 0.1%). */
function sameAnswer(key: string, mine: string): boolean {
  const [a, b] = [key, mine].map((s) => s.replace(/×/g, "x").replace(/\s+/g, ""));
  const [x, y] = [a, b].map((s) => Number(s.replace(/,/g, "")));
  if (Number.isFinite(x) && Number.isFinite(y)) return Math.abs(x - y) <= 1e-3 * Math.max(Math.abs(y), 1e-3);
  return a.split(",").map(Number).join() === b.split(",").map(Number).join() || a === b;
}

describe("Exercises", () => {
  const browser = useBrowser();

  for (const path of PAGES)
    it(`${path}: right and wrong answers, worked solution, new numbers kept by the address`, async () => {
      // The Playground asks about the network in its address: here a from-scratch one at width 0.75 and 160×160.
      const query =
        path === "playground"
          ? "?exercise=4242&width=0.75&resolution=160&convention=from-scratch&rows=1-16-1-1_6-24-2-2_6-24-2-1_6-40-3-2"
          : "?exercise=4242";
      const o = await openPage(browser(), path === "overview" ? "/" : `/pages/${path}`, query);
      const { page } = o;
      const cards = page.locator(`.exercises[data-page="${path}"] .exercise`);
      await expect.poll(() => cards.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
      expect(await page.getByTestId("exercise-set").textContent()).toBe("Question set 4,242");
      for (const card of await cards.all()) {
        const id = (await card.getAttribute("data-question"))!;
        const g = { ...(await givensOf(page.locator(".exercise-network"))), ...(await givensOf(card)) };
        const box = card.getByRole("textbox", { name: /^Answer to exercise \d$/ });
        // Typed: the verdict comes after a short pause, without Enter.
        await box.fill(rightAnswer(path, id, g));
        await expect.poll(() => verdict(card).getAttribute("data-verdict"), { message: `${path}/${id}` }).toBe("right");
        expect(await verdict(card).textContent()).toMatch(/^✓ Right: /);
        await box.fill(wrongAnswer(path, id, g));
        await box.press("Enter");
        expect(await verdict(card).getAttribute("data-verdict")).toBe("wrong");
        expect(await verdict(card).textContent()).toMatch(/^✗ (Not yet|Close)/);
        expect(await box.getAttribute("aria-invalid")).toBe("true");
      }
      // The worked solution, by keyboard.
      const first = cards.first();
      await first.locator("summary").focus();
      await page.keyboard.press("Enter");
      expect(await first.locator("details").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      expect(await first.locator("details li").first().isVisible()).toBe(true);
      expect(await first.locator("details").textContent()).toMatch(/= \(?-?[\d,.]+/);

      // New numbers: another set in the address; a reload shows exactly the same questions.
      const before = await allGivens(page);
      await page.getByRole("button", { name: "New numbers" }).click();
      const seed = new URL(page.url()).searchParams.get("exercise");
      expect(seed).toMatch(/^\d+$/);
      expect(seed).not.toBe("4242");
      const after = await allGivens(page);
      expect(after).not.toBe(before);
      await page.reload({ waitUntil: "load" });
      await expect.poll(() => cards.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
      expect(await page.getByTestId("exercise-set").getAttribute("data-seed")).toBe(seed);
      expect(await allGivens(page)).toBe(after);
      if (path === "playground") {
        // The questions follow the network: at width 1.0 the answers change, and are still checked right.
        await page.getByRole("textbox", { name: "Width multiplier α" }).fill("1");
        await expect.poll(() => page.locator('.exercise-network [data-given="alpha"]').textContent()).toBe("1");
        const card = page.locator('.exercise[data-question="block-params"]');
        const g = { ...(await givensOf(page.locator(".exercise-network"))), ...(await givensOf(card)) };
        await card.getByRole("textbox").fill(rightAnswer(path, (await card.getAttribute("data-question"))!, g));
        await card.getByRole("textbox").press("Enter");
        expect(await verdict(card).getAttribute("data-verdict")).toBe("right");
      }
      expect(await allProblems(o)).toEqual(NO_PROBLEMS);
      await page.close();
    });

  it("Teacher's guide: the worksheet lists every page's questions for the set in the address; the key on request", async () => {
    const o = await openPage(browser(), "/pages/teacher", "?exercise=77");
    const { page } = o;
    const sections = page.locator(".worksheet-page");
    await expect.poll(() => sections.count(), { timeout: 60_000 }).toBe(10); // every page with exercises but the Playground
    const key = page.getByTestId("worksheet-key");
    expect(await key.isVisible()).toBe(false);
    await page.getByRole("button", { name: "Show the answer key" }).click();
    expect(await key.isVisible()).toBe(true);
    for (const section of await sections.all()) {
      const path = (await section.getAttribute("data-page"))!;
      expect(await section.getByRole("link").getAttribute("href")).toBe(
        `${path === "overview" ? "../" : `./${path}`}?exercise=77`,
      );
      const entries = ((await key.locator(`[data-page="${path}"]`).textContent()) ?? "")
        .replace(/^[^:]*: /, "")
        .split(/; (?=\d+\. )/)
        .map((e) => e.replace(/^\d+\. /, ""));
      const items = await section.locator("li").all();
      expect(entries.length).toBe(items.length);
      for (const [i, item] of items.entries()) {
        const mine = rightAnswer(path, (await item.getAttribute("data-question"))!, await givensOf(item));
        expect(sameAnswer(entries[i], mine), `${path} ${i + 1}: key ${entries[i]}, recomputed ${mine}`).toBe(true);
      }
    }
    const before = await page.locator(".worksheet-pages").textContent();
    await page.getByRole("button", { name: "New numbers" }).click();
    expect(new URL(page.url()).searchParams.get("exercise")).not.toBe("77");
    expect(await page.locator(".worksheet-pages").textContent()).not.toBe(before);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  it("a question set the address cannot name is said so in words, and set 1 is shown", async () => {
    const o = await openPage(browser(), "/pages/relu6", "?exercise=%3Cb%3Ex");
    const { page } = o;
    const notice = page.locator(".exercises .address-notice");
    await expect
      .poll(() => notice.textContent(), { timeout: 60_000 })
      .toBe("The address asks for question set “<b>x”, which is not a number from 1 to 99,999; showing set 1.");
    expect(await page.getByTestId("exercise-set").textContent()).toBe("Question set 1");
    expect(await page.locator(".exercises b").count()).toBeGreaterThan(0); // the givens, never the address's markup
    expect(await page.locator(".exercises .address-notice b").count()).toBe(0);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });
});
