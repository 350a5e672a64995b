/**
 * Fault injection: what a hostile or careless reader (or a broken machine) can do to the site, one test per case.
 * Each must end in a clear message and a working page, never a broken cell or an uncaught error.
 *
 * Cases:
 * - address: every page opened with a hostile query string (malformed %-encoding, tfjs debug flags, an unknown
 *   backend, unknown keys) opens cleanly and names what it ignored; a valid ?backend= is honoured.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allProblems, NO_PROBLEMS, openPage, settled, useBrowser } from "./harness.js";

const config = readFileSync("observablehq.config.ts", "utf8");
const PATHS = [...new Set(["/", ...[...config.matchAll(/path: "([^"]+)"/g)].map((m) => m[1])])];

/** Everything at once: a bad escape in a value and in a key, tfjs's debug flags, a made-up backend and key. */
const HOSTILE = "?x=%ff&%E0%A4%A=1&tfjsflags=DEBUG:true,WEBGL_PACK:false&backend=quantum&foo=%3Cscript%3E";

describe("address", () => {
  const browser = useBrowser();

  for (const path of PATHS) {
    it(`${path} opens with a hostile address and names what it ignored`, async () => {
      const o = await openPage(browser(), path, HOSTILE);
      await settled(o.page);
      const notice = o.page.locator(".site-address-notice");
      expect(await notice.count()).toBe(1);
      const text = (await notice.textContent()) ?? "";
      expect(text).toContain("“x=%ff”");
      expect(text).toContain("tfjsflags");
      expect(text).toContain("backend=quantum");
      expect(text).toContain("“foo”");
      // The ignored markup is shown as text, never parsed.
      expect(await o.page.locator(".site-address-notice script").count()).toBe(0);
      expect(await o.page.locator('[data-state="error"]').count()).toBe(0);
      expect(await allProblems(o)).toEqual(NO_PROBLEMS);
      await o.page.close();
    });
  }

  it("a valid ?backend= is honoured without a notice", async () => {
    const o = await openPage(browser(), "/pages/architecture", "?backend=cpu");
    await settled(o.page);
    expect(await o.page.evaluate(() => document.documentElement.dataset.tfjs)).toBe("cpu");
    expect(await o.page.locator(".site-address-notice").count()).toBe(0);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });
});
