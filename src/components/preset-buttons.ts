/**
 * Preset buttons: each sets one or more number inputs at once, as if the reader had typed the values, so the
 * inputs stay the single source of the values and the cells that depend on them update.
 *
 *   presetButtons("Published widths", { width: widthInput }, [0.35, 1.4].map((v) => ({ label: `α = ${v}`, values: { width: v } })))
 */
import { setControlValue } from "./control-value.js";
import { el } from "./dom.js";

export interface Preset {
  label: string;
  values: Record<string, number>;
}

export function presetButtons(
  legend: string,
  inputs: Record<string, HTMLElement & { value: number }>,
  presets: readonly Preset[],
): HTMLElement {
  const button = (p: Preset) => {
    const b = el("button", { type: "button" }, p.label);
    b.addEventListener("click", () => {
      for (const [k, v] of Object.entries(p.values)) if (inputs[k]) setControlValue(inputs[k], v);
    });
    return b;
  };
  return el(
    "div",
    { class: "preset-buttons", role: "group", "aria-label": legend },
    el("span", { class: "preset-buttons-label" }, `${legend}:`),
    ...presets.map(button),
  );
}
