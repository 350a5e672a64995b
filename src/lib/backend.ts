/**
 * Backend choice: which tfjs backend runs the live cells, and why. The decision is a pure function of the
 * capabilities found (chooseBackend), so it is unit-tested; probing and initialising use only browser APIs
 * that exist off the DOM (navigator.gpu, OffscreenCanvas, WebAssembly).
 *
 * Measured on a 2-core machine without a GPU, full MobileNetV2 at 224x224 in Chromium: WASM ~42 ms,
 * WebGL (SwiftShader) ~380 ms, CPU ~700 ms, WebGPU on SwiftShader ~2 s. So WebGPU and WebGL are chosen only
 * on a hardware adapter; on a software one WASM wins.
 */
import { yieldToEventLoop } from "./steps.js";
import type { TF } from "./tf-type.js";

export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";

export const BACKEND_LABELS: Record<BackendName, string> = {
  webgpu: "WebGPU",
  webgl: "WebGL",
  wasm: "WebAssembly (WASM)",
  cpu: "plain JavaScript (CPU)",
};

export interface Capabilities {
  webgpu: { available: boolean; software?: boolean; adapter?: string; error?: string };
  webgl: { available: boolean; software?: boolean; renderer?: string };
  wasm: { available: boolean };
}

export interface BackendChoice {
  /** Backends to try, best first; the first that initialises wins. */
  order: BackendName[];
  /** One sentence a reader can understand. */
  reason: string;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render|microsoft basic|mesa offscreen/i;

/** Whether an adapter or renderer description names a software (CPU-emulated) implementation. */
export function isSoftwareRenderer(description: string | undefined): boolean {
  return !!description && SOFTWARE.test(description);
}

export function isBackendName(s: unknown): s is BackendName {
  return s === "webgpu" || s === "webgl" || s === "wasm" || s === "cpu";
}

/** Decide the backend order from what the browser offers, or honour an explicit request. */
export function chooseBackend(caps: Capabilities, requested?: string | null): BackendChoice {
  const fallbacks = (first: BackendName[]) =>
    [...first, "wasm", "cpu"].filter((b, i, a) => a.indexOf(b) === i) as BackendName[];
  if (requested && isBackendName(requested)) {
    return { order: fallbacks([requested]), reason: `${BACKEND_LABELS[requested]} was requested in the page address.` };
  }
  if (caps.webgpu.available && !caps.webgpu.software) {
    return {
      order: fallbacks([
        "webgpu",
        ...(caps.webgl.available && !caps.webgl.software ? (["webgl"] as BackendName[]) : []),
      ]),
      reason: `a hardware WebGPU adapter was found (${caps.webgpu.adapter || "GPU"}), so the GPU runs the network.`,
    };
  }
  if (caps.webgl.available && !caps.webgl.software) {
    return {
      order: fallbacks(["webgl"]),
      reason: `WebGPU is ${caps.webgpu.available ? "only software-emulated" : "not available"} here, but WebGL runs on a hardware GPU (${caps.webgl.renderer || "GPU"}).`,
    };
  }
  const why = caps.webgpu.available
    ? `the only WebGPU adapter is software-emulated (${caps.webgpu.adapter || "no GPU"}), about 50× slower than WebAssembly on this kind of machine`
    : "this browser offers no WebGPU adapter";
  if (caps.wasm.available) {
    return {
      order: ["wasm", "cpu"],
      reason: `${why}, and no hardware GPU was found, so WebAssembly on the CPU is the fastest choice.`,
    };
  }
  return {
    order: ["cpu"],
    reason: `${why} and WebAssembly is unavailable, so plain JavaScript runs the network (slow).`,
  };
}

/** Look at what this browser offers. Never throws. */
async function probeCapabilities(): Promise<Capabilities> {
  const caps: Capabilities = {
    webgpu: { available: false },
    webgl: { available: false },
    wasm: { available: typeof WebAssembly === "object" && typeof WebAssembly.instantiate === "function" },
  };
  const gpu = (globalThis.navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  // The WebGPU adapter is asked for first and awaited last: the browser finds it while this thread probes WebGL
  // (a context on a software renderer took ~50 ms), instead of one after the other.
  let adapterRequest: Promise<{ adapter: unknown } | { error: unknown }> | null = null;
  try {
    adapterRequest = gpu
      ? gpu.requestAdapter().then(
          (adapter) => ({ adapter }),
          (error) => ({ error }),
        )
      : null;
  } catch (error) {
    adapterRequest = Promise.resolve({ error });
  }
  try {
    const OC = (
      globalThis as unknown as { OffscreenCanvas?: new (w: number, h: number) => { getContext(k: string): unknown } }
    ).OffscreenCanvas;
    const gl = OC ? (new OC(1, 1).getContext("webgl2") as WebGL2RenderingContext | null) : null;
    if (gl) {
      const ext = gl.getExtension("WEBGL_debug_renderer_info");
      const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
      caps.webgl = { available: true, renderer, software: isSoftwareRenderer(renderer) };
      gl.getExtension("WEBGL_lose_context")?.loseContext();
    }
  } catch {
    caps.webgl = { available: false };
  }
  if (adapterRequest) {
    const r = await adapterRequest;
    if ("error" in r) caps.webgpu = { available: false, error: String(r.error) };
    else if (r.adapter) {
      const adapter = r.adapter as {
        isFallbackAdapter?: boolean;
        info?: { vendor?: string; architecture?: string; description?: string; device?: string };
      };
      const info = adapter.info ?? {};
      const name = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(" ").trim();
      caps.webgpu = {
        available: true,
        adapter: name || "unnamed adapter",
        software: !!adapter.isFallbackAdapter || isSoftwareRenderer(name),
      };
    } else caps.webgpu = { available: false, error: "navigator.gpu.requestAdapter() returned no adapter" };
  }
  return caps;
}

export interface BackendStatus {
  name: BackendName;
  label: string;
  reason: string;
  caps: Capabilities;
  /** Backends tried before this one, with the error each gave (including those that stopped working earlier). */
  failed: { name: BackendName; error: string }[];
  /**
   * When the backend running is not the one chosen first: one sentence for the reader saying which backend
   * failed, why, and that this one took over; null when all went to plan.
   */
  fallback: string | null;
  initMs: number;
}

/** A backend that stopped working earlier in this session, and why (one phrase for the reader). */
export interface LostBackend {
  name: BackendName;
  why: string;
  /** It stopped while the page that now replaces it was open (a switch in place), not on an earlier page load. */
  now?: boolean;
}

/** The sentence a reader sees when `failed` backends were passed over for `running`. */
function fallbackSentence(failed: BackendStatus["failed"], running: BackendName): string | null {
  if (!failed.length) return null;
  const what = failed.map((f) => `${BACKEND_LABELS[f.name]} ${f.error}`).join("; ");
  return `Fell back to ${BACKEND_LABELS[running]}: ${what}.`;
}

/** The error of a backend that would not start, as a phrase for the reader. */
function startError(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return `could not start (${m.length > 160 ? `${m.slice(0, 160)}…` : m})`;
}

/**
 * Initialise the best backend on `tf` (whose backends must already be registered, see tf.ts). Returns which
 * one runs and why. `requested` (e.g. from ?backend=webgpu) overrides the automatic choice; `lost` lists
 * backends that stopped working earlier in this session, which are passed over.
 */
export async function initBackend(tf: TF, requested?: string | null, lost: LostBackend[] = []): Promise<BackendStatus> {
  const t0 = performance.now();
  const caps = await probeCapabilities();
  // Starting a backend (WASM: compiling, creating its thread pool) is a task of its own, not one with the probe's
  // WebGL context: together they held the page's thread for 60 ms on a loaded machine.
  await yieldToEventLoop();
  const choice = chooseBackend(caps, requested);
  const failed: BackendStatus["failed"] = [];
  for (const name of choice.order) {
    const gone = lost.find((l) => l.name === name);
    if (gone) {
      const when = gone.now ? "while this page was open" : "earlier in this tab";
      failed.push({ name, error: `stopped working ${when} (${gone.why})` });
      continue;
    }
    if ((name === "webgpu" || name === "webgl") && !caps[name].available) {
      failed.push({ name, error: "is not available in this browser" });
      continue;
    }
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        const fallback = fallbackSentence(failed, name);
        const reason = fallback ? `${choice.reason} ${fallback}` : choice.reason;
        return { name, label: BACKEND_LABELS[name], reason, caps, failed, fallback, initMs: performance.now() - t0 };
      }
      failed.push({ name, error: "could not start" });
    } catch (e) {
      failed.push({ name, error: startError(e) });
    }
  }
  throw new Error(`No TensorFlow.js backend could start: ${failed.map((f) => `${f.name}: ${f.error}`).join("; ")}`);
}

