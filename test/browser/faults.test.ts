/**
 * Fault injection: what a hostile or careless reader (or a broken machine) can do to the site, one test per case.
 * Each must end in a clear message and a working page, never a broken cell or an uncaught error.
 *
 * Cases:
 * - address: every page opened with a hostile query string (malformed %-encoding, tfjs debug flags, an unknown
 *   backend, unknown keys) opens cleanly and names what it ignored; a valid ?backend= is honoured.
 * - server: scripts/serve.mjs fed malformed request lines (bad %-encoding, traversal, NUL, over-long address,
 *   over-long headers, unknown method, binary garbage, a half-sent request) answers each with a 4xx, never with a
 *   file outside the site, and a normal request still succeeds afterwards with nosniff and the CSP.
 * - backend: WebGPU unavailable, failing to start, failing during a run (its queue throws), out of memory (an
 *   uncaptured GPUOutOfMemoryError) and its device lost mid-session (destroyed): the page falls back to WebAssembly
 *   by itself, recomputes everything on it, and its backend line says so (no longer green); no error in a cell.
 *   WebGL losing its context mid-session does the same. Mid-session the page is not reloaded, and its backend line
 *   says the GPU stopped "while this page was open" and what was computed again: on the Linear bottleneck page
 *   (WebGPU device lost) the random block, on the ReLU6 page (WebGL context lost) block 1's trained expansion
 *   values, each with the same numbers; on the Transfer learning page (WebGL lost after training) the reader's
 *   classes and settings stay and the trained head's weights, kept after each epoch, are evaluated again on WASM
 *   (the same held-out accuracy and prediction); on the Activations explorer the picked image and the weights in
 *   use come back on WASM with the same prediction. No page cell reads a tensor synchronously (on SwiftShader's
 *   WebGPU a dataSync() in the Activations explorer lost the device by itself).
 * - images (Activations explorer, made in the test): tiny (1×1), huge (8000×6000, scaled down), very wide and very
 *   tall, grayscale, 16-bit, transparent (composited on white, and said), animated (first frame), EXIF-rotated
 *   (shown upright), undecodable bytes and a file that is not an image (a message, the previous image stays), and
 *   a newer pick while an older one is still decoding (the newer one wins). Checked on the network input itself.
 * - webcam (Chromium's fake camera, playing a 1600×1200 video made in the test, on a camera that ignores the
 *   page's 640×480 wish): the snapshot is scaled down like a picked file (1024×768, and said) before it becomes
 *   a tensor, and the network input shows its centre square.
 * - weights (Activations explorer, on the installed model): a model.json that is not JSON, one cut short, its
 *   shards not picked, a shard cut short, shapes that do not fit, another architecture, a labels file of another
 *   size, a model.json listing no weight files, and a .tflite cut short: each gets its own message at the picker,
 *   and the page keeps the weights it had (the picker shows them again).
 * - csp: a page that tries to reach another origin (fetch, image, script) is refused by its
 *   Content-Security-Policy, and the other origin receives nothing; an inline script injected into a page (not one
 *   of the page's own, whose hashes its policy lists) is refused while the page's own scripts run.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveAssets, LAYERS_MODEL_DIR, SHIPPED_IMAGES_DIR, TFLITE_FILE } from "../assets.js";
import { waitRun } from "./explorer.js";
import {
  BLUE,
  expectedMessage,
  expectOtherOriginRefused,
  expectPixel,
  type FilePayload,
  IMAGE_FAULTS,
  type ImagePicker,
  png,
  RED,
  type RGB,
  WEIGHTS_FAULTS,
} from "./fault-cases.js";
import { allProblems, baseURL, NO_PROBLEMS, type OpenedPage, openPage, settled, useBrowser } from "./harness.js";
import { num } from "./page-helpers.js";

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
    const o = await openPage(browser(), "/pages/depthwise-separable", "?backend=cpu");
    await settled(o.page);
    expect(await o.page.evaluate(() => document.documentElement.dataset.tfjs)).toBe("cpu");
    expect(await o.page.locator(".site-address-notice").count()).toBe(0);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });
});

/** Send raw bytes to the site's server and return the status line of its answer ("" if it closed silently). */
function rawRequest(bytes: string | Buffer, endAfterMs = 0): Promise<string> {
  const { hostname, port } = new URL(baseURL());
  return new Promise((ok, fail) => {
    const socket = connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname);
    let answer = "";
    socket.setTimeout(15_000, () => {
      socket.destroy();
      fail(new Error("the server neither answered nor closed the connection"));
    });
    socket.on("data", (d) => {
      answer += d.toString("latin1");
    });
    socket.on("error", () => ok(answer.split("\r\n")[0]));
    socket.on("close", () => ok(answer.split("\r\n")[0]));
    socket.write(bytes);
    if (endAfterMs) setTimeout(() => socket.end(), endAfterMs);
  });
}

