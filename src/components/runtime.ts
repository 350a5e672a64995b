/**
 * Starts TensorFlow.js in the page once: registers the WASM binaries shipped with the site, chooses the WASM
 * thread count (src/lib/backend.ts), picks the best backend and reports it. Every page that runs tfjs awaits
 * `runtime()`.
 *
 * Fallback: a GPU backend (WebGPU, WebGL) that fails to start is passed over for the next one. One that fails
 * later — its device lost, out of memory, an error from the GPU, or a computation that throws — is remembered
 * for this tab (sessionStorage) and the page reloads: every cell is recomputed on the next backend, whose line
 * says what happened (status.fallback). Tensors of a lost GPU cannot be read back, so recomputing the whole page
 * is the only way to be sure that nothing on screen came from the broken backend.
 */
import { FileAttachment } from "observablehq:stdlib";
import { readAddress } from "../lib/address.js";
import {
  BACKEND_LABELS,
  type BackendName,
  type BackendStatus,
  chooseThreads,
  initBackend,
  isBackendName,
  type LostBackend,
  threadsNote,
} from "../lib/backend.js";
import { getThreadsCount, setThreadsCount, setWasmPaths, tf } from "../lib/tf.js";
import { showAddressNotice } from "./address-notice.js";

let started: Promise<BackendStatus> | undefined;

/** The backend requested in the page address (?backend=webgpu|webgl|wasm|cpu), if it names one. */
function requestedBackend(): string | null {
  return readAddress(location.search).backend;
}

const LOST_KEY = "mnv2-lost-backends";

/** Backends that stopped working earlier in this tab. Never throws (storage may be unavailable). */
function lostBackends(): LostBackend[] {
  try {
    const v = JSON.parse(sessionStorage.getItem(LOST_KEY) ?? "[]");
    return Array.isArray(v)
      ? v.filter((l) => isBackendName(l?.name) && typeof l.why === "string").map((l) => ({ name: l.name, why: l.why }))
      : [];
  } catch {
    return [];
  }
}

let failing = false;

/** A GPU backend stopped working: remember it for this tab and recompute the page on the next backend. */
function backendFailed(name: BackendName, why: string): void {
  if (failing) return;
  failing = true;
  try {
    sessionStorage.setItem(LOST_KEY, JSON.stringify([...lostBackends(), { name, why }]));
  } catch {
    // Without storage the reload could pick the same backend again: ask for the next one in the address.
    const u = new URL(location.href);
    u.searchParams.set("backend", name === "webgpu" ? "webgl" : "wasm");
    location.replace(u.href);
    return;
  }
  document.documentElement.dataset.tfjs = "starting";
  location.reload();
}

/** The message a computation on a failed GPU gives instead of the GPU's own error text. */
class BackendFailure extends Error {
  constructor(label: string) {
    super(
      `${label} stopped working during this computation; the page is switching to another backend and will recompute.`,
    );
    this.name = "Backend switch";
  }
}

/** Watch a running GPU backend for the ways it can fail after starting. */
function watch(status: BackendStatus): void {
  if (status.name !== "webgpu" && status.name !== "webgl") return;
  const name = status.name;
  const backend = tf.backend() as unknown as {
    device?: GPUDevice;
    gpgpu?: { gl?: { canvas?: EventTarget } };
    read: (...args: unknown[]) => Promise<unknown>;
  };
  if (name === "webgpu" && backend.device) {
    const device = backend.device;
    device.lost.then((info) => {
      const message = info.message.replace(/[.\s]+$/, "");
      backendFailed(name, `its GPU device was lost${message ? `: ${message}` : ""}`);
    });
    device.addEventListener("uncapturederror", (e) => {
      const error = (e as GPUUncapturedErrorEvent).error;
      backendFailed(
        name,
        error instanceof GPUOutOfMemoryError
          ? "the GPU ran out of memory"
          : `the GPU reported an error: ${error.message}`,
      );
    });
  }
  backend.gpgpu?.gl?.canvas?.addEventListener("webglcontextlost", () =>
    backendFailed(name, "its WebGL context was lost"),
  );
  // Reading a result back from a failed GPU rejects.
  const read = backend.read.bind(backend);
  backend.read = async (...args: unknown[]) => {
    try {
      return await read(...args);
    } catch (e) {
      backendFailed(name, `reading a result failed: ${e instanceof Error ? e.message.slice(0, 160) : String(e)}`);
      throw new BackendFailure(status.label);
    }
  };
  // A kernel that throws on the GPU (a buffer or texture too large, a lost device) fails the backend too.
  const engine = tf.engine() as unknown as { runKernel: (...args: unknown[]) => unknown; backendName: string };
  const runKernel = engine.runKernel.bind(engine);
  engine.runKernel = (...args: unknown[]) => {
    try {
      return runKernel(...args);
    } catch (e) {
      if (engine.backendName !== name) throw e;
      backendFailed(name, `a computation failed: ${e instanceof Error ? e.message.slice(0, 160) : String(e)}`);
      throw new BackendFailure(status.label);
    }
  };
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

/** initBackend with the WASM thread count chosen first (one per core) and reported in the backend line. */
async function start(): Promise<BackendStatus> {
  const isolated = globalThis.crossOriginIsolated === true;
  const wanted = chooseThreads(
    navigator.hardwareConcurrency,
    isolated,
    readAddress(location.search).params.get("threads"),
  );
  setThreadsCount(wanted);
  const status = await withReportedCores(wanted, () => initBackend(tf, requestedBackend(), lostBackends()));
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
    // still starting from a settled one; data-tfjs-fallback says when the backend is not the one chosen first.
    document.documentElement.dataset.tfjs = "starting";
    started = start();
    started.then(
      (s) => {
        document.documentElement.dataset.tfjs = s.name;
        if (s.fallback) document.documentElement.dataset.tfjsFallback = s.failed.map((f) => f.name).join(" ");
        watch(s);
      },
      () => (document.documentElement.dataset.tfjs = "failed"),
    );
  }
  return started;
}

export { tf };
