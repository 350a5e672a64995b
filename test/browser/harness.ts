/**
 * Opening pages of the built site in Debian's Chromium with playwright-core, recording everything that
 * would make a reader's page wrong: console errors, uncaught exceptions, failed requests, and any request
 * to a host other than localhost (the site must work with no network).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { launchChromium } from "../../scripts/chromium.mjs";
import { settled } from "../../scripts/settle.mjs";

export interface LaunchOptions {
  /** Expose WebGPU (SwiftShader on machines without a GPU). */
  webgpu?: boolean;
  /** More Chromium flags (e.g. a fake camera). */
  args?: string[];
}

/**
 * One browser for the enclosing describe block, launched by `launch` before its tests and closed after them (the
 * one hook of the browser suites: useBrowser here, useFirefox in firefox.ts).
 */
export function useLaunched<B extends { close(): Promise<void> }>(launch: () => Promise<B>, name: string): () => B {
  let browser: B | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());
  return () => {
    if (!browser) throw new Error(`${name} has not been launched yet`);
    return browser;
  };
}

/** One Chromium for the enclosing describe block, launched before its tests and closed after them. */
export function useBrowser(opts: LaunchOptions = {}): () => Browser {
  return useLaunched(() => launchChromium(opts), "the browser");
}

export interface Problems {
  consoleErrors: string[];
  pageErrors: string[];
  foreignRequests: string[];
  failedRequests: string[];
}

export interface OpenedPage {
  page: Page;
  problems: Problems;
  url: string;
}

export function baseURL(): string {
  return inject("baseURL");
}

/** Open `path` (e.g. "/pages/architecture") in a new page, recording problems from the first request on. */
/** The window a page opens in: 1280×900 CSS pixels at 1 device pixel per CSS pixel unless told otherwise. */
export interface PageView {
  width: number;
  height: number;
  /** Device pixels per CSS pixel: 2 with a 640-px viewport is a 1280-px window zoomed to 200%. */
  deviceScaleFactor?: number;
}

export async function openPage(
  browser: Browser,
  path: string,
  query = "",
  view: PageView = { width: 1280, height: 900 },
): Promise<OpenedPage> {
  const base = baseURL();
  const page = await browser.newPage({
    viewport: { width: view.width, height: view.height },
    deviceScaleFactor: view.deviceScaleFactor ?? 1,
  });
  const problems: Problems = { consoleErrors: [], pageErrors: [], foreignRequests: [], failedRequests: [] };
  page.on("console", (m) => {
    if (m.type() === "error") problems.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => problems.pageErrors.push(String(e)));
  page.on("request", (r) => {
    const u = new URL(r.url());
    if ((u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "localhost" && u.hostname !== "127.0.0.1")
      problems.foreignRequests.push(r.url());
  });
  page.on("requestfailed", (r) => problems.failedRequests.push(`${r.url()} ${r.failure()?.errorText ?? ""}`));
  const url = `${base}${path}${query}`;
  await page.goto(url, { waitUntil: "load" });
  return { page, problems, url };
}

/**
 * One page for the enclosing describe block, opened and settled before its tests and closed after them: the
 * checks of one page share a single load, so its live work runs once. The tests run in order on the same page,
 * so a test that changes the view (viewport, media, a control) comes after those that need the page as opened.
 */
export function useSettledPage(browser: () => Browser, path: string, query = "", view?: PageView): () => OpenedPage {
  let opened: OpenedPage | undefined;
  beforeAll(async () => {
    opened = await openPage(browser(), path, query, view);
    await settled(opened.page);
  });
  afterAll(async () => opened?.page.close());
  return () => {
    if (!opened) throw new Error(`${path} has not been opened yet`);
    return opened;
  };
}

/**
 * Observable renders a cell's error as an element with class observablehq--error; a reader would see it as
 * a broken cell, so it counts as a problem too.
 */
export async function cellErrors(page: Page): Promise<string[]> {
  return page.$$eval(".observablehq--error", (els) => els.map((e) => e.textContent ?? ""));
}

/** Everything that should be empty on a healthy page. */
export async function allProblems(o: OpenedPage): Promise<Problems & { cellErrors: string[] }> {
  return { ...o.problems, cellErrors: await cellErrors(o.page) };
}

export const NO_PROBLEMS = {
  consoleErrors: [],
  pageErrors: [],
  foreignRequests: [],
  failedRequests: [],
  cellErrors: [],
};

export { settled };

/** Save a screenshot under screenshots/ (git-ignored) for a human to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}
