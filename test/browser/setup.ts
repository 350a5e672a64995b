/**
 * Browser tests' global setup: build the site once (npm run build), serve dist/ on a free localhost port,
 * and hand the address to every test file. Set SKIP_BUILD=1 to reuse an existing dist/ while iterating.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import type { TestProject } from "vitest/node";
// @ts-expect-error plain JS module without types
import { serve } from "../../scripts/serve.mjs";
import { IMAGES_DIR, MODELS_DIR } from "../assets.js";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
  }
}

let server: Server | undefined;

/**
 * Development and CI build the site with the optional assets (the float layers model, full-size photos) of
 * ../shared (see test/assets.ts) on top of what ships in data/, unless MODELS_DIR / IMAGES_DIR already name other
 * directories. Without ../shared the build has what a fresh clone has: data/ only.
 */
function assetEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (existsSync(MODELS_DIR)) env.MODELS_DIR = MODELS_DIR;
  if (existsSync(IMAGES_DIR)) env.IMAGES_DIR = IMAGES_DIR;
  return env;
}

export default async function setup(project: TestProject) {
  if (!process.env.SKIP_BUILD || !existsSync("dist/index.html")) {
    const t0 = Date.now();
    execFileSync("npm", ["run", "build", "--silent"], { stdio: ["ignore", "ignore", "inherit"], env: assetEnv() });
    console.log(`built dist/ in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  server = (await serve("dist", 0)) as Server;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  project.provide("baseURL", `http://localhost:${port}`);
  return async () => {
    await new Promise((ok) => server?.close(ok));
  };
}