/** The most WASM threads worth starting: batch-1 convolutions of this size stop scaling well beyond this. */
export const MAX_WASM_THREADS = 8;

/**
 * How many threads the WASM backend should use. Threads need SharedArrayBuffer, which browsers give only to a
 * cross-origin-isolated page (served with COOP: same-origin and COEP: require-corp); without it, one. Otherwise
 * one per core the browser reports (tfjs' own default is half of them: 1 on a 2-core machine), up to
 * MAX_WASM_THREADS; `requested` (from ?threads=N) overrides within 1..MAX_WASM_THREADS.
 */
export function chooseThreads(cores: number | undefined, isolated: boolean, requested?: string | null): number {
  if (!isolated) return 1;
  const r = Number(requested);
  if (requested && Number.isInteger(r) && r >= 1) return Math.min(r, MAX_WASM_THREADS);
  return Math.max(1, Math.min(Math.floor(cores || 1), MAX_WASM_THREADS));
}

/** The sentence the backend line adds for WASM: how many threads, and why not more. */
export function threadsNote(threads: number, isolated: boolean): string {
  if (!isolated)
    return "One WASM thread: threads need a cross-origin-isolated page (a server that sends the COOP and COEP headers).";
  return `${threads} WASM thread${threads === 1 ? "" : "s"} (one per processor core the browser reports, up to ${MAX_WASM_THREADS}).`;
}
