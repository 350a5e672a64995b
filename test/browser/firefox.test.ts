/**
 * The second engine: every page of the site in Firefox ESR (Debian's firefox-esr, driven by puppeteer-core over
 * WebDriver BiDi). A page fails on a console error, an uncaught exception, a request to another host, a broken
 * cell, or a live cell that does not produce its result (one still running when the page should have settled, or
 * one that ends in its error state). Each page is opened with the fault suite's hostile address (faults.test.ts):
 * it must still open cleanly and name what it ignored. FIREFOX_PATH names another binary.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FIREFOX, firefoxPage, settled, useFirefox } from "./firefox.js";
import { baseURL } from "./harness.js";

const config = readFileSync("observablehq.config.ts", "utf8");
/** Malformed %-encoding, tfjs's debug flags, an unknown backend and an unknown key, as in faults.test.ts. */
const HOSTILE = "?x=%ff&tfjsflags=DEBUG:true&backend=quantum&foo=1";
const PATHS = [...new Set(["/", ...[...config.matchAll(/path: "([^"]+)"/g)].map((m) => m[1])])];

describe.skipIf(!existsSync(FIREFOX))("every page in Firefox ESR", () => {
  const browser = useFirefox();

  for (const path of PATHS) {
    it(`${path} opens cleanly with a hostile address and its live cells finish`, async () => {
      const { page, problems } = await firefoxPage(browser());
      await page.goto(`${baseURL()}${path}${HOSTILE}`, { waitUntil: "load" });
      await settled(page);
      const state = await page.evaluate(() => ({
        title: document.querySelector("h1")?.textContent?.trim() ?? "",
        tfjs: document.documentElement.dataset.tfjs ?? null,
        brokenCells: [...document.querySelectorAll(".observablehq--error")].map((e) => e.textContent ?? ""),
        failedLive: [...document.querySelectorAll('[data-state="error"]')].map((e) => e.textContent ?? ""),
        notice: document.querySelector(".site-address-notice")?.textContent ?? "",
      }));
      for (const ignored of ["“x=%ff”", "tfjsflags", "backend=quantum", "“foo”"])
        expect(state.notice).toContain(ignored);
      expect(state.title.length).toBeGreaterThan(0);
      expect(state.tfjs).not.toBe("failed");
      expect(state.brokenCells).toEqual([]);
      expect(state.failedLive).toEqual([]);
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], foreignRequests: [] });
      if (path === "/pages/activations") {
        // The explorer's forward pass produced its prediction.
        expect(await page.$eval("#act-run-status", (e) => (e as HTMLElement).dataset.state)).toBe("done");
        expect(await page.$eval("#act-run-status", (e) => (e as HTMLElement).dataset.top1 ?? "")).not.toBe("");
      }
      await page.close();
    });
  }
});
