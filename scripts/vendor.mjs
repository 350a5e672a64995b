#!/usr/bin/env node
// Bundles TensorFlow.js for the browser into src/lib/vendor/tfjs.js (git-ignored, made before every build):
// the core, layers, converter, and the CPU, WebGL, WebGPU and WASM backends, as one ES module and so one tfjs
// instance. Why not let Observable Framework bundle the packages itself:
// - Framework's CommonJS conversion of `seedrandom` drops its named exports, so `seedrandom.alea` is undefined
//   in tfjs-core and every random initialiser throws.
// - tfjs-backend-wasm's ESM entry imports Node's fs/path/os/perf_hooks/worker_threads and relies on its
//   package.json "browser" field to drop them; Framework ignores that field and leaves `import "fs"` in the page.
// esbuild with platform "browser" handles both.
//
// One patch: tfjs-core reads the page's raw query string when it starts (Environment.populateURLFlags, for its
// `?tfjsflags=` debug flags) with a bare decodeURIComponent, so `?x=%ff` anywhere in the address threw
// "URIError: URI malformed" from every page, and a reader's address could switch tfjs's debug flags. The site
// decides what the address means itself (src/lib/address.ts); tfjs gets flags only through tf.env().set.
import { mkdirSync, readFileSync } from "node:fs";
import { build } from "esbuild";

const URL_FLAGS = "populateURLFlags() {";
/** esbuild plugin: tfjs-core's Environment never reads location.search (see above). */
/** @type {import("esbuild").Plugin} */
const noUrlFlags = {
  name: "tfjs-no-url-flags",
  setup(b) {
    b.onLoad({ filter: /tfjs-core[\\/]dist[\\/]environment\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes(URL_FLAGS)) throw new Error(`${args.path}: ${URL_FLAGS} not found; update the patch`);
      return { contents: source.replace(URL_FLAGS, `${URL_FLAGS} return;`), loader: "js" };
    });
  },
};

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
  plugins: [noUrlFlags],
});
