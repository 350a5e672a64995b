/**
 * The second engine: every page of the site in Firefox ESR (Debian's firefox-esr, driven by puppeteer-core over
 * WebDriver BiDi). A page fails on a console error, an uncaught exception, a request to another host, a broken
 * cell, or a live cell that does not produce its result (one still running when the page should have settled, or
 * one that ends in its error state). Each page is opened with the fault suite's hostile address (faults.test.ts):
 * it must still open cleanly and name what it ignored. FIREFOX_PATH names another binary.
 */
import { existsSync, readFileSync } from "node:fs";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL } from "./harness.js";

const FIREFOX = process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr";
const config = readFileSync("observablehq.config.ts", "utf8");
/** Malformed %-encoding, tfjs's debug flags, an unknown backend and an unknown key, as in faults.test.ts. */
const HOSTILE = "?x=%ff&tfjsflags=DEBUG:true&backend=quantum&foo=1";
const PATHS = [...new Set(["/", ...[...config.matchAll(/path: "([^"]+)"/g)].map((m) => m[1])])];

/** The page's live work is over: tfjs started, no cell pending, no live element building, loading or running. */
async function settled(page: Page, timeout = 150_000): Promise<void> {
  const end = Date.now() + timeout;
  for (let streak = 0; streak < 2; ) {
    if (Date.now() > end) throw new Error(`the page did not settle within ${timeout / 1000} s`);
    const quiet = await page.evaluate(
      () =>
        document.documentElement.dataset.tfjs !== "starting" &&
        document.querySelectorAll("observablehq-loading").length === 0 &&
        document.querySelectorAll('[data-state="building"], [data-state="loading"], [data-state="running"]').length ===
          0,
    );
    streak = quiet ? streak + 1 : 0;
    if (streak < 2) await new Promise((ok) => setTimeout(ok, streak ? 500 : 200));
  }
}

describe.skipIf(!existsSync(FIREFOX))("every page in Firefox ESR", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: FIREFOX,
      protocol: "webDriverBiDi",
      headless: true,
    });
  });
  afterAll(async () => browser?.close());

  for (const path of PATHS) {
    it(`${path} opens cleanly with a hostile address and its live cells finish`, async () => {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      const problems = { consoleErrors: [] as string[], pageErrors: [] as string[], foreignRequests: [] as string[] };
      page.on("console", (m) => m.type() === "error" && problems.consoleErrors.push(m.text()));
      page.on("pageerror", (e) => problems.pageErrors.push(String(e)));
      page.on("request", (r) => {
        const u = new URL(r.url());
        if (/^https?:$/.test(u.protocol) && u.hostname !== "localhost" && u.hostname !== "127.0.0.1")
          problems.foreignRequests.push(r.url());
      });
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
