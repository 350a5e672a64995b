/**
 * Fault injection in the second engine, Firefox ESR: the cases of faults.test.ts that depend on the browser, each
 * ending in a clear message and a working page. One Firefox and one Activations explorer page (on WASM) for the
 * images and the weights, so the suite stays short.
 *
 * Cases:
 * - images (made in the test, picked through the file input): every generated image of fault-cases.ts, as in
 *   Chromium: tiny (1×1), huge (8000×6000, scaled down, and said), very wide and very tall (the centre square),
 *   grayscale, 16-bit, transparent (composited on white, and said), animated (the first frame), EXIF-rotated (shown
 *   upright), not an image (a message); then undecodable bytes (a message, the previous image stays), and a newer
 *   pick while an older one is still decoding (the newer wins). Checked on the network input the page draws.
 * - weights (on the installed model): every broken weights file of fault-cases.ts (not JSON, cut short, shards not
 *   picked, a shard cut short, shapes that do not fit, another architecture, a labels file of another size, no
 *   weight files, a .tflite cut short) gets its own message at the picker, and the page keeps the weights it had.
 * - csp: the page cannot reach another origin (fetch, image, script), and the other origin receives nothing; an
 *   inline script injected into the page's HTML does not run, while the page's own do.
 * - backend: headless Firefox ESR has neither WebGL2 nor WebGPU (checked: if it ever has one, this case fails and
 *   the GPU-failure cases of faults.test.ts, injected the same way, belong here), so no GPU can fail mid-session in
 *   it; what Firefox readers meet instead is covered: WebGPU requested but unavailable, WebGL requested but
 *   unavailable (each falls back to WASM, says why in the backend line, and computes the page), and a backend
 *   remembered as failed for the tab, as after a GPU failure and reload (the next one starts and says so).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveAssets, LAYERS_MODEL_DIR, TFLITE_FILE } from "../assets.js";
import {
  BLUE,
  expectedMessage,
  expectOtherOriginRefused,
  expectPixel,
  type FilePayload,
  file,
  IMAGE_FAULTS,
  type ImagePicker,
  png,
  RED,
  WEIGHTS_FAULTS,
} from "./fault-cases.js";
import { FIREFOX, type FirefoxProblems, firefoxPage, settled, useFirefox } from "./firefox.js";
import { baseURL } from "./harness.js";

const HAVE_MODEL = haveAssets(
  "Firefox fault tests on broken weight files",
  join(LAYERS_MODEL_DIR, "model.json"),
  TFLITE_FILE,
);

describe.skipIf(!existsSync(FIREFOX))("faults in Firefox ESR", () => {
  const browser = useFirefox();
  let page: Page;
  let problems: FirefoxProblems;
  let dir: string;
  let picks = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "firefox-faults-"));
    ({ page, problems } = await firefoxPage(browser()));
    await page.goto(`${baseURL()}/pages/activations?backend=wasm`, { waitUntil: "load" });
    await settled(page);
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Put the files on disk (each pick in its own folder, under the names the page sees) and pick them in `input`. */
  async function pickFiles(selector: string, files: FilePayload[]): Promise<void> {
    const folder = join(dir, String(++picks));
    mkdirSync(folder);
    for (const f of files) writeFileSync(join(folder, f.name), f.buffer);
    const input = await page.waitForSelector(selector);
    if (!input) throw new Error(`no ${selector} on the page`);
    await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(
      ...files.map((f) => join(folder, f.name)),
    );
  }

  const IMAGE_INPUT = '.act-image-input input[type="file"]';

  /** Wait for the forward pass on `name`; return the "Showing" line. */
  async function waitRun(name: string): Promise<string> {
    await page.waitForSelector(`#act-run-status[data-state="done"][data-image="${name}"]`, { timeout: 120_000 });
    return page.$eval(".act-current", (e) => e.textContent ?? "");
  }

  /** Pick one file (Firefox gives it the type its name's extension says). */
  async function pick(name: string, buffer: Buffer): Promise<string> {
    await pickFiles(IMAGE_INPUT, [file(name, buffer)]);
    return waitRun(name);
  }

  describe("images", () => {
    const picker: ImagePicker = {
      pick,
      choose: (name, buffer) => pickFiles(IMAGE_INPUT, [file(name, buffer)]),
      message: () => page.$eval(".act-message", (e) => e.textContent ?? ""),
      evaluate: (fn) => page.evaluate(fn),
      inputSize: () =>
        page.$eval(".act-image-input", (e) => [e.getAttribute("data-width"), e.getAttribute("data-height")]),
      inputPixel: (x, y) =>
        page.$eval(
          'canvas[aria-label^="The network input"]',
          (c, x, y) => [...(c as HTMLCanvasElement).getContext("2d")!.getImageData(x, y, 1, 1).data.slice(0, 3)],
          x,
          y,
        ),
    };
    for (const fault of IMAGE_FAULTS) it(fault.name, () => fault.run(picker));

    it("undecodable bytes: a message, and the previous image stays", async () => {
      const runs = await page.$eval("#act-run-status", (e) => (e as HTMLElement).dataset.run);
      await pickFiles(IMAGE_INPUT, [file("broken.png", "not a picture", "image/png")]);
      await page.waitForFunction(() => document.querySelector(".act-message")?.textContent?.includes("broken.png"), {
        timeout: 60_000,
      });
      expect(await page.$eval(".act-message", (e) => e.textContent)).toBe(
        "Could not open broken.png: the browser cannot decode it as an image. The image shown is still rotated.jpg.",
      );
      await settled(page);
      expect(await page.$eval("#act-run-status", (e) => (e as HTMLElement).dataset.run)).toBe(runs);
      expect(await page.$eval(".act-current", (e) => e.textContent)).toContain("rotated.jpg");
    });

    it("a newer pick cancels an older one still decoding", async () => {
      await pickFiles(IMAGE_INPUT, [file("first-big.png", png({ width: 6000, height: 6000, pixel: () => BLUE }))]);
      await pickFiles(IMAGE_INPUT, [file("second.png", png({ width: 8, height: 8, pixel: () => RED }))]);
      await waitRun("second.png");
      await settled(page);
      expect(await page.$eval(".act-current", (e) => e.textContent)).toContain("second.png");
      expect(await page.$eval("#act-run-status", (e) => (e as HTMLElement).dataset.image)).toBe("second.png");
      await expectPixel(picker, 112, 112, RED);
    });
  });

  describe.skipIf(!HAVE_MODEL)("weights", () => {
    for (const fault of WEIGHTS_FAULTS)
      it(fault.name, async () => {
        const loads = await page.$eval(".act-load-status", (e) => (e as HTMLElement).dataset.load);
        await pickFiles(`.act-weights input[data-choice="${fault.input}"]`, await fault.files());
        await page.waitForFunction(
          (l) => {
            const s = document.querySelector(".act-load-status") as HTMLElement | null;
            return s?.dataset.state === "done" && s.dataset.load !== l;
          },
          { timeout: 120_000 },
          loads,
        );
        await settled(page);
        const state = await page.evaluate(() => ({
          kind: (document.querySelector(".act-load-status") as HTMLElement).dataset.kind,
          notice: document.querySelector(".act-notice-ok")?.textContent ?? "",
          checked: [...document.querySelectorAll(".act-weights input[type=radio]:checked")].map(
            (r) => r.parentElement?.textContent ?? "",
          ),
          run: (document.querySelector("#act-run-status") as HTMLElement).dataset.state,
          message: document.querySelector(".act-weights .input-error")?.textContent ?? "",
        }));
        // The page kept the installed weights, the picker shows them again, and says why.
        expect(state.kind).toBe("installed");
        expect(state.notice).toContain("Using trained weights");
        expect(state.checked).toEqual([expect.stringContaining("Pretrained")]);
        expect(state.run).toBe("done");
        const expected = expectedMessage(fault);
        if (typeof expected === "string") expect(state.message).toBe(expected);
        else expect(state.message).toMatch(expected);
      });
  });

  describe("the explorer after all of it", () => {
    it("has no broken cell, no console error and no uncaught exception", async () => {
      const broken = await page.$$eval(".observablehq--error, [data-state='error']", (els) =>
        els.map((e) => e.textContent ?? ""),
      );
      expect(broken).toEqual([]);
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], foreignRequests: [] });
      await page.close();
    });
  });

  describe("csp", () => {
    it("a page cannot reach another origin, and the other origin receives nothing", async () => {
      const { page, problems } = await firefoxPage(browser());
      try {
        await page.goto(`${baseURL()}/pages/relu6`, { waitUntil: "load" });
        await settled(page);
        await expectOtherOriginRefused((run, url) => page.evaluate(run, url));
        // Firefox reports each refusal (once per policy: header and <meta>) as an error; nothing else went wrong.
        expect(problems.pageErrors.length).toBeGreaterThan(0);
        for (const e of [...problems.pageErrors, ...problems.consoleErrors])
          expect(e).toMatch(
            /^Error: Content-Security-Policy: The page’s settings blocked .*\((connect|img|script)-src/,
          );
      } finally {
        await page.close();
      }
    });

    it("an inline script injected into the page does not run; the page's own do", async () => {
      // A page served with an extra inline script, as an injection into its HTML would add it: its policy (header
      // and <meta>, both made from the page's own scripts) does not list the injected one.
      const { page, problems } = await firefoxPage(browser());
      const url = `${baseURL()}/pages/relu6`;
      await page.setRequestInterception(true);
      page.on("request", async (r) => {
        if (r.url() !== url) return r.continue();
        const res = await fetch(url);
        const body = (await res.text()).replace(
          "</body>",
          '<script>document.documentElement.dataset.injected = "ran";</script></body>',
        );
        const headers = Object.fromEntries([...res.headers].filter(([k]) => k !== "content-length"));
        await r.respond({ status: 200, headers, body });
      });
      try {
        await page.goto(url, { waitUntil: "load" });
        await settled(page);
        const state = await page.evaluate(() => ({
          injected: document.documentElement.dataset.injected ?? null,
          tfjs: document.documentElement.dataset.tfjs,
          broken: document.querySelectorAll(".observablehq--error").length,
        }));
        expect(state).toMatchObject({ injected: null, broken: 0 });
        expect(state.tfjs).toMatch(/^(webgpu|webgl|wasm|cpu)$/);
        expect(problems.pageErrors.length).toBeGreaterThan(0);
        for (const e of [...problems.pageErrors, ...problems.consoleErrors])
          expect(e).toMatch(/^Error: Content-Security-Policy: The page’s settings blocked an inline script/);
      } finally {
        await page.close();
      }
    });
  });

  describe("backend", () => {
    let page: Page;
    let problems: FirefoxProblems;
    beforeAll(async () => {
      ({ page, problems } = await firefoxPage(browser()));
    });

    /** Open the Linear bottleneck page (one small tfjs cell) with `query`; its cell's backend line and a result. */
    async function open(query: string) {
      await page.goto(`${baseURL()}/pages/linear-bottleneck${query}`, { waitUntil: "load" });
      await settled(page);
      return page.evaluate(() => ({
        tfjs: document.documentElement.dataset.tfjs,
        fallback: document.documentElement.dataset.tfjsFallback ?? null,
        line: document.querySelector(".backend-badge")?.textContent ?? "",
        negative: document.querySelector("#lb-neg-expanded")?.textContent ?? "",
        broken: document.querySelectorAll(".observablehq--error, [data-state='error']").length,
      }));
    }

    it("no GPU can fail mid-session here: headless Firefox ESR offers neither WebGL2 nor WebGPU", async () => {
      await page.goto(`${baseURL()}/pages/linear-bottleneck`, { waitUntil: "load" });
      const gpu = await page.evaluate(() => ({
        webgl2: !!document.createElement("canvas").getContext("webgl2"),
        webgpu: "gpu" in navigator && !!navigator.gpu,
      }));
      expect(gpu, "a GPU backend is available: run the injected GPU-failure cases in Firefox").toEqual({
        webgl2: false,
        webgpu: false,
      });
      await settled(page);
    });

    for (const [requested, label] of [
      ["webgpu", "WebGPU"],
      ["webgl", "WebGL"],
    ])
      it(`${label} requested but unavailable: falls back to WASM, says why, computes the page`, async () => {
        const shown = await open(`?backend=${requested}`);
        expect(shown).toMatchObject({ tfjs: "wasm", fallback: requested, broken: 0 });
        expect(shown.line).toMatch(/^Backend: WebAssembly \(WASM\)/);
        expect(shown.line).toContain(`Fell back to WebAssembly (WASM): ${label} is not available in this browser.`);
        expect(shown.negative).toMatch(/^\d+(\.\d+)?%$/);
      });

    it("a backend remembered as failed for the tab (as after a GPU failure and reload): the next one starts", async () => {
      await page.evaluate(() =>
        sessionStorage.setItem("mnv2-lost-backends", JSON.stringify([{ name: "wasm", why: "injected by the test" }])),
      );
      try {
        const shown = await open("?backend=wasm");
        expect(shown).toMatchObject({ tfjs: "cpu", fallback: "wasm", broken: 0 });
        expect(shown.line).toContain(
          "Fell back to plain JavaScript (CPU): WebAssembly (WASM) stopped working earlier in this tab (injected by the test).",
        );
        expect(shown.negative).toMatch(/^\d+(\.\d+)?%$/);
      } finally {
        await page.evaluate(() => sessionStorage.removeItem("mnv2-lost-backends"));
      }
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], foreignRequests: [] });
      await page.close();
    });
  });
});
