/**
 * Starts TensorFlow.js in the page once: registers the WASM binaries shipped with the site, picks the best
 * backend (src/lib/backend.ts) and reports it. Every page that runs tfjs awaits `runtime()`.
 */
import { FileAttachment } from "observablehq:stdlib";
import { readAddress } from "../lib/address.js";
import { type BackendStatus, initBackend } from "../lib/backend.js";
import { setWasmPaths, tf } from "../lib/tf.js";
import { showAddressNotice } from "./address-notice.js";

let started: Promise<BackendStatus> | undefined;

/** The backend requested in the page address (?backend=webgpu|webgl|wasm|cpu), if it names one. */
export function requestedBackend(): string | null {
  return readAddress(location.search).backend;
}

export function runtime(): Promise<BackendStatus> {
  if (!started) {
    showAddressNotice();
    setWasmPaths({
      "tfjs-backend-wasm.wasm": FileAttachment("../data/tfjs-backend-wasm.wasm").href,
      "tfjs-backend-wasm-simd.wasm": FileAttachment("../data/tfjs-backend-wasm-simd.wasm").href,
      "tfjs-backend-wasm-threaded-simd.wasm": FileAttachment("../data/tfjs-backend-wasm-threaded-simd.wasm").href,
    });
    // The document says while tfjs starts, so that a reader's tools (and the browser tests) can tell a page
    // still starting from a settled one.
    document.documentElement.dataset.tfjs = "starting";
    started = initBackend(tf, requestedBackend());
    started.then(
      (s) => (document.documentElement.dataset.tfjs = s.name),
      () => (document.documentElement.dataset.tfjs = "failed"),
    );
  }
  return started;
}

export { tf };
