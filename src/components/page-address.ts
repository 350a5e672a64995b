/**
 * The address of a walkthrough page keeps its controls: one call, `display(pageAddress())`, and every number box
 * (numberInput) and radio group (radioGroup(Inputs.radio(…))) on the page is read from the address when it appears
 * and written back (history.replaceState) whenever the reader changes it, so a reload or a copied link shows
 * exactly what was on screen. A control's address key is its `data-address-key`, or a short form of its label
 * ("Width multiplier α" → width, "Input channels" → input-channels); the configuration's own keys (width,
 * resolution, classes, convention) keep their names across pages. Values in the address are checked with the
 * control's own rule; a bad one is named in a notice and the control keeps its default.
 *
 * Components with other state (a sample photo, a block, a layer, a weight set) mark their root as an address
 * control (url-state.ts addressControl) and start from the address themselves (addressInitial); the state they
 * cannot put in a link (the reader's own file) is said beside Copy link. A control a cell draws again (its
 * inputs changed) takes the address's current value for its key, so the reader's setting survives the redraw.
 */
import { addAddressKeys } from "../lib/address.js";
import { type AddressProblem, SITE_KEYS } from "../lib/config.js";
import { parseNumber } from "../lib/format.js";
import { refreshAddressNotice } from "./address-notice.js";
import { el } from "./dom.js";
import { ADDRESS_CHANGE, type AddressControl, addressNotice, copyLinkButton } from "./url-state.js";

type Control = HTMLElement & { value: unknown };

const isAddressControl = (c: HTMLElement): c is AddressControl => "addressValue" in c;
/** A control's state as address text (undefined: it cannot go in a link). */
const stateOf = (c: Control | AddressControl): unknown => (isAddressControl(c) ? c.addressValue : c.value);

const ALIASES: [RegExp, string][] = [
  [/^width multiplier/i, "width"],
  [/^input resolution/i, "resolution"],
  [/^classes$/i, "classes"],
  [/^convention$/i, "convention"],
];

/** The address key of a control: explicit, an alias of the site's configuration, or its label shortened. */
function keyOf(c: HTMLElement, label: string): string {
  if (c.dataset.addressKey) return c.dataset.addressKey;
  for (const [re, key] of ALIASES) if (re.test(label.trim())) return key;
  const slug = label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32)
    .replace(/-+$/, "");
  return slug || "setting";
}

interface Bound {
  control: Control;
  key: string;
  initial: unknown;
}

export function pageAddress(): HTMLElement {
  const root = el("div", { class: "url-state page-address" });
  const notice = el("div");
  // What the link cannot carry right now (the reader's own image), said beside Copy link.
  const unlinkable = el("p", { class: "address-unlinkable muted", role: "note", hidden: true });
  root.append(copyLinkButton(), unlinkable, notice);
  const params = new URLSearchParams(location.search);
  const bound = new Map<Control, Bound>();
  const problems: AddressProblem[] = [];
  const main = document.querySelector("#observablehq-main, main") ?? document.body;

  const seen = new Set<string>();

  const write = () => {
    const next = new URLSearchParams();
    const notes: string[] = [];
    for (const b of bound.values()) {
      const v = stateOf(b.control);
      if (v !== undefined && v !== null && String(v) !== String(b.initial)) next.set(b.key, String(v));
      if (v === undefined && isAddressControl(b.control) && b.control.addressNote) notes.push(b.control.addressNote);
    }
    unlinkable.textContent = notes.join(" ");
    unlinkable.hidden = notes.length === 0;
    // Keys this page does not own (the site's, another component's) ride along unchanged.
    const owned = new Set([...bound.values()].map((b) => b.key));
    for (const [k, v] of new URLSearchParams(location.search))
      if (!owned.has(k) && (SITE_KEYS.includes(k) || !next.has(k))) next.set(k, v);
    const q = next.toString();
    const url = `${location.pathname}${q ? `?${q}` : ""}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, "", url);
  };

  /** Put the address's `text` into the control; `quiet`: a redrawn control, whose refusals are not news. */
  const apply = (b: Bound, text: string | null, quiet = false) => {
    if (text === null) return;
    const c = b.control;
    if (isAddressControl(c)) {
      if (c.addressValue === text) return;
      const before = c.addressValue;
      c.addressValue = text;
      if (c.addressValue !== text && !quiet)
        problems.push({
          key: b.key,
          message: `Address key “${b.key}”: “${text.slice(0, 40)}” is not one of the choices; using ${String(before ?? b.initial)}.`,
        });
      return;
    }
    if (c.classList.contains("number-input")) {
      const d = c.dataset;
      const oneOf = d.oneOf ? d.oneOf.split(",").map(Number) : undefined;
      const r = parseNumber(text.slice(0, 40), {
        label: d.label ?? b.key,
        min: Number(d.min),
        max: Number(d.max),
        integer: d.integer === "true",
        oneOf,
      });
      if ("error" in r) {
        if (quiet) return;
        problems.push({
          key: b.key,
          message: `Address key “${b.key}”: ${r.error.replace(/^[^:]*: /, "").replace(/\.$/, "")}; using ${String(b.initial)}.`,
        });
        return;
      }
      c.value = r.value;
    } else {
      const before = c.value;
      try {
        c.value = typeof before === "number" ? Number(text) : text;
      } catch {
        /* not one of the options */
      }
      if (String(c.value) !== text) {
        c.value = before;
        if (quiet) return;
        problems.push({
          key: b.key,
          message: `Address key “${b.key}”: “${text.slice(0, 40)}” is not one of the choices; using ${String(before)}.`,
        });
        return;
      }
    }
    c.dispatchEvent(new Event("input", { bubbles: true }));
  };

  const scan = () => {
    // Controls a cell removed (to draw them again) give their keys back.
    for (const c of [...bound.keys()]) if (!c.isConnected) bound.delete(c);
    const found: Bound[] = [];
    for (const c of main.querySelectorAll<Control>('.number-input, form[role="radiogroup"], [data-address-key]')) {
      if (bound.has(c) || c.closest(".config-editor")) continue;
      const label = c.dataset.label ?? c.querySelector("label")?.textContent ?? "";
      let key = keyOf(c, label);
      const taken = new Set([...bound.values()].map((b) => b.key));
      for (let i = 2; taken.has(key); i++) key = `${keyOf(c, label)}-${i}`;
      // A control that started from the address itself says what its default was.
      const initial = c.dataset.addressDefault ?? c.value;
      const b = { control: c, key, initial };
      bound.set(c, b);
      found.push(b);
    }
    if (!found.length) return;
    addAddressKeys(...found.map((b) => b.key));
    refreshAddressNotice();
    const now = new URLSearchParams(location.search);
    for (const b of found) {
      // The first control of a key reads the address the page opened with; a redrawn one, the current address.
      if (seen.has(b.key)) apply(b, now.get(b.key), true);
      else apply(b, params.get(b.key));
      seen.add(b.key);
    }
    notice.replaceChildren(addressNotice(problems));
    write();
  };

  main.addEventListener("input", () => queueMicrotask(write));
  main.addEventListener("change", () => queueMicrotask(write));
  main.addEventListener(ADDRESS_CHANGE, () => queueMicrotask(write));
  new MutationObserver(() => scan()).observe(main, { childList: true, subtree: true });
  requestAnimationFrame(scan);
  return root;
}
