#!/usr/bin/env node
// Dev tool: screenshot pages of the built site (dist/) in Chromium, to look at them.
// Usage: node scripts/screenshot.mjs /pages/architecture [/other ...] [--webgpu] [--wait ms] [--query ?backend=webgpu]
//        [--open "details"] (open <details>) [--element ".live-model"] (screenshot matching elements only)
//        [--tiles] (the full page cut into 1280×1400 tiles, -t00.png, -t01.png, …, easier to read than one tall PNG)
//        [--width 375] (viewport width in CSS px, default 1280) [--dark] (prefers-color-scheme: dark)
//        [--cvd protan|deutan] (the page as a protanope or deuteranope sees it: Machado, Oliveira and Fernandes 2009,
//        severity 1, applied in linear RGB by an SVG filter over the whole page, canvases included)
//        [--pdf] (print to an A4 PDF as a reader's browser would; `pdftoppm -png -r 60 x.pdf x` to look at its pages)
import { mkdirSync } from "node:fs";
import { launchChromium } from "./chromium.mjs";
import { serve } from "./serve.mjs";

const args = process.argv.slice(2);
/** @type {(name: string, fallback: string) => string} */
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
/** @param {string} name */
const bool = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
};
const webgpu = bool("--webgpu");
const tiles = bool("--tiles");
const wait = Number(flag("--wait", "3000"));
const query = flag("--query", "");
const selector = flag("--open", "");
const element = flag("--element", "");
const viewWidth = Number(flag("--width", "1280"));
const dark = bool("--dark");
const cvd = flag("--cvd", "");
/** Machado et al. 2009 simulation matrices (severity 1.0), rows r, g, b, on linear RGB. */
const CVD = {
  protan: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deutan: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
};
if (cvd && !(cvd in CVD)) throw new Error(`--cvd ${cvd}: use protan or deutan`);
const pdf = bool("--pdf");
const server = await serve("dist", 0);
const base = `http://localhost:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;
const browser = await launchChromium({ webgpu });
mkdirSync("screenshots", { recursive: true });
for (const path of args) {
  const page = await browser.newPage({
    viewport: { width: viewWidth, height: 900 },
    colorScheme: dark ? "dark" : "light",
  });
  page.on("console", (m) => m.type() === "error" && console.log(`[console.error] ${path}: ${m.text()}`));
  page.on("pageerror", (e) => console.log(`[pageerror] ${path}: ${e}`));
  await page.goto(`${base}${path}${query}`);
  await page.waitForTimeout(wait);
  if (selector)
    for (const d of await page.$$(selector))
      await d.evaluate((e) => {
        /** @type {HTMLDetailsElement} */ (e).open = true;
      });
  if (cvd) {
    const m = CVD[/** @type {keyof typeof CVD} */ (cvd)];
    const values = [0, 1, 2].map((r) => `${m.slice(r * 3, r * 3 + 3).join(" ")} 0 0`).join(" ");
    await page.evaluate((v) => {
      const holder = document.createElement("div");
      holder.innerHTML = `<svg width="0" height="0" style="position:absolute"><filter id="cvd-sim" color-interpolation-filters="linearRGB"><feColorMatrix type="matrix" values="${v} 0 0 0 1 0"/></filter></svg>`;
      document.body.append(holder);
      document.body.style.filter = "url(#cvd-sim)";
    }, values);
  }
  const file = `screenshots/${path === "/" ? "index" : path.replaceAll("/", "_").replace(/^_/, "")}${webgpu ? "-webgpu" : ""}${viewWidth !== 1280 ? `-${viewWidth}` : ""}${dark ? "-dark" : ""}${cvd ? `-${cvd}` : ""}${query ? `-${query.replace(/[^a-z0-9]+/gi, "")}` : ""}.png`;
  if (pdf) {
    await page.emulateMedia({ media: "print" });
    const f = file.replace(".png", ".pdf");
    await page.pdf({ path: f, format: "A4", printBackground: false });
    console.log(f);
  } else if (element) {
    const shots = await page.$$(element);
    for (const [i, e] of shots.entries()) {
      const f = file.replace(".png", `-el${i}.png`);
      await e.screenshot({ path: f });
      console.log(f);
    }
  } else if (tiles) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, i = 0; y < height; y += 1400, i++) {
      const f = file.replace(".png", `-t${String(i).padStart(2, "0")}.png`);
      await page.screenshot({
        path: f,
        fullPage: true,
        clip: { x: 0, y, width: viewWidth, height: Math.min(1400, height - y) },
      });
      console.log(f);
    }
  } else {
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
  await page.close();
}
await browser.close();
server.close();
