#!/usr/bin/env node
// npm run bench: how fast MobileNetV2 runs in Chromium, per backend, and whether the pages stay responsive.
//
// 1. Forward passes (the Benchmark page, src/lib/bench.ts), per backend: WASM with 1 thread, WASM with 2 threads,
//    WebGL, CPU, WebGPU. Build time, first inference, steady state (median/min/max after warm-up) at each size for
//    the educational model, the fast path and the converted Keras model (BatchNorm folded, layers API), with a
//    square tf.matMul measured in the same page as the ceiling, and each as a % of it. At 224 with the pretrained
//    weights: the fast path's top-5 against the educational model's on the sample photos.
//    Then the fast path at 224 on 1 and 2 WASM threads again, the two pages alternating for three rounds: the
//    speed-up from threads, measured so that a change in background load falls on both.
// 2. The longest main-thread task (PerformanceObserver "longtask") on every page opened normally, and during
//    scripted interactions: on every page a number typed into its first number box and three arrow-key steps of its
//    first slider; a photo change in the Activations explorer; a drag of the Architecture page's width slider.
// WebGPU and WebGL say which adapter ran them and whether it is software-emulated (SwiftShader on a machine without
// a GPU). A GPU backend that fails during the run (SwiftShader's device is sometimes lost under heavy CPU load) is
// retried once on a fresh page; if it fails again the table says why. The load average is recorded before each
// backend and page: on a busy machine every figure is inflated.
// Writes a table to stdout and everything as JSON to bench/latest.json (and the table to bench/latest.md).
//
// The site is built first (unless SKIP_BUILD=1) with the same optional assets as the tests: MODELS_DIR and
// IMAGES_DIR, or ../shared/models and ../shared/images when they exist; installed assets are never removed.
// Options: --configs wasm1,wasm2,webgl,cpu,webgpu  --sizes 224,160,128,96  --runs 20  --warmup 3  --no-pages
//          --configs none (pages only)  --pages /pages/relu6,/pages/inside (only these pages; the scripted
//          Activations and Architecture interactions run when their page is listed). A run limited by either
//          prints its figures and leaves bench/latest.* alone.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { launchChromium } from "./chromium.mjs";
import { serve } from "./serve.mjs";
import { settled } from "./settle.mjs";

const args = process.argv.slice(2);
/** @param {string} name @param {string} fallback */
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const CONFIGS = {
  wasm1: { label: "WASM, 1 thread", backend: "wasm", threads: 1 },
  wasm2: { label: "WASM, 2 threads", backend: "wasm", threads: 2 },
  webgl: { label: "WebGL", backend: "webgl", matmul: 512 },
  cpu: { label: "CPU (JS)", backend: "cpu", matmul: 256, runs: 20, sizes: "224,96" },
  // SwiftShader WebGPU takes seconds per pass: fewer runs and sizes.
  webgpu: { label: "WebGPU", backend: "webgpu", matmul: 256, runs: 5, warmup: 1, sizes: "224,96" },
};
const configs = opt("configs", "wasm1,wasm2,webgl,cpu,webgpu")
  .split(",")
  .filter((c) => c !== "none");
const onlyPages = opt("pages", "").split(",").filter(Boolean);
const sizes = opt("sizes", "224,160,128,96");
const runs = Number(opt("runs", "20"));
const warmup = Number(opt("warmup", "3"));

const shared = resolve(process.env.SHARED_DIR ?? "../shared");
const env = { ...process.env };
for (const [k, sub] of [
  ["MODELS_DIR", "models"],
  ["IMAGES_DIR", "images"],
])
  if (!env[k] && existsSync(join(shared, sub))) env[k] = join(shared, sub);
if (!process.env.SKIP_BUILD)
  execFileSync("npm", ["run", "build", "--silent"], { stdio: ["ignore", "ignore", "inherit"], env });