async function normalRequestWorks(): Promise<void> {
  const res = await fetch(`${baseURL()}/pages/architecture`);
  expect(res.status).toBe(200);
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
  expect(await res.text()).toContain('http-equiv="Content-Security-Policy"');
}

describe("server", () => {
  const CASES: [string, string | Buffer, RegExp][] = [
    ["malformed %-encoding", "GET /% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", /^HTTP\/1\.1 400/],
    ["bad UTF-8 in %-encoding", "GET /%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", /^HTTP\/1\.1 400/],
    ["traversal", "GET /../../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", /^HTTP\/1\.1 404/],
    [
      "encoded traversal",
      "GET /pages/%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      /^HTTP\/1\.1 404/,
    ],
    ["encoded NUL", "GET /index.html%00.png HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", /^HTTP\/1\.1 400/],
    [
      "over-long address",
      `GET /${"a".repeat(8000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      /^HTTP\/1\.1 414/,
    ],
    ["over-long headers", `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(40_000)}\r\n\r\n`, /^HTTP\/1\.1 431/],
    ["unknown method", "BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", /^HTTP\/1\.1 (400|405)/],
    ["POST", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", /^HTTP\/1\.1 405/],
    ["binary garbage", Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10]), /^(HTTP\/1\.1 400 .*|)$/],
    [
      "absolute-form target",
      "GET http://evil.example/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      /^HTTP\/1\.1 400/,
    ],
  ];
  for (const [name, bytes, expected] of CASES) {
    it(`${name}: refused, and the server still serves`, async () => {
      expect(await rawRequest(bytes)).toMatch(expected);
      await normalRequestWorks();
    });
  }

  it("a half-sent request does not block others", async () => {
    const pending = rawRequest("GET / HTTP/1.1\r\nHost: x\r\n", 1000);
    await normalRequestWorks();
    await pending;
    await normalRequestWorks();
  });
});

describe("csp", () => {
  const browser = useBrowser();

  // With the server's header (and the page's <meta>), and with the <meta> alone, as on a static host that sends
  // no header: the header is stripped from every response before the page sees it.
  for (const metaOnly of [false, true]) {
    it(`a page cannot reach another origin (${metaOnly ? "the page's <meta> alone" : "header and <meta>"})`, async () => {
      const page = await browser().newPage();
      const consoleErrors: string[] = [];
      page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
      try {
        if (metaOnly)
          await page.route(`${baseURL()}/**`, async (route) => {
            const response = await route.fetch();
            const headers = { ...response.headers() };
            delete headers["content-security-policy"];
            await route.fulfill({ response, headers });
          });
        const res = await page.goto(`${baseURL()}/pages/activations`, { waitUntil: "load" });
        expect(!!res?.headers()["content-security-policy"]).toBe(!metaOnly);
        await settled(page);
        // The page says what this test proves.
        expect(await page.locator("#observablehq-main").textContent()).toContain(
          "Images you choose here never leave your browser",
        );
        await expectOtherOriginRefused((run, url) => page.evaluate(run, url));
        // The only console errors are the browser's refusals.
        expect(consoleErrors.length).toBeGreaterThan(0);
        for (const e of consoleErrors) expect(e).toMatch(/Content Security Policy|Failed to fetch|ERR_/i);
      } finally {
        await page.close();
      }
    });
  }
});

/** An inline script a page never had, as an injection into its HTML would add it. */
const INJECTED = '<script>document.documentElement.dataset.injected = "ran";</script>';

describe("csp: inline scripts", () => {
  const browser = useBrowser();

  // The injected script goes into the HTML after the server hashed the page (so its header lists the page's own
  // scripts only), with the header and <meta> as served, and with the <meta> alone.
  for (const metaOnly of [false, true]) {
    it(`an injected inline script is refused, the page's own run (${metaOnly ? "<meta> alone" : "header and <meta>"})`, async () => {
      const page = await browser().newPage();
      const consoleErrors: string[] = [];
      page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
      try {
        await page.route(`${baseURL()}/pages/relu6`, async (route) => {
          const response = await route.fetch();
          const headers = { ...response.headers() };
          if (metaOnly) delete headers["content-security-policy"];
          const body = (await response.text()).replace("</body>", `${INJECTED}</body>`);
          await route.fulfill({ response, headers, body });
        });
        await page.addInitScript(() =>
          document.addEventListener("securitypolicyviolation", (e) => {
            document.documentElement.dataset.refused = e.effectiveDirective;
          }),
        );
        await page.goto(`${baseURL()}/pages/relu6`, { waitUntil: "load" });
        await settled(page);
        const state = await page.evaluate(() => ({ ...document.documentElement.dataset }));
        expect(state.injected).toBeUndefined();
        expect(state.refused).toBe("script-src-elem");
        // The page's own inline scripts (its cells) ran: tfjs started and no cell broke.
        expect(state.tfjs).toBe("wasm");
        expect(await page.locator(".observablehq--error").count()).toBe(0);
        // One refusal per policy (the header and the <meta> each refuse it), nothing else.
        expect(consoleErrors.length).toBe(metaOnly ? 1 : 2);
        for (const e of consoleErrors) expect(e).toMatch(/Content Security Policy/);
      } finally {
        await page.close();
      }
    });
  }
});

/**
 * Faults injected into the page's WebGPU before any of its scripts run: the test keeps the device the page asks
 * for, and breaks it on request (a DOM event, so that no global is needed).
 */
const GPU_FAULTS = `(() => {
  const mode = new URL(location.href).hash.slice(1);
  // WebGL: keep every WebGL2 context the page makes; lose the live ones on request.
  const contexts = [];
  for (const C of [HTMLCanvasElement, globalThis.OffscreenCanvas].filter(Boolean)) {
    const getContext = C.prototype.getContext;
    C.prototype.getContext = function (kind, ...rest) {
      const ctx = getContext.call(this, kind, ...rest);
      if (ctx && kind === "webgl2") contexts.push(ctx);
      return ctx;
    };
  }
  document.addEventListener("test-lose-webgl", () => {
    for (const gl of contexts) if (!gl.isContextLost()) gl.getExtension("WEBGL_lose_context")?.loseContext();
  });
  if (mode === "no-webgpu") Object.defineProperty(Navigator.prototype, "gpu", { get: () => undefined });
  if (!globalThis.GPUAdapter) return;
  const requestDevice = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (...args) {
    if (mode === "no-device") throw new Error("injected: the adapter refused to create a device");
    const device = await requestDevice.apply(this, args);
    if (mode === "queue-throws") {
      const submit = device.queue.submit.bind(device.queue);
      let calls = 0;
      device.queue.submit = (...a) => { if (++calls > 2) throw new Error("injected: GPU queue failure"); return submit(...a); };
    }
    document.addEventListener("test-destroy-gpu", () => device.destroy());
    document.addEventListener("test-gpu-oom", () =>
      device.dispatchEvent(new GPUUncapturedErrorEvent("uncapturederror", { error: new GPUOutOfMemoryError("injected") })));
    return device;
  };
})();`;

/** A photo picked in the explorer (one shipped with the site, under another name, so that it counts as picked). */
const PICKED_PHOTO = join(SHIPPED_IMAGES_DIR, "cat_chelsea.png");
const HAVE_LAYERS_MODEL = haveAssets(
  "the explorer's backend switch on trained weights",
  join(LAYERS_MODEL_DIR, "model.json"),
);

/** The page shows no error cell and no status line in error, and threw nothing. */
async function expectNoErrors(page: Page, pageErrors: string[]): Promise<void> {
  expect(await page.locator(".observablehq--error").count()).toBe(0);
  expect(await page.locator('[data-state="error"]').count()).toBe(0);
  expect(pageErrors).toEqual([]);
}

describe("backend", () => {
  const browser = useBrowser({ webgpu: true });
  const PAGE = "/pages/depthwise-separable";

  /** Open PAGE with ?backend=webgpu and a fault mode; returns the page once it has settled. */
  async function open(mode: string, settle = true, backend = "webgpu", path = PAGE) {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(GPU_FAULTS);
    const page = await context.newPage();
    const problems = { pageErrors: [] as string[] };
    page.on("pageerror", (e) => problems.pageErrors.push(String(e)));
    await page.goto(`${baseURL()}${path}?backend=${backend}#${mode}`);
    if (settle) await settled(page, 170_000);
    return { page, context, problems };
  }

  /** Mark the document: a reload would lose the mark, a switch in place keeps it. */
  const mark = (page: import("playwright-core").Page) =>
    page.evaluate(() => {
      document.documentElement.dataset.testStayed = "yes";
    });

  /** The page was not reloaded (it kept the mark) and its backend line says it recomputed in place. */
  async function expectStayed(page: import("playwright-core").Page) {
    expect(await page.evaluate(() => document.documentElement.dataset.testStayed)).toBe("yes");
    const line = await page.locator('[data-testid="backend"]').textContent();
    expect(line).toContain("stopped working while this page was open");
    expect(line).toContain("Everything this page showed was computed again on WebAssembly (WASM), without reloading.");
  }

  /** After a fallback: the page runs on WASM, says why in its backend line, and every cell has its result. */
  async function expectFallback(page: import("playwright-core").Page, why: RegExp, from = "webgpu") {
    await page.waitForFunction(() => document.documentElement.dataset.tfjs === "wasm", null, { timeout: 60_000 });
    await settled(page, 170_000);

    expect(await page.evaluate(() => document.documentElement.dataset.tfjsFallback)).toBe(from);
    const line = (await page.locator('[data-testid="backend"]').textContent()) ?? "";
    expect(line).toContain("Fell back to WebAssembly (WASM)");
    expect(line).toMatch(why);
    expect(await page.locator(".observablehq--error").count()).toBe(0);
    expect(await page.locator('[data-state="error"]').count()).toBe(0);
    // The live table was recomputed on WASM.
    expect(await page.locator('[data-testid="ds-live"]').textContent()).toContain("WebAssembly");
  }

  it("WebGPU unavailable: falls back to WASM and says so", async () => {
    const { page, context, problems } = await open("no-webgpu");
    await expectFallback(page, /WebGPU is not available in this browser/);
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  });

  it("WebGPU failing to start: falls back to WASM and says so", async () => {
    const { page, context, problems } = await open("no-device");
    await expectFallback(page, /WebGPU could not start/);
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  });

  it("WebGPU failing during a run: the page recomputes on WASM", async () => {
    const { page, context } = await open("queue-throws", false); // it reloads while starting
    await expectFallback(
      page,
      /WebGPU stopped working (earlier in this tab|while this page was open) \(.*(computation|reading a result) failed/,
    );
    await context.close();
  });

  it("WebGPU out of memory mid-session: the page recomputes on WASM", async () => {
    const { page, context } = await open("");
    expect(await page.evaluate(() => document.documentElement.dataset.tfjs)).toBe("webgpu");
    await mark(page);
    await page.evaluate(() => document.dispatchEvent(new Event("test-gpu-oom")));
    await expectFallback(page, /ran out of memory/);
    await expectStayed(page);
    await context.close();
  });

  it("WebGPU device lost mid-session: the page recomputes on WASM", async () => {
    const { page, context } = await open("");
    expect(await page.evaluate(() => document.documentElement.dataset.tfjs)).toBe("webgpu");
    await mark(page);
    await page.evaluate(() => document.dispatchEvent(new Event("test-destroy-gpu")));
    await expectFallback(page, /device was lost/);
    await expectStayed(page);
    await page.locator('[data-testid="backend"]').screenshot({ path: "screenshots/fault-device-lost.png" });
    await context.close();
  });

  // Measured on SwiftShader's WebGPU (--enable-unsafe-webgpu): the Activations explorer lost its device by itself
  // 0.5 s into its first forward pass ("Device was destroyed"; Chromium: "A valid external Instance reference no
  // longer exists"), right after its preprocessing cell read the input back with dataSync(), which tfjs's WebGPU
  // backend does through a canvas. The fallback took over cleanly (WASM, the line said why), but read
  // asynchronously the page stays on WebGPU (first pass done about 30 s after opening on a loaded 2-core machine).
  // Opening the page on SwiftShader in CI costs that half minute, so this case checks the pages' cells instead.
  it("no page cell reads a tensor synchronously (on SwiftShader's WebGPU that lost the device)", () => {
    const found = readdirSync("src/pages")
      .filter((f) => f.endsWith(".md"))
      .flatMap((f) =>
        [...readFileSync(join("src/pages", f), "utf8").matchAll(/```js\n([\s\S]*?)```/g)].flatMap((cell) =>
          /\.(dataSync|arraySync)\(/.test(cell[1]) ? [f] : [],
        ),
      );
    expect(found).toEqual([]);
  });

  it("WebGL context lost mid-session: the page recomputes on WASM", async () => {
    const { page, context } = await open("", true, "webgl");
    expect(await page.evaluate(() => document.documentElement.dataset.tfjs)).toBe("webgl");
    await mark(page);
    await page.evaluate(() => document.dispatchEvent(new Event("test-lose-webgl")));
    await expectFallback(
      page,
      /WebGL stopped working while this page was open \(its WebGL context was lost\)/,
      "webgl",
    );
    await expectStayed(page);
    await context.close();
  });

  /** The page's own navigation: "navigate" while the document is still the one first opened (no reload). */
  const navigation = (page: import("playwright-core").Page) =>
    page.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).type);

  // Pages whose only tfjs cell reads `status`: the GPU fails once the page shows its result; the cell runs again
  // on WASM in place, with the same numbers (the block's weights and input are seeded; the trained network and
  // photo are the same), and the cell's backend line says what happened and what was computed again.
  const IN_PLACE: [string, string, string, string, string[]][] = [
    [
      "/pages/linear-bottleneck",
      "webgpu",
      "test-destroy-gpu",
      "WebGPU stopped working while this page was open (its GPU device was lost: Device was destroyed). The random block was built and run again on WebAssembly (WASM), without reloading.",
      ["#lb-neg-expanded", "#lb-neg-projected"],
    ],
    [
      "/pages/relu6",
      "webgl",
      "test-lose-webgl",
      "WebGL stopped working while this page was open (its WebGL context was lost). Block 1's expansion values, and all drawn from them, were computed again on WebAssembly (WASM), without reloading.",
      ["#r6-step-relu", "#r6-rmse-relu", "#r6-rmse-relu6"],
    ],
  ];
  for (const [path, backend, event, said, numbers] of IN_PLACE)
    it(`${path}, ${backend === "webgpu" ? "WebGPU device lost" : "WebGL context lost"}: recomputed on WASM in place`, async () => {
      const { page, context, problems } = await open("", true, backend, path);
      const badge = page.locator(".backend-badge").first();
      expect(await badge.getAttribute("data-backend")).toBe(backend);
      const read = () => Promise.all(numbers.map((n) => num(page, n)));
      const before = await read();
      await mark(page);
      await page.evaluate((e) => document.dispatchEvent(new Event(e)), event);
      await page.waitForFunction(() => document.documentElement.dataset.tfjs === "wasm", null, { timeout: 60_000 });
      await page.waitForSelector('.backend-badge[data-backend="wasm"]', { timeout: 120_000 });
      await settled(page, 170_000);
      expect(await page.evaluate(() => document.documentElement.dataset.testStayed)).toBe("yes");
      expect(await navigation(page)).toBe("navigate");
      const line = (await badge.textContent()) ?? "";
      expect(line).toMatch(/^Backend: WebAssembly \(WASM\)/);
      expect(line).toContain(`Fell back to WebAssembly (WASM): ${said}`);
      const after = await read();
      for (const [i, v] of after.entries())
        expect(Math.abs(v - before[i]), numbers[i]).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(before[i])));
      if (path === "/pages/relu6") expect(await page.locator(".r6-weights").getAttribute("data-trained")).toBe("true");
      await expectNoErrors(page, problems.pageErrors);
      await context.close();
    });

  // A page holding a trained network outside the backend's cells: it is loaded again on WASM (data-backend of its
  // loading line), the reader's choices stay (a renamed class, the settings), what was trained stays (the head's
  // weights, copied off the GPU after each epoch, evaluated again on WASM: the same held-out accuracy, the same
  // prediction on the image tried last), and the page is not reloaded. The Inside page works the same way (on
  // SwiftShader its WebGL even fails by itself, a shader it cannot compile), but recomputing all of it on WASM
  // takes too long for CI.
  it("/pages/transfer, WebGL lost after training: the trained head kept and evaluated again on WASM, in place", async () => {
    const { page, context, problems } = await open("", true, "webgl", "/pages/transfer");
    expect(await page.evaluate(() => document.documentElement.dataset.tfjs)).toBe("webgl");
    expect(await page.locator(".tl-network").getAttribute("data-backend")).toBe("WebGL");
    // The reader's own three classes (few images, so that the frozen part runs quickly on SwiftShader's WebGL), the
    // first one renamed: plain colours, two images each.
    await page.getByRole("button", { name: "Start my own classes" }).click();
    const className = page.getByRole("textbox", { name: "Name of class 1", exact: true });
    await className.fill("my own class");
    await className.blur();
    const colours: RGB[] = [RED, BLUE, [0, 160, 0]];
    for (const i of [0, 1, 2])
      await page.getByLabel(`Add images to class ${i + 1}`).setInputFiles(
        [0, 1].map((j) => ({
          name: `${i}-${j}.png`,
          mimeType: "image/png",
          buffer: png({ width: 32, height: 32, pixel: (x) => (x < 8 * (j + 1) ? [255, 255, 255] : colours[i]) }),
        })),
      );
    await page.waitForFunction(() =>
      document.querySelector(".tl-split")?.textContent?.startsWith("6 images in 3 classes"),
    );
    for (const [label, value] of [
      ["Epochs", "2"],
      ["Augmented copies per training image", "0"],
    ]) {
      const box = page.locator(".tl-settings").getByLabel(label, { exact: true });
      await box.fill(value);
      await box.press("Enter");
    }
    const head = page.locator('.tl-panel[data-mode="head"]');
    await head.getByRole("button", { name: "Train" }).click();
    await page.waitForSelector('.tl-panel[data-mode="head"][data-state="done"]', { timeout: 150_000 });
    // An image to classify (the demo button is off once a class is renamed): red stripes on blue.
    await page.locator(".tl-try input[type=file]").setInputFiles({
      name: "stripes.png",
      mimeType: "image/png",
      buffer: png({ width: 64, height: 64, pixel: (x) => (x % 16 < 8 ? RED : BLUE) }),
    });
    const prediction = page.locator('.tl-prediction[data-mode="head"]');
    await prediction.waitFor();
    const shown = async () => ({
      ...(await head.evaluate((e) => {
        const { state, epochs, heldoutAccuracy, restored } = (e as HTMLElement).dataset;
        return { state, epochs, heldoutAccuracy, restored };
      })),
      top1: await prediction.getAttribute("data-top1"),
      confidence: Number(await prediction.getAttribute("data-confidence")),
    });
    const before = await shown();
    expect(before).toMatchObject({ state: "done", epochs: "2" });
    await mark(page);
    await page.evaluate(() => document.dispatchEvent(new Event("test-lose-webgl")));
    await page.waitForFunction(() => document.documentElement.dataset.tfjs === "wasm", null, { timeout: 60_000 });
    await page.waitForSelector('.tl-panel[data-mode="head"][data-restored][data-state="done"]', { timeout: 150_000 });
    await page.waitForSelector('.tl-predictions[data-state="done"] .tl-prediction[data-mode="head"]');
    await settled(page, 170_000);
    expect(await page.locator(".tl-network").getAttribute("data-backend")).toMatch(/^WebAssembly \(WASM\)/);
    expect(await page.evaluate(() => document.documentElement.dataset.testStayed)).toBe("yes");
    expect(await navigation(page)).toBe("navigate");
    expect(await className.inputValue()).toBe("my own class");
    expect(await page.locator(".tl-settings").getByLabel("Epochs", { exact: true }).inputValue()).toBe("2");
    const after = await shown();
    expect(after).toMatchObject({
      state: "done",
      epochs: "2",
      heldoutAccuracy: before.heldoutAccuracy,
      restored: expect.stringMatching(/^WebAssembly \(WASM\)/),
      top1: before.top1,
    });
    expect(Math.abs(after.confidence - before.confidence)).toBeLessThanOrEqual(0.01);
    expect(await head.locator(".tl-status").textContent()).toMatch(/^Trained 2 epochs before the backend switch/);
    expect(await head.getByRole("button", { name: "Train more" }).count()).toBe(1);
    // The other panel was never trained, and stays so.
    expect(await page.locator('.tl-panel[data-mode="fine"]').getAttribute("data-state")).toBe("idle");
    const line = (await page.locator(".backend-badge").first().textContent()) ?? "";
    expect(line).toContain("WebGL stopped working while this page was open (its WebGL context was lost)");
    expect(line).toContain("computed again on WebAssembly (WASM), without reloading");
    await expectNoErrors(page, problems.pageErrors);
    await context.close();
  });

  it.skipIf(!HAVE_LAYERS_MODEL)(
    "Activations explorer, WebGL context lost: the same picked image and weights, recomputed on WASM, same prediction",
    async () => {
      const { page, context, problems } = await open("", true, "webgl", "/pages/activations");
      // The backend and its line, so that a failure says why the page is not on WebGPU.
      const started = await page.evaluate(
        () => `${document.documentElement.dataset.tfjs}: ${document.querySelector(".backend-badge")?.textContent}`,
      );
      expect(started).toMatch(/^webgl: /);
      await page
        .locator('.act-image-input input[type="file"]')
        .setInputFiles({ name: "picked-cat.png", mimeType: "image/png", buffer: readFileSync(PICKED_PHOTO) });
      await waitRun(page, "picked-cat.png");
      await settled(page, 170_000);
      const shown = () =>
        page.evaluate(() => {
          const load = (document.querySelector(".act-load-status") as HTMLElement).dataset;
          const run = (document.querySelector("#act-run-status") as HTMLElement).dataset;
          const top5 = document.querySelector(".act-top5 svg[role=img]")?.getAttribute("aria-label") ?? "";
          return {
            weights: `${load.kind} ${load.source}`,
            loadedOn: load.backend,
            image: run.image,
            top1: run.top1,
            top1Percent: Number(/^Top-5 classes: [^;]*? ([\d.]+)%/.exec(top5)?.[1]),
            runs: run.run,
          };
        });
      const before = await shown();
      expect(before).toMatchObject({ weights: expect.stringMatching(/^installed /), loadedOn: "WebGL" });
      expect(before.top1Percent).toBeGreaterThan(0);
      await mark(page);
      await page.evaluate(() => document.dispatchEvent(new Event("test-lose-webgl")));
      await page.waitForFunction(() => document.documentElement.dataset.tfjs === "wasm", null, { timeout: 60_000 });
      await page.waitForSelector('#act-run-status[data-state="done"][data-image="picked-cat.png"]', {
        timeout: 120_000,
      });
      await settled(page, 170_000);
      const after = await shown();
      // The same image and weights, loaded again and run on WASM: the same prediction (float32 on both backends).
      expect(after).toMatchObject({
        weights: before.weights,
        loadedOn: expect.stringMatching(/^WebAssembly \(WASM\)/),
        image: "picked-cat.png",
        top1: before.top1,
      });
      expect(after.runs).not.toBe(before.runs);
      expect(Math.abs(after.top1Percent - before.top1Percent)).toBeLessThanOrEqual(0.2);
      expect(await page.evaluate(() => document.documentElement.dataset.testStayed)).toBe("yes");
      const badge = (await page.locator(".backend-badge").textContent()) ?? "";
      expect(badge).toMatch(/^Backend: WebAssembly \(WASM\)/);
      expect(badge).toContain("Fell back to WebAssembly (WASM)");
      expect(badge).toContain("WebGL stopped working while this page was open (its WebGL context was lost)");
      expect(badge).toContain("computed again on WebAssembly (WASM), without reloading");
      await expectNoErrors(page, problems.pageErrors);
      await context.close();
    },
  );
});

describe("images", () => {
  const browser = useBrowser();
  let o: OpenedPage;
  const fileInput = () => o.page.locator('.act-image-input input[type="file"]');

  /** Pick a file in the explorer and wait for the forward pass on it; returns the "Showing" line. */
  async function pick(name: string, buffer: Buffer, mimeType = "image/png"): Promise<string> {
    await fileInput().setInputFiles({ name, mimeType, buffer });
    await waitRun(o.page, name);
    return (await o.page.locator(".act-current").textContent()) ?? "";
  }

  /** The network input's pixel (x, y) in 0..255, read from the page's drawing of the input tensor. */
  const inputPixel = (x: number, y: number) =>
    o.page
      .locator('canvas[aria-label^="The network input"]')
      .evaluate(
        (c: HTMLCanvasElement, [x, y]) => [...c.getContext("2d")!.getImageData(x, y, 1, 1).data.slice(0, 3)],
        [x, y],
      );

  it("opens the explorer", async () => {
    o = await openPage(browser(), "/pages/activations", "?backend=wasm");
    await settled(o.page);
  });

  const picker: ImagePicker = {
    pick,
    choose: (name, buffer, mimeType) => fileInput().setInputFiles({ name, mimeType, buffer }),
    message: async () => (await o.page.locator(".act-message").textContent()) ?? "",
    evaluate: (fn) => o.page.evaluate(fn),
    inputSize: () =>
      o.page.locator(".act-image-input").evaluate((e) => [e.getAttribute("data-width"), e.getAttribute("data-height")]),
    inputPixel,
  };
  for (const fault of IMAGE_FAULTS) it(fault.name, () => fault.run(picker));

  it("undecodable bytes: a message, and the previous image stays", async () => {
    const runs = await o.page.locator("#act-run-status").getAttribute("data-run");
    await fileInput().setInputFiles({
      name: "broken.png",
      mimeType: "image/png",
      buffer: Buffer.from("not a picture"),
    });
    await o.page.waitForFunction(() => document.querySelector(".act-message")?.textContent?.includes("broken.png"));
    expect(await o.page.locator(".act-message").textContent()).toBe(
      "Could not open broken.png: the browser cannot decode it as an image. The image shown is still rotated.jpg.",
    );
    await settled(o.page);
    expect(await o.page.locator("#act-run-status").getAttribute("data-run")).toBe(runs);
    expect(await o.page.locator(".act-current").textContent()).toContain("rotated.jpg");
  });

  it("a newer pick cancels an older one still decoding", async () => {
    const big = png({ width: 6000, height: 6000, pixel: () => BLUE });
    await fileInput().setInputFiles({ name: "first-big.png", mimeType: "image/png", buffer: big });
    await fileInput().setInputFiles({
      name: "second.png",
      mimeType: "image/png",
      buffer: png({ width: 8, height: 8, pixel: () => RED }),
    });
    await waitRun(o.page, "second.png");
    await settled(o.page);
    expect(await o.page.locator(".act-current").textContent()).toContain("second.png");
    expect(await o.page.locator("#act-run-status").getAttribute("data-image")).toBe("second.png");
    await expectPixel(picker, 112, 112, RED);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });
});

/** A fake camera's video: one 1600×1200 frame, dark on the left half and bright on the right (YUV 4:2:0). */
const CAMERA_VIDEO = join(tmpdir(), `fake-camera-${process.pid}.y4m`);

function writeCameraVideo(): void {
  const [w, h] = [1600, 1200];
  const luma = Buffer.alloc(w * h);
  for (let y = 0; y < h; y++) luma.fill(40, y * w, y * w + w / 2).fill(220, y * w + w / 2, (y + 1) * w);
  const chroma = Buffer.alloc((w / 2) * (h / 2) * 2, 128); // no colour
  const header = Buffer.from(`YUV4MPEG2 W${w} H${h} F30:1 Ip A1:1 C420jpeg\nFRAME\n`);
  writeFileSync(CAMERA_VIDEO, Buffer.concat([header, luma, chroma]));
}

describe("webcam", () => {
  beforeAll(writeCameraVideo); // before the browser that plays it starts
  afterAll(() => rmSync(CAMERA_VIDEO, { force: true }));
  const browser = useBrowser({
    args: [
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${CAMERA_VIDEO}`,
    ],
  });

  it("a snapshot larger than the page asked for is scaled down like a picked image", async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    // A camera that delivers its own resolution whatever the page asks (the page's 640×480 is only a wish).
    await context.addInitScript(() => {
      const getUserMedia = MediaDevices.prototype.getUserMedia;
      MediaDevices.prototype.getUserMedia = function (c) {
        return getUserMedia.call(this, { ...c, video: { resizeMode: "none" } as MediaTrackConstraints });
      };
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await page.goto(`${baseURL()}/pages/activations?backend=wasm`);
    await settled(page);
    await page.getByRole("button", { name: "Use the webcam" }).click();
    await page.waitForFunction(
      () => document.querySelector<HTMLVideoElement>(".act-webcam video")?.videoWidth === 1600,
    );
    await page.getByRole("button", { name: "Take a snapshot" }).click();
    await waitRun(page, "webcam snapshot");
    await settled(page);
    const input = page.locator(".act-image-input");
    expect([await input.getAttribute("data-width"), await input.getAttribute("data-height")]).toEqual(["1024", "768"]);
    expect(await page.locator(".act-current").textContent()).toContain("scaled down from 1600×1200 px");
    const pixel = (x: number, y: number) =>
      page
        .locator('canvas[aria-label^="The network input"]')
        .evaluate(
          (c: HTMLCanvasElement, [x, y]) => [...c.getContext("2d")!.getImageData(x, y, 1, 1).data.slice(0, 3)],
          [x, y],
        );
    // Luma 40 and 220 on a video range: about 28 and 237 in RGB; the centre square keeps both halves.
    for (const v of await pixel(40, 112)) expect(v).toBeLessThan(60);
    for (const v of await pixel(184, 112)) expect(v).toBeGreaterThan(200);
    await page.getByRole("button", { name: "Stop the webcam" }).click();
    expect(await page.locator(".observablehq--error").count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

const HAVE_MODEL = haveAssets("fault tests on broken weight files", join(LAYERS_MODEL_DIR, "model.json"), TFLITE_FILE);

describe.skipIf(!HAVE_MODEL)("weights", () => {
  const browser = useBrowser();
  let o: OpenedPage;
  /** Pick files in the weights picker; wait for the page to try them; return the picker's message. */
  async function refused(input: "files" | "tflite-file", files: FilePayload[]): Promise<string> {
    const loads = await o.page.locator(".act-load-status").getAttribute("data-load");
    await o.page.locator(`.act-weights input[data-choice="${input}"]`).setInputFiles(files);
    await o.page.waitForFunction(
      (l) => {
        const s = document.querySelector(".act-load-status") as HTMLElement | null;
        return s?.dataset.state === "done" && s.dataset.load !== l;
      },
      loads,
      { timeout: 120_000 },
    );
    await settled(o.page);
    // The page kept the installed weights, and the picker shows them again.
    expect(await o.page.locator(".act-load-status").getAttribute("data-kind")).toBe("installed");
    expect(await o.page.locator(".act-notice-ok").textContent()).toContain("Using trained weights");
    const checked = o.page.locator(".act-weights input[type=radio]:checked");
    expect(await checked.count()).toBe(1);
    expect(await checked.evaluate((r) => r.parentElement?.textContent ?? "")).toContain("Pretrained");
    expect(await o.page.locator('#act-run-status[data-state="done"]').count()).toBe(1);
    return (await o.page.locator(".act-weights .input-error").textContent()) ?? "";
  }

  it("opens the explorer on the installed weights", async () => {
    o = await openPage(browser(), "/pages/activations", "?backend=wasm");
    await settled(o.page);
    expect(await o.page.locator(".act-load-status").getAttribute("data-kind")).toBe("installed");
  });

  for (const fault of WEIGHTS_FAULTS)
    it(fault.name, async () => {
      const message = await refused(fault.input, await fault.files());
      const expected = expectedMessage(fault);
      if (typeof expected === "string") expect(message).toBe(expected);
      else expect(message).toMatch(expected);
    });

  it("ends with no problem on the page", async () => {
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });
});
