#!/usr/bin/env node
// npm run bench: forward-pass timing of MobileNetV2 in Chromium, per backend and input size: the product's
// Layers model vs a plain-tfjs baseline (same network as raw ops, same weights), in the same run, warm-up
// excluded, median of several runs. Builds the site unless SKIP_BUILD=1.
// Options: --backends wasm,webgl,cpu,webgpu  --sizes 224,128  --runs 10  --warmup 2
import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const args = process.argv.slice(2);
/** @type {(name: string, fallback: string) => string} */
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const backends = opt("backends", "wasm,webgl,cpu,webgpu").split(",");
const sizes = opt("sizes", "224,128").split(",").map(Number);
const runs = Number(opt("runs", "10"));
const warmup = Number(opt("warmup", "2"));

if (!process.env.SKIP_BUILD)
  execFileSync("npm", ["run", "build", "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
const server = await serve("dist", 0);
const base = `http://localhost:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless=new",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--enable-unsafe-webgpu",
  ],
});
const gpu = await (async () => {
  const p = await browser.newPage();
  await p.goto(`${base}/`);
  const info = await p.evaluate(async () => {
    /** @type {(GPUAdapter & { info?: { vendor?: string; architecture?: string; description?: string } }) | null | undefined} */
    const a = await navigator.gpu?.requestAdapter();
    return a
      ? `${a.info?.vendor ?? ""} ${a.info?.architecture ?? ""} ${a.info?.description ?? ""}`.trim() || "adapter"
      : "none";
  });
  await p.close();
  return info;
})();
console.log(`MobileNetV2 1.0 forward pass, batch 1, Chromium ${browser.version()}, WebGPU adapter: ${gpu}`);
console.log(
  `median of ${runs} runs after ${warmup} warm-up runs each; baseline = the same network as plain tfjs ops\n`,
);
const rows = [];
for (const size of sizes) {
  for (const backend of backends) {
    const page = await browser.newPage();
    /** @type {string[]} */
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${base}/bench?backend=${backend}&size=${size}&runs=${runs}&warmup=${warmup}`);
    try {
      await page.locator("#bench-json").waitFor({ timeout: 600_000 });
      const r = JSON.parse(await page.locator("#bench-json").innerText());
      if (r.backend !== backend) throw new Error(`fell back to ${r.backend}`);
      rows.push(r);
      console.log(
        `${backend.padEnd(7)} ${String(size).padStart(4)}px  product ${r.productMs.toFixed(1).padStart(8)} ms   baseline ${r.baselineMs.toFixed(1).padStart(8)} ms   ratio ${(r.productMs / r.baselineMs).toFixed(2)}   first warm-up ${r.warmupMs[0].toFixed(0)} ms   max |Δ| ${r.maxAbsDiff.toExponential(1)}`,
      );
    } catch (e) {
      console.log(`${backend.padEnd(7)} ${String(size).padStart(4)}px  not measured: ${errors[0] ?? String(e)}`);
    }
    await page.close();
  }
}
// Time to first live result: from navigation to the Architecture page's checked tfjs result (build + first
// forward pass at 224 + a warm one), per backend.
if (!args.includes("--no-page")) {
  console.log("\nArchitecture page, navigation → live tfjs result shown (build 152 layers + 2 forward passes at 224):");
  for (const backend of backends) {
    const page = await browser.newPage();
    const t0 = Date.now();
    await page.goto(`${base}/pages/architecture?backend=${backend}`);
    try {
      await page.locator('.live-model[data-state="done"]').waitFor({ timeout: 600_000 });
      const used = await page.locator('[data-live="backend"]').innerText();
      const timing = await page.locator('[data-live="timing"]').innerText();
      console.log(
        `${backend.padEnd(7)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s   (${used}; forward ${timing})`,
      );
    } catch (e) {
      console.log(`${backend.padEnd(7)} not measured: ${String(e)}`);
    }
    await page.close();
  }
}
await browser.close();
server.close();
