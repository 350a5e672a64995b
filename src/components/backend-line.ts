/**
 * The backend line: which tfjs backend runs the live cells and why (from runtime()), the one display of it on
 * every page. Without a time it is the page's line, with the reason (which carries the fallback sentence when
 * the first choice failed, runtime.ts) and how long the backend took to start; with `ms` it is a cell's line,
 * "Backend: WebAssembly (WASM) · ran in 12 ms", the reason in its tooltip and a fallback said in the line itself.
 */
import { formatMs } from "../lib/format.js";
import { el } from "./dom.js";

interface ShownBackend {
  label: string;
  reason: string;
  name?: string;
  fallback?: string | null;
  initMs?: number;
}

export function backendLine(
  status: ShownBackend,
  o: { ms?: number; what?: string; lead?: string; testId?: string } = {},
): HTMLElement {
  const cell = o.ms !== undefined;
  return el(
    "div",
    {
      class: "backend-badge",
      "data-backend": status.name,
      "data-fallback": status.fallback ? "yes" : null,
      "data-testid": o.testId,
      title: cell ? status.reason : null,
    },
    el(
      "span",
      { class: "live-badge" },
      `${o.lead ?? "Backend"}: `,
      el("strong", {}, status.label),
      cell ? ` · ${o.what ?? "ran"} in ${formatMs(o.ms as number)}` : null,
    ),
    " ",
    cell
      ? status.fallback && el("span", { class: "backend-reason" }, status.fallback)
      : el(
          "span",
          { class: "backend-reason" },
          status.reason,
          status.initMs === undefined ? null : ` Started in ${formatMs(status.initMs)}.`,
        ),
  );
}
