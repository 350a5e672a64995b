/**
 * A validated number input for Framework's `view()`: the reader can type anything; a bad value (empty, not a
 * number, zero, negative, out of range) shows a clear inline message and the control keeps its last good
 * value (through `lastGood`, src/lib/last-good.ts), so the cells that depend on it keep their last good result.
 *
 *   const cin = view(numberInput({label: "Input channels", value: 24, min: 1, max: 2048, integer: true}));
 */
import { type NumberRule, parseNumber } from "../lib/format.js";
import { lastGood } from "../lib/last-good.js";

export interface NumberInputOptions extends NumberRule {
  value: number;
  step?: number;
  /** Show a range slider beside the box. */
  slider?: boolean;
  /** Short help shown under the label. */
  help?: string;
}

export function numberInput(o: NumberInputOptions): HTMLElement & { value: number } {
  const root = document.createElement("div") as unknown as HTMLElement & { value: number };
  root.className = "number-input";
  // The rule, for the page's address (src/components/page-address.ts reads and writes the value there).
  Object.assign(root.dataset, {
    min: String(o.min),
    max: String(o.max),
    integer: o.integer ? "true" : "",
    oneOf: o.oneOf ? o.oneOf.join(",") : "",
    label: o.label,
  });
  const id = `ni-${Math.random().toString(36).slice(2, 9)}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = o.label;
  const box = document.createElement("input");
  box.id = id;
  box.type = "text";
  box.inputMode = o.integer ? "numeric" : "decimal";
  box.value = String(o.value);
  box.size = 7;
  // Screen readers read the help and, when there is one, the message saying why a value was refused.
  box.setAttribute("aria-describedby", o.help ? `${id}-help ${id}-msg` : `${id}-msg`);
  const slider = document.createElement("input");
  if (o.slider) {
    slider.type = "range";
    slider.min = String(o.min);
    slider.max = String(o.max);
    slider.step = String(o.step ?? (o.integer ? 1 : "any"));
    slider.value = String(o.value);
    slider.setAttribute("aria-label", o.label);
  }
  const msg = document.createElement("div");
  msg.id = `${id}-msg`;
  msg.className = "input-error";
  msg.setAttribute("role", "alert");
  // The last good text typed (or set): what passes the rule replaces it, what does not leaves it and is said at the
  // field. The value is that text's number (the rule admits plain decimal notation only).
  const problemOf = (text: string) => {
    const r = parseNumber(text, o);
    return "error" in r ? r.error : null;
  };
  const keep = lastGood(String(o.value));
  let kept = String(o.value);
  const value = () => Number(kept);
  const commit = (text: string, from: "box" | "slider") => {
    const r = keep(text, problemOf, kept);
    if (r.problem) {
      msg.textContent = `${r.problem} Keeping ${value()}.`;
      box.setAttribute("aria-invalid", "true");
      return;
    }
    msg.textContent = "";
    box.removeAttribute("aria-invalid");
    kept = r.value;
    if (from === "slider") box.value = String(value());
    else if (o.slider) slider.value = String(value());
    root.dispatchEvent(new Event("input", { bubbles: true }));
  };
  box.addEventListener("input", (e) => {
    e.stopPropagation();
    commit(box.value, "box");
  });
  slider.addEventListener("input", (e) => {
    e.stopPropagation();
    commit(slider.value, "slider");
  });
  const row = document.createElement("div");
  row.className = "number-input-row";
  row.append(label, box);
  if (o.slider) row.append(slider);
  root.append(row);
  if (o.help) {
    const help = document.createElement("div");
    help.className = "number-input-help";
    help.id = `${id}-help`;
    help.textContent = o.help;
    root.append(help);
  }
  root.append(msg);
  Object.defineProperty(root, "value", {
    get: value,
    set: (v: number) => {
      // A value the page sets (a preset, the address) is its own, already checked: taken as it is.
      kept = keep(String(v), () => null, String(v)).value;
      box.value = String(v);
      if (o.slider) slider.value = String(v);
      msg.textContent = "";
      box.removeAttribute("aria-invalid");
    },
  });
  return root;
}
