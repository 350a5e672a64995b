#!/usr/bin/env node
import { mkdirSync } from "node:fs";
// Bundles TensorFlow.js for the browser into src/lib/vendor/tfjs.js (git-ignored, made before every build):
// the core, layers, converter, and the CPU, WebGL, WebGPU and WASM backends, as one ES module and so one tfjs
// instance. Why not let Observable Framework bundle the packages itself:
// - Framework's CommonJS conversion of `seedrandom` drops its named exports, so `seedrandom.alea` is undefined
//   in tfjs-core and every random initialiser throws.
// - tfjs-backend-wasm's ESM entry imports Node's fs/path/os/perf_hooks/worker_threads and relies on its
//   package.json "browser" field to drop them; Framework ignores that field and leaves `import "fs"` in the page.
// esbuild with platform "browser" handles both.
import { build } from "esbuild";

mkdirSync("src/lib/vendor", { recursive: true });
await build({
  stdin: {
    contents: [
      'export * from "@tensorflow/tfjs";',
      'import "@tensorflow/tfjs-backend-webgpu";',
      'export { setWasmPaths, setThreadsCount, getThreadsCount } from "@tensorflow/tfjs-backend-wasm";',
    ].join("\n"),
    resolveDir: ".",
    loader: "js",
  },
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2020",
  minify: true,
  legalComments: "none",
  outfile: "src/lib/vendor/tfjs.js",
  logLevel: "error",
});
