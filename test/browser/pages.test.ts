/** Every page of the site opens in Chromium without errors, foreign requests or broken cells. */
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_PROBLEMS, allProblems, launch, openPage, screenshot } from "./harness.js";

// The navigation in observablehq.config.ts is the list of pages a reader can reach.
const config = readFileSync("observablehq.config.ts", "utf8");
const paths = ["/", ...[...config.matchAll(/path: "([^"]+)"/g)].map((m) => m[1])];

describe("every page", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it("lists the pages of the navigation", () => {
    expect(paths.length).toBeGreaterThanOrEqual(8);
  });

  for (const path of paths) {
    it(`${path} opens cleanly`, async () => {
      const o = await openPage(browser, path);
      await o.page.waitForLoadState("networkidle");
      // Live cells settle; give them a moment, then look for anything wrong.
      await o.page.waitForTimeout(1500);
      const title = await o.page.locator("h1").first().textContent();
      expect(title?.trim().length).toBeGreaterThan(0);
      await screenshot(o.page, `page${path.replaceAll("/", "_") || "_index"}`);
      expect(await allProblems(o)).toEqual(NO_PROBLEMS);
      await o.page.close();
    });
  }
});
