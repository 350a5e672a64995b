/**
 * What the Firefox ESR suites (firefox.test.ts, firefox-faults.test.ts) share: the browser (Debian's firefox-esr,
 * driven by puppeteer-core over WebDriver BiDi; FIREFOX_PATH names another binary), a page that records its
 * problems, and waiting for a page to settle.
 */
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { useLaunched } from "./harness.js";

export const FIREFOX = process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr";

/** One Firefox for the enclosing describe block, launched before its tests and closed after them (as useBrowser). */
export function useFirefox(): () => Browser {
  return useLaunched(
    () => puppeteer.launch({ browser: "firefox", executablePath: FIREFOX, protocol: "webDriverBiDi", headless: true }),
    "Firefox",
  );
}

export interface FirefoxProblems {
  consoleErrors: string[];
  pageErrors: string[];
  foreignRequests: string[];
}

/** A new 1280×900 page recording console errors, uncaught exceptions and requests to another host. */
export async function firefoxPage(browser: Browser): Promise<{ page: Page; problems: FirefoxProblems }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems: FirefoxProblems = { consoleErrors: [], pageErrors: [], foreignRequests: [] };
  page.on("console", (m) => m.type() === "error" && problems.consoleErrors.push(m.text()));
  page.on("pageerror", (e) => problems.pageErrors.push(String(e)));
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (/^https?:$/.test(u.protocol) && u.hostname !== "localhost" && u.hostname !== "127.0.0.1")
      problems.foreignRequests.push(r.url());
  });
  return { page, problems };
}

/** The page's live work is over: tfjs started, no cell pending, no live element building, loading or running. */
export async function settled(page: Page, timeout = 150_000): Promise<void> {
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
