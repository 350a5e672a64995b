/**
 * The status line, the site's one "running… / done / error" display: "Running … on WebAssembly (WASM)" with a
 * progress bar while it works (indeterminate, or `progress(done, total)` for a long build or download), then how
 * long it took, or why it did not run (or where the reader stopped it). Its data-state (idle, running, done,
 * stopped, skipped, error) is what tests wait on; a component adds its own data-* (what ran, how long) on the same element.
 * A message is a sentence, or several lines (elements, e.g. a summary and importer warnings) shown under each other.
 */
import { formatMs } from "../lib/format.js";
import { el } from "./dom.js";

/** `idle`: nothing has run yet, the line says what will (a button starts it). */
export type LiveState = "idle" | "running" | "done" | "stopped" | "skipped" | "error";

export type LiveMessage = string | HTMLElement[];

export type LiveStatus = HTMLElement & {
  set(state: LiveState, message: LiveMessage): void;
  /** Running, with a determinate bar at `done` of `total` (a long build, a download). */
  progress(done: number, total: number, message: string): void;
  /** Run `work` with the status showing `message`, then show "Done in …" or the error; returns work's result. */
  run<T>(message: string, work: () => Promise<T>, done?: (ms: number) => string): Promise<T>;
};

/** Resolve once the browser has had a chance to paint (so "Running…" shows before a blocking WASM call). */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    let settled = false;
    const go = () => {
      if (settled) return;
      settled = true;
      setTimeout(resolve, 0);
    };
    requestAnimationFrame(go);
    setTimeout(go, 50); // requestAnimationFrame does not fire in a background tab
  });
}

/** `o.cls`: more classes (the component's own style and the name its tests find it by); `o.id`: an id. */
export function liveStatus(testId?: string, o: { cls?: string; id?: string } = {}): LiveStatus {
  const bar = el("progress", { "aria-hidden": "true" });
  const text = el("span", {});
  const lines = el("div", { class: "live-status-lines" });
  const root = el(
    "div",
    {
      class: `live-status progress${o.cls ? ` ${o.cls}` : ""}`,
      id: o.id,
      role: "status",
      "aria-live": "polite",
      "data-testid": testId,
    },
    bar,
    text,
    lines,
  ) as unknown as LiveStatus;
  root.set = (state, message) => {
    root.dataset.state = state;
    bar.hidden = state !== "running";
    bar.removeAttribute("value"); // indeterminate while running, unless progress() says how far
    text.textContent = typeof message === "string" ? message : "";
    lines.replaceChildren(...(typeof message === "string" ? [] : message));
    lines.hidden = typeof message === "string";
  };
  root.progress = (done, total, message) => {
    root.set("running", message);
    bar.max = total;
    bar.value = done;
  };
  root.run = async (message, work, done = (ms) => `Done in ${formatMs(ms)}.`) => {
    root.set("running", message);
    await nextPaint();
    const t0 = performance.now();
    try {
      const result = await work();
      root.set("done", done(performance.now() - t0));
      return result;
    } catch (e) {
      root.set("error", "The live run failed (the reason is below).");
      throw e;
    }
  };
  root.set("running", "");
  return root;
}

/**
 * The usual live cell: when `problem` (liveLimitProblem's sentence) says the work would freeze the page, the
 * status is "skipped" and the result explains it with `skipHint`; otherwise `work` runs under the status line.
 * A failure is returned as a sentence, not thrown, so the cell below shows it instead of a raw error.
 */
export async function runLive<T>(
  status: LiveStatus,
  o: {
    problem: string | null;
    skipHint: string;
    backend: string;
    running: string;
    done: (ms: number) => string;
    work: () => Promise<T>;
  },
): Promise<T | { error: string }> {
  if (o.problem) {
    status.set("skipped", "");
    return { error: `${o.problem}. ${o.skipHint}` };
  }
  try {
    return await status.run(o.running, o.work, o.done);
  } catch (e) {
    return { error: `The live run failed on ${o.backend}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
