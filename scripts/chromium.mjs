// Debian's Chromium (CHROMIUM_PATH names another binary), launched the one way the scripts (bench, screenshot) and
// the browser tests (test/browser/harness.ts) use: headless, with no network of its own (no background requests,
// component updates or sync), and with WebGPU exposed when asked (SwiftShader on machines without a GPU).
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const BASE_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/**
 * @param {{ webgpu?: boolean, args?: string[] }} [opts] `webgpu`: expose WebGPU; `args`: more flags (a fake camera).
 * @returns {Promise<import("playwright-core").Browser>}
 */
export async function launchChromium(opts = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  const args = [
    ...BASE_FLAGS,
    ...(opts.webgpu ? ["--enable-unsafe-webgpu", "--enable-features=Vulkan"] : []),
    ...(opts.args ?? []),
  ];
  return chromium.launch({ executablePath: CHROMIUM, args, headless: true });
}
