/**
 * Buttons that set another control's value (presets, "re-seed"), so one number input stays the single
 * source of the value and the cells that depend on it update as if the reader had typed it.
 */

/** Set `target.value` and tell Framework's view() about it. */
function setControlValue(target: HTMLElement & { value: number }, v: number): void {
  target.value = v;
  target.dispatchEvent(new Event("input", { bubbles: true }));
}

/** A row of buttons, one per preset value, that set `target`. */
export function presetButtons(
  target: HTMLElement & { value: number },
  values: readonly number[],
  o: { label: string; format?: (v: number) => string },
): HTMLElement {
  const row = document.createElement("div");
  row.className = "value-buttons";
  row.setAttribute("role", "group");
  row.setAttribute("aria-label", o.label);
  const span = document.createElement("span");
  span.className = "value-buttons-label";
  span.textContent = o.label;
  row.append(span);
  for (const v of values) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = o.format ? o.format(v) : String(v);
    b.addEventListener("click", () => setControlValue(target, v));
    row.append(b);
  }
  return row;
}

/** A button that gives `target` a fresh random whole number in [1, max]. */
export function reseedButton(target: HTMLElement & { value: number }, max = 99999): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "value-buttons-reseed";
  b.textContent = "Re-seed (new random T)";
  b.addEventListener("click", () => {
    let v = target.value;
    while (v === target.value) v = 1 + Math.floor(Math.random() * max);
    setControlValue(target, v);
  });
  return b;
}

/** "Runs on WASM (reason) · 12 ms": the backend line every tfjs cell shows. */
export function backendLine(
  status: { label: string; reason: string; fallback?: string | null },
  ms?: number,
  what = "ran",
): HTMLElement {
  const p = document.createElement("p");
  p.className = "live-badge";
  p.textContent = `Backend: ${status.label}${ms === undefined ? "" : ` · ${what} in ${ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`}`}`;
  // A fallback is said in the line itself, not only in the tooltip (runtime.ts).
  if (status.fallback) {
    p.classList.add("backend-fallback");
    p.append(` · ${status.fallback}`);
  }
  p.title = status.reason;
  return p;
}
