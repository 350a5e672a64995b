/** "Re-seed": a button that gives a seed input a fresh random whole number, as if the reader had typed it. */
import { setControlValue } from "./control-value.js";
import { el } from "./dom.js";

export function reseedButton(target: HTMLElement & { value: number }, max = 99999): HTMLButtonElement {
  const b = el("button", { type: "button", class: "reseed-button" }, "Re-seed (new random T)");
  b.addEventListener("click", () => {
    let v = target.value;
    while (v === target.value) v = 1 + Math.floor(Math.random() * max);
    setControlValue(target, v);
  });
  return b;
}
