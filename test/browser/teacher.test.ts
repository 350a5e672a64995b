/**
 * The Teacher's guide: its table of learning goals covers every page of the navigation, and every link of the
 * lesson plan opens a page of the site.
 */
import { describe, expect, it } from "vitest";
import { allProblems, NO_PROBLEMS, openPage, useBrowser } from "./harness.js";

describe("Teacher's guide", () => {
  const browser = useBrowser();

  it("has a learning goal for every page of the navigation, and a lesson plan whose links open pages of the site", async () => {
    const o = await openPage(browser(), "/pages/teacher");
    const { page } = o;
    const paths = (selector: string) =>
      page.locator(selector).evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    const nav = (await paths("#observablehq-sidebar a")).filter((p) => p !== "/pages/teacher");
    expect(nav.length).toBeGreaterThan(10);
    const goals = await paths("#observablehq-main table a");
    for (const p of nav) expect(goals, `a learning goal for ${p}`).toContain(p);
    const lesson = await page
      .locator("#observablehq-main h2:has-text('50-minute lesson') + ol a")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(lesson.length).toBeGreaterThan(4);
    for (const href of lesson) {
      const res = await page.request.get(href);
      expect(res.status(), href).toBe(200);
      expect(nav.concat("/"), href).toContain(new URL(href).pathname);
    }
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });
});
