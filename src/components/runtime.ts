/**
 * Starts TensorFlow.js in the page once: registers the WASM binaries shipped with the site, chooses the WASM
 * thread count (src/lib/backend.ts), picks the best backend and reports it. Every page that runs tfjs awaits
 * `runtime()`.
 */
import { FileAttachment } from "observablehq:stdlib";
import { readAddress } from "../lib/address.js";
import { BACKEND_LABELS, type BackendStatus, chooseThreads, initBackend, threadsNote } from "../lib/backend.js";
import { getThreadsCount, setThreadsCount, setWasmPaths, tf } from "../lib/tf.js";
import { showAddressNotice } from "./address-notice.js";

let started: Promise<BackendStatus> | undefined;

/** The backend requested in the page address (?backend=webgpu|webgl|wasm|cpu), if it names one. */
export function requestedBackend(): string | null {
  return readAddress(location.search).backend;
}

/**
 * tfjs-backend-wasm 4.22 starts min(setThreadsCount's value, navigator.hardwareConcurrency / 2) threads (its C
 * side reads the core count through Emscripten): 1 on a 2-core machine, whatever was asked. So while the backend
 * starts, the page reports twice the wanted count; the browser's own value is back as soon as it has started.
 */
async function withReportedCores<T>(threads: number, work: () => Promise<T>): Promise<T> {
  if (threads <= 1 || threads * 2 <= navigator.hardwareConcurrency) return work();
  Object.defineProperty(navigator, "hardwareConcurrency", { value: threads * 2, configurable: true });
  try {
    return await work();
  } finally {
    // Removes the own property: navigator's prototype getter (the real count) shows through again.
    delete (navigator as unknown as Record<string, unknown>).hardwareConcurrency;
  }
}

async function start(): Promise<BackendStatus> {
  const isolated = globalThis.crossOriginIsolated === true;
  const wanted = chooseThreads(
    navigator.hardwareConcurrency,
    isolated,
    readAddress(location.search).params.get("threads"),
  );
  setThreadsCount(wanted);
  const status = await withReportedCores(wanted, () => initBackend(tf, requestedBackend()));
  if (status.name === "wasm") {
    const threads = getThreadsCount();
    document.documentElement.dataset.threads = String(threads);
    status.label = `${BACKEND_LABELS.wasm}, ${threads} thread${threads === 1 ? "" : "s"}`;
    status.reason = `${status.reason} ${threadsNote(threads, isolated)}`;
  }
  return status;
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
    started = start();
    started.then(
      (s) => (document.documentElement.dataset.tfjs = s.name),
      () => (document.documentElement.dataset.tfjs = "failed"),
    );
  }
  return started;
}

export { tf };
