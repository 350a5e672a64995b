/** Which tfjs backend runs the live cells, and why (from runtime()). */
import type { BackendStatus } from "../lib/backend.js";
import { formatMs } from "../lib/format.js";
import { el } from "./dom.js";

export function backendBadge(status: BackendStatus): HTMLElement {
  return el(
    "div",
    { class: "backend-badge", "data-backend": status.name, "data-fallback": status.fallback ? "yes" : null },
    el(
      "span",
      { class: "live-badge" },
      el("span", { class: status.fallback ? "live-warn" : "live-ok", "aria-hidden": "true" }, "●"),
      status.fallback ? "Fallback: live cells run on " : "Live cells run on ",
      el("strong", {}, status.label),
    ),
    " ",
    el("span", { class: "backend-reason" }, `Why: ${status.reason} (started in ${formatMs(status.initMs)})`),
  );
}

/** A progress line: a <progress> bar plus a message, updated in place. */
export function progressLine(): HTMLElement & { set(done: number, total: number, message: string): void } {
  const bar = el("progress", { max: 1, value: 0 });
  const text = el("span", {});
  const root = el(
    "div",
    { class: "progress", role: "status", "aria-live": "polite" },
    bar,
    text,
  ) as unknown as HTMLElement & {
    set(done: number, total: number, message: string): void;
  };
  root.set = (done, total, message) => {
    bar.max = total;
    bar.value = done;
    text.textContent = message;
  };
  return root;
}
