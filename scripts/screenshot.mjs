#!/usr/bin/env node
// Dev tool: screenshot pages of the built site (dist/) in Chromium, to look at them.
// Usage: node scripts/screenshot.mjs /pages/architecture [/other ...] [--webgpu] [--wait ms] [--query ?backend=webgpu]
//        [--open "details"] (open <details>) [--element ".live-model"] (screenshot matching elements only)
//        [--tiles] (the full page cut into 1280×1400 tiles, -t00.png, -t01.png, …, easier to read than one tall PNG)
//        [--width 375] (viewport width in CSS px, default 1280) [--dark] (prefers-color-scheme: dark)
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
  const file = `screenshots/${path === "/" ? "index" : path.replaceAll("/", "_").replace(/^_/, "")}${webgpu ? "-webgpu" : ""}${viewWidth !== 1280 ? `-${viewWidth}` : ""}${dark ? "-dark" : ""}${query ? `-${query.replace(/[^a-z0-9]+/gi, "")}` : ""}.png`;
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
