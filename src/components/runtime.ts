/**
 * Starts TensorFlow.js in the page once: registers the WASM binaries shipped with the site, chooses the WASM
 * thread count (src/lib/backend.ts), picks the best backend and reports it. Every page that runs tfjs either awaits
 * `runtime()` or, to survive a backend failure in place, declares `const status = backendStatus()`.
 *
 * Fallback: a GPU backend (WebGPU, WebGL) that fails to start is passed over for the next one. One that fails
 * later — its device lost, out of memory, an error from the GPU, or a computation that throws — is remembered
 * for this tab (sessionStorage) and the next backend starts in its place. Tensors of a lost GPU cannot be read
 * back, so nothing computed on it may stay on screen:
 * - on a page that declares `const status = backendStatus()` (a reactive value: Framework re-runs every cell that
 *   reads it), the page stays: backendStatus() yields the new status, and each cell that holds tensors reads
 *   `status`, so it is recomputed from its sources (the picked image, the chosen weights file) on the new backend;
 * - on a page that only awaited runtime(), the page reloads and starts on the next backend.
 * Either way the backend line says what happened (status.fallback).
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
let current: BackendStatus | undefined;
/** The pages' backendStatus() generators, told of each backend switch. */
const listeners = new Set<(s: BackendStatus) => void>();

/** A GPU backend stopped working: remember it for this tab and recompute the page on the next backend. */
function backendFailed(name: BackendName, why: string): void {
  if (failing || current?.name !== name) return;
  failing = true;
  let remembered = true;
  try {
    sessionStorage.setItem(LOST_KEY, JSON.stringify([...lostBackends(), { name, why }]));
  } catch {
    remembered = false;
  }
  if (listeners.size) {
    switchInPlace({ name, why });
    return;
  }
  if (!remembered) {
    // Without storage the reload could pick the same backend again: ask for the next one in the address.
    const u = new URL(location.href);
    u.searchParams.set("backend", name === "webgpu" ? "webgl" : "wasm");
    location.replace(u.href);
    return;
  }
  document.documentElement.dataset.tfjs = "starting";
  location.reload();
}

/**
 * Start the next backend while the page stays, then hand its status to the page's cells (which recompute). The
 * broken backend stays registered (tensors still on it can be disposed), but is never chosen again in this tab.
 */
function switchInPlace(lost: LostBackend): void {
  document.documentElement.dataset.tfjs = "starting";
  const known = lostBackends();
  const all = known.some((l) => l.name === lost.name) ? known : [...known, lost];
  started = start(all.map((l) => (l.name === lost.name ? { ...l, now: true } : l)));
  started.then(
    (s) => {
      ready(s);
      for (const tell of listeners) tell(s);
    },
    () => (document.documentElement.dataset.tfjs = "failed"),
  );
}

/** `s` as a page that stayed shows it: its fallback sentence ends with what the page computed again, and where. */
function recomputedOn(s: BackendStatus, recomputed: string): BackendStatus {
  const what = `${recomputed} on ${BACKEND_LABELS[s.name]}, without reloading.`;
  return { ...s, fallback: `${s.fallback ?? ""} ${what}`.trim(), reason: `${s.reason} ${what}` };
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

/** Whether `e` is the error a computation gets when its GPU backend stopped working (the page is switching). */
export const isBackendFailure = (e: unknown): boolean => e instanceof BackendFailure;

const watched = new Set<BackendName>();

/** Watch a running GPU backend for the ways it can fail after starting. */
function watch(status: BackendStatus): void {
  if (status.name !== "webgpu" && status.name !== "webgl") return;
  if (watched.has(status.name)) return;
  watched.add(status.name);
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
async function start(lost: LostBackend[] = lostBackends()): Promise<BackendStatus> {
  const isolated = globalThis.crossOriginIsolated === true;
  const wanted = chooseThreads(
    navigator.hardwareConcurrency,
    isolated,
    readAddress(location.search).params.get("threads"),
  );
  setThreadsCount(wanted);
  const status = await withReportedCores(wanted, () => initBackend(tf, requestedBackend(), lost));
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
    started.then(ready, () => (document.documentElement.dataset.tfjs = "failed"));
  }
  return started;
}

/** A backend is running: say which on the document, and watch it for failures. */
function ready(s: BackendStatus): void {
  current = s;
  failing = false;
  document.documentElement.dataset.tfjs = s.name;
  if (s.fallback) document.documentElement.dataset.tfjsFallback = s.failed.map((f) => f.name).join(" ");
  watch(s);
}

/**
 * The backend status as a reactive value for a page (`const status = backendStatus()`): the running backend's
 * status first, then a new one each time a failed backend is replaced in place; every cell that reads `status`
 * is then recomputed on the new backend. `recomputed` says what that is, for the backend line, as the start of a
 * sentence that goes on " on <backend>, without reloading." (e.g. "The block was built and run again").
 */
export async function* backendStatus(
  recomputed = "Everything this page showed was computed again",
): AsyncGenerator<BackendStatus, void, undefined> {
  let wake: (() => void) | null = null;
  const queue: BackendStatus[] = [];
  const tell = (s: BackendStatus) => {
    queue.push(recomputedOn(s, recomputed));
    wake?.();
  };
  listeners.add(tell);
  try {
    yield await runtime();
    for (;;) {
      while (!queue.length) await new Promise<void>((ok) => (wake = ok));
      const next = queue.shift();
      if (next) yield next;
    }
  } finally {
    listeners.delete(tell);
  }
}

export { tf };
