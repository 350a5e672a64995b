// Data loader: ships TensorFlow.js' WebAssembly binary from node_modules with the site (no CDN at run time).
import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
createReadStream(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm")).pipe(process.stdout);