const server = await serve("dist", 0);
const base = `http://localhost:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;
const browser = await launchChromium({ webgpu: true });
/** @type {Record<string, unknown> & {cpu: string, cores: number, loadBefore: number[], chromium: string, date: string, loadAfter?: number[]}} */
const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  loadBefore: loadavg().map((l) => Number(l.toFixed(2))),
  chromium: browser.version(),
  date: new Date().toISOString(),
};
console.log(
  `MobileNetV2 1.0, batch 1, Chromium ${machine.chromium}, ${machine.cores} × ${machine.cpu}, load average ${machine.loadBefore.join(" ")}`,
);

// Every page gets a long-task recorder before its own scripts run.
const LONGTASKS = `window.__longtasks = []; try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push({start: e.startTime, ms: e.duration}); }).observe({type: "longtask", buffered: true}); } catch {}`;
// On the Activations page, the first result: the frame after its run status first says done (ms after navigation).
const FIRST_RESULT = `if (location.pathname.endsWith("/pages/activations")) new MutationObserver((_, obs) => { const s = document.querySelector("#act-run-status"); if (s && s.dataset.state === "done") { obs.disconnect(); requestAnimationFrame(() => { window.__firstResult = performance.now(); }); } }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"]});`;
const context = await browser.newContext();
await context.addInitScript(LONGTASKS);
await context.addInitScript(FIRST_RESULT);

/** The whole result; entries are plain JSON. @type {{machine: typeof machine, forward: any[], threads: any[], pages: any[], interactions: any[]}} */
const out = { machine, forward: [], threads: [], pages: [], interactions: [] };
/** @param {unknown} e */
const message = (e) => (e instanceof Error ? e.message : String(e)).split("\n")[0];
/** @param {number | null | undefined} v */
const f1 = (v) => (v === undefined || v === null ? "–" : v.toFixed(1));

for (const key of configs) {
  const c =
    /** @type {Record<string, {label: string, backend: string, threads?: number, matmul?: number, runs?: number, warmup?: number, sizes?: string}>} */ (
      CONFIGS
    )[key];
  if (!c) throw new Error(`unknown config ${key}; known: ${Object.keys(CONFIGS).join(", ")}`);
  const q = new URLSearchParams({
    backend: c.backend,
    sizes: c.sizes ?? sizes,
    runs: String(Math.min(runs, c.runs ?? runs)),
    warmup: String(Math.min(warmup, c.warmup ?? warmup)),
    matmul: String(c.matmul ?? 1024),
    ...(c.threads ? { threads: String(c.threads) } : {}),
    ...(key === "wasm1" ? {} : { top5: "0" }),
  });
  const gpu = c.backend === "webgpu" || c.backend === "webgl";
  for (let attempt = 1; attempt <= (gpu ? 2 : 1); attempt++) {
    const page = await context.newPage();
    const load = loadavg().map((l) => Number(l.toFixed(2)));
    const t0 = Date.now();
    const failed = await measureForward(page, c, q, load, t0, attempt);
    await page.close();
    if (!failed) break;
  }
}

// Thread scaling, apart from the table: the fast path at 224 on WASM pages with 1 and with 2 threads, alternating
// for three rounds, so that a change in the machine's background load falls on both alike (one backend measured
// after the other gave 1.39× and 1.84× on the same quiet machine). Each round's speed-up is its 1-thread median
// over its 2-thread median; the figure is the median of the rounds.
/** @type {{round: number, threads: number, median?: number, min?: number, load: number[], error?: string}[]} */
const scaling = [];
if (configs.includes("wasm1") && configs.includes("wasm2")) {
  for (let round = 1; round <= 3; round++)
    for (const threads of [1, 2]) {
      const q = new URLSearchParams({ backend: "wasm", threads: String(threads), sizes: "224" });
      for (const [k, v] of Object.entries({ runs, warmup, matmul: 256, top5: 0 })) q.set(k, String(v));
      const page = await context.newPage();
      const load = loadavg().map((l) => Number(l.toFixed(2)));
      try {
        const fast = (await benchPage(page, { backend: "wasm", threads }, q)).sizes[0].fast;
        scaling.push({ round, threads, median: fast.median, min: fast.min, load });
      } catch (e) {
        scaling.push({ round, threads, load, error: message(e) });
      }
      await page.close();
    }
}
/** @param {number[]} v */
const medianOf = (v) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
out.threads = scaling;
const roundRatios = [1, 2, 3].flatMap((round) => {
  const [one, two] = [1, 2].map((t) => scaling.find((x) => x.round === round && x.threads === t)?.median);
  return one && two ? [one / two] : [];
});

/**
 * One backend's forward passes on the Benchmark page; returns the error message when it did not run on the backend
 * asked for (it is then recorded), or null.
 * @param {import("playwright-core").Page} page
 * @param {{label: string, backend: string, threads?: number}} c
 * @param {URLSearchParams} q @param {number[]} load @param {number} t0 @param {number} attempt
 */
async function measureForward(page, c, q, load, t0, attempt) {
  try {
    const r = await benchPage(page, c, q);
    r.config = r.adapter ? `${c.label} (${r.software ? "software" : "hardware"}: ${r.adapter})` : c.label;
    r.seconds = (Date.now() - t0) / 1000;
    r.load = load;
    r.attempt = attempt;
    out.forward.push(r);
    console.log(
      `\n${r.config}, load average ${load.join(" ")}: matMul ${r.ceiling.n}³ ${r.ceiling.gflops.toFixed(1)} GFLOP/s (${f1(r.ceiling.ms.median)} ms); weights: ${r.weights}`,
    );
    for (const s of r.sizes)
      console.log(
        `  ${String(s.resolution).padStart(3)} px  educational ${f1(s.educational.median).padStart(7)} ms  fast ${f1(s.fast.median).padStart(7)} ms (${f1(s.fast.min)}–${f1(s.fast.max)}, first ${f1(s.fast.first)}, ${s.fastPctOfCeiling.toFixed(0)}% of ceiling)  converted ${f1(s.converted.median).padStart(7)} ms  |Δp| ${s.maxAbsDiff.fast.toExponential(1)}`,
      );
    if (r.top5)
      console.log(
        `  top-5, fast path = educational model on ${r.top5.filter((/** @type {any} */ t) => t.same).length} of ${r.top5.length} photos (max |Δp| ${Math.max(...r.top5.map((/** @type {any} */ t) => t.maxAbsDiff)).toExponential(1)})`,
      );
    return null;
  } catch (e) {
    const retry = attempt === 1 && (c.backend === "webgpu" || c.backend === "webgl");
    console.log(`\n${c.label}: not measured${retry ? " (retrying on a fresh page)" : ""}: ${message(e)}`);
    if (!retry) out.forward.push({ config: c.label, backend: c.backend, error: message(e), load, attempt });
    return message(e);
  }
}

/**
 * The Benchmark page's result for `q`, checked to have run on the backend (and thread count) of `c`.
 * @param {import("playwright-core").Page} page
 * @param {{backend: string, threads?: number}} c @param {URLSearchParams} q
 */
async function benchPage(page, c, q) {
  await page.goto(`${base}/bench?${q}`);
  await page
    .locator('.bench-status[data-state="done"], .bench-status[data-state="error"]')
    .waitFor({ timeout: 1_200_000 });
  const err = await page.locator("#bench-error").count();
  if (err) throw new Error((await page.locator(".bench-status").textContent()) ?? "failed");
  const r = JSON.parse((await page.locator("#bench-json").textContent()) ?? "{}");
  if (r.backend !== c.backend) throw new Error(`fell back to ${r.backend}${r.fallback ? ` (${r.fallback})` : ""}`);
  if (c.threads && r.threads !== c.threads) throw new Error(`asked for ${c.threads} threads, got ${r.threads}`);
  return r;
}

/** The longest task recorded since `since` (ms on the page's clock). @param {import("playwright-core").Page} page */
const longest = (page, since = 0) =>
  page.evaluate(
    (t) =>
      Math.max(
        0,
        .../** @type {{start: number, ms: number}[]} */ (/** @type {any} */ (window).__longtasks)
          .filter((e) => e.start >= t)
          .map((e) => e.ms),
      ),
    since,
  );

/**
 * Type another allowed value into the page's first visible number box (one input event, as a reader's edit
 * ends); returns what was done, or null when the page has none.
 * @param {import("playwright-core").Page} page
 */
async function typeNumber(page) {
  // numberInput's boxes (number-input.ts) carry their rule: range, integer, allowed values, label.
  const boxes = page.locator(".number-input[data-label] input[type=text]:visible");
  if ((await boxes.count()) === 0) return null;
  const box = boxes.first();
  const rule = await box.evaluate((b) => {
    const d = /** @type {HTMLElement} */ (b.closest(".number-input")).dataset;
    return { min: Number(d.min), max: Number(d.max), integer: d.integer === "true", oneOf: d.oneOf, label: d.label };
  });
  const v = Number(await box.inputValue());
  if (!Number.isFinite(v) || !Number.isFinite(rule.min) || !Number.isFinite(rule.max)) return null;
  const choices = rule.oneOf ? rule.oneOf.split(",").map(Number) : [];
  const step = rule.integer ? 1 : Math.max((rule.max - rule.min) / 20, Math.abs(v) / 10);
  const next = choices.length ? (choices.find((x) => x !== v) ?? v) : v + step <= rule.max ? v + step : v - step;
  const text = rule.integer ? String(Math.round(next)) : String(Number(next.toPrecision(3)));
  await box.fill(text);
  return `number "${rule.label}" ${v} → ${text}`;
}

/**
 * Press the left arrow three times on the page's first visible slider (three input events in quick succession);
 * returns what was done, or null when the page has none.
 * @param {import("playwright-core").Page} page
 */
async function stepSlider(page) {
  const sliders = page.locator("input[type=range]:visible");
  if ((await sliders.count()) === 0) return null;
  const slider = sliders.first();
  const name =
    (await slider.getAttribute("aria-label")) ??
    (await slider.evaluate(
      (s) => s.closest("form, label, div")?.querySelector("label")?.textContent?.trim() || "slider",
    ));
  const before = await slider.inputValue();
  await slider.focus();
  for (let i = 0; i < 3; i++)
    await page.keyboard.press(Number(before) > Number(await slider.getAttribute("min")) ? "ArrowLeft" : "ArrowRight");
  return `slider "${name}" ${before} → ${await slider.inputValue()} (3 arrow keys)`;
}

if (!args.includes("--no-pages")) {
  const config = readFileSync("observablehq.config.ts", "utf8");
  const paths = [...config.matchAll(/path: "([^"]+)"/g)]
    .map((m) => m[1])
    .filter((p) => onlyPages.length === 0 || onlyPages.includes(p));
  console.log("\nLongest main-thread task, each page opened normally (its own backend choice):");
  for (const path of paths) {
    const page = await context.newPage();
    const t0 = Date.now();
    const load = loadavg().map((l) => Number(l.toFixed(2)));
    try {
      await page.goto(`${base}${path}`);
      await settled(page, 180_000);
      const ms = await longest(page);
      const threads = await page.evaluate(() => document.documentElement.dataset.threads ?? null);
      out.pages.push({ path, longestTaskMs: ms, settledS: (Date.now() - t0) / 1000, threads, load });
      console.log(
        `  ${path.padEnd(34)} ${f1(ms).padStart(7)} ms   (settled in ${((Date.now() - t0) / 1000).toFixed(1)} s, load average ${load[0]})`,
      );
      for (const [what, act] of /** @type {const} */ ([
        ["number", typeNumber],
        ["slider", stepSlider],
      ])) {
        const since = await page.evaluate(() => performance.now());
        const loadNow = loadavg().map((l) => Number(l.toFixed(2)));
        const did = await act(page);
        if (!did) continue;
        await settled(page, 180_000);
        const r = {
          interaction: `${path}: ${did}`,
          kind: what,
          longestTaskMs: await longest(page, since),
          load: loadNow,
        };
        out.interactions.push(r);
        console.log(`    ${did.padEnd(60)} ${f1(r.longestTaskMs).padStart(7)} ms`);
      }
    } catch (e) {
      out.pages.push({ path, error: message(e) });
      console.log(`  ${path.padEnd(34)} not measured: ${message(e)}`);
    }
    await page.close();
  }

  console.log("\nLongest main-thread task during scripted interactions:");
  // Activations explorer: the first result after navigation, then change the photo (forward + statistics +
  // drawing), three times.
  if (onlyPages.length === 0 || onlyPages.includes("/pages/activations")) {
    const page = await context.newPage();
    try {
      await page.goto(`${base}/pages/activations`);
      await page.locator('#act-run-status[data-state="done"]').waitFor({ timeout: 180_000 });
      // The first result is drawn in the frame after the run status first says done (recorded by FIRST_RESULT).
      const firstResult = await page
        .waitForFunction(() => /** @type {any} */ (window).__firstResult)
        .then((h) => h.jsonValue());
      await settled(page, 180_000);
      const thumbs = page.locator("button.act-thumb[data-file]");
      const n = Math.min(3, (await thumbs.count()) - 1);
      const changes = [];
      for (let i = 1; i <= n; i++) {
        const run = await page.locator("#act-run-status").getAttribute("data-run");
        const since = await page.evaluate(() => performance.now());
        // Timed in the page, from the click event itself (not from when Playwright starts checking that the button
        // can be clicked, two frames or more earlier): to the frame after the run's status says done (the result),
        // and to the frame after the last feature map and chart are drawn (nothing on the page still running).
        const timing = page.evaluate(
          (r) =>
            new Promise((ok) => {
              let click = 0;
              let done = 0;
              const onClick = (/** @type {Event} */ e) => {
                click = e.timeStamp;
              };
              document.addEventListener("click", onClick, { capture: true, once: true });
              const check = () => {
                const s = /** @type {HTMLElement | null} */ (document.querySelector("#act-run-status"));
                if (!done && s?.dataset.state === "done" && s.dataset.run !== r) {
                  done = -1;
                  requestAnimationFrame(() => {
                    done = performance.now();
                  });
                }
                if (done > 0 && !document.querySelector('#observablehq-main [data-state="running"]')) {
                  obs.disconnect();
                  requestAnimationFrame(() => ok({ result: done - click, drawn: performance.now() - click }));
                } else if (done !== 0) requestAnimationFrame(check);
              };
              const obs = new MutationObserver(check);
              obs.observe(document, { subtree: true, childList: true, attributes: true });
            }),
          run,
        );
        await thumbs.nth(i).click();
        const t = /** @type {{result: number, drawn: number}} */ (await timing);
        await settled(page, 180_000);
        changes.push({ photoChangeMs: t.result, allDrawnMs: t.drawn, longestTaskMs: await longest(page, since) });
      }
      const r = {
        interaction: "Activations: photo change",
        load: loadavg().map((l) => Number(l.toFixed(2))),
        firstResultMs: firstResult ?? null,
        changes,
        longestTaskMs: Math.max(...changes.map((c) => c.longestTaskMs)),
      };
      out.interactions.push(r);
      console.log(
        `  Activations, photo change            ${f1(r.longestTaskMs).padStart(7)} ms   (click to result: ${changes.map((c) => f1(c.photoChangeMs)).join(", ")} ms, to all drawn: ${changes.map((c) => f1(c.allDrawnMs)).join(", ")} ms; first result ${f1(r.firstResultMs)} ms after navigation)`,
      );
    } catch (e) {
      out.interactions.push({ interaction: "Activations: photo change", error: message(e) });
      console.log(`  Activations, photo change: not measured: ${message(e)}`);
    }
    await page.close();
  }
  // Architecture page: drag the width slider from 1.0 down and back, as a reader's mouse would.
  if (onlyPages.length === 0 || onlyPages.includes("/pages/architecture")) {
    const page = await context.newPage();
    try {
      await page.goto(`${base}/pages/architecture`);
      await settled(page, 180_000);
      const slider = page.locator('input[type="range"]').first();
      const box = await slider.boundingBox();
      if (!box) throw new Error("no width slider");
      const since = await page.evaluate(() => performance.now());
      const y = box.y + box.height / 2;
      const value = Number(await slider.inputValue());
      const min = Number(await slider.getAttribute("min"));
      const max = Number(await slider.getAttribute("max"));
      /** @param {number} v */
      const xOf = (v) => box.x + 8 + ((v - min) / (max - min)) * (box.width - 16);
      await page.mouse.move(xOf(value), y);
      await page.mouse.down();
      for (let i = 1; i <= 20; i++) {
        await page.mouse.move(xOf(value - ((value - min) * 0.6 * i) / 20), y);
        await page.waitForTimeout(30);
      }
      for (let i = 19; i >= 0; i--) {
        await page.mouse.move(xOf(value - ((value - min) * 0.6 * i) / 20), y);
        await page.waitForTimeout(30);
      }
      await page.mouse.up();
      await settled(page, 180_000);
      const r = {
        interaction: "Architecture: width slider drag",
        longestTaskMs: await longest(page, since),
        load: loadavg().map((l) => Number(l.toFixed(2))),
      };
      out.interactions.push(r);
      console.log(`  Architecture, width slider drag      ${f1(r.longestTaskMs).padStart(7)} ms`);
    } catch (e) {
      out.interactions.push({ interaction: "Architecture: width slider drag", error: message(e) });
      console.log(`  Architecture, width slider drag: not measured: ${message(e)}`);
    }
    await page.close();
  }
}
machine.loadAfter = loadavg().map((l) => Number(l.toFixed(2)));
await browser.close();
server.close();

// The table (Markdown) and the JSON.
const rows = [
  "| Backend | px | educational ms | fast path ms (min–max) | converted ms | fast path first run ms | matMul ceiling GFLOP/s | fast path % of ceiling | converted % | load average |",
  "|---|---|---|---|---|---|---|---|---|---|",
];
for (const r of out.forward) {
  if (r.error) {
    rows.push(`| ${r.config} | – | not measured: ${r.error} | | | | | | | ${r.load[0]} |`);
    continue;
  }
  for (const s of r.sizes)
    rows.push(
      `| ${r.config} | ${s.resolution} | ${f1(s.educational.median)} | ${f1(s.fast.median)} (${f1(s.fast.min)}–${f1(s.fast.max)}) | ${f1(s.converted.median)} | ${f1(s.fast.first)} | ${r.ceiling.gflops.toFixed(1)} (${r.ceiling.n}³) | ${s.fastPctOfCeiling.toFixed(0)}% | ${s.convertedPctOfCeiling.toFixed(0)}% | ${r.load[0]} |`,
    );
}
const md = [
  `Measured ${machine.date.slice(0, 16).replace("T", " ")} UTC: Chromium ${machine.chromium}, ${machine.cores} × ${machine.cpu}, load average ${machine.loadBefore.join(" ")} before and ${machine.loadAfter.join(" ")} after. Medians of ${runs} runs after ${warmup} warm-up runs (WebGPU: fewer), batch 1, MobileNetV2 1.0.`,
  "",
  ...rows,
  "",
  ...(scaling.length
    ? [
        `- Threads, fast path at 224 px on WASM, 1- and 2-thread pages alternating: ${[1, 2]
          .map(
            (t) =>
              `${t} thread${t > 1 ? "s" : ""} ${scaling
                .filter((x) => x.threads === t)
                .map((x) => (x.error ? `not measured (${x.error})` : `${f1(x.median)} ms`))
                .join(", ")}`,
          )
          .join(
            "; ",
          )}; speed-up ${roundRatios.map((r) => `${r.toFixed(2)}×`).join(", ")} by round, median ${roundRatios.length ? `${medianOf(roundRatios).toFixed(2)}×` : "–"} (load average ${scaling[0].load[0]}–${scaling.at(-1)?.load[0]})`,
      ]
    : []),
  ...out.pages.map(
    (p) =>
      `- Longest task, ${p.path} opened: ${p.error ? `not measured (${p.error})` : `${f1(p.longestTaskMs)} ms (load average ${p.load[0]})`}`,
  ),
  ...out.interactions.map(
    (i) =>
      `- Longest task, ${i.interaction}: ${i.error ? `not measured (${i.error})` : `${f1(i.longestTaskMs)} ms`}${i.load ? ` (load average ${i.load[0]})` : ""}${i.changes ? ` (click to result ${i.changes.map((/** @type {any} */ c) => f1(c.photoChangeMs)).join(", ")} ms, to all drawn ${i.changes.map((/** @type {any} */ c) => f1(c.allDrawnMs)).join(", ")} ms; first result drawn ${f1(i.firstResultMs)} ms after navigation)` : ""}`,
  ),
].join("\n");
if (onlyPages.length > 0 || configs.length === 0)
  console.log(`\n${md}\n\nA partial run: bench/latest.* left as they were.`);
else {
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/latest.json", `${JSON.stringify(out, null, 1)}\n`);
  writeFileSync("bench/latest.md", `${md}\n`);
  console.log(`\n${md}\n\nWrote bench/latest.json and bench/latest.md.`);
}
