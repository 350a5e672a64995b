/**
 * A page's state in its address, through the site's one configuration model (src/lib/config.ts).
 *
 *   const KNOBS = defineKnobs({cin: {kind: "number", label: "Input channels", default: 24, min: 1, max: 2048, integer: true}});
 *   const address = urlState({knobs: KNOBS});           // reads location.search once
 *   display(address.element);                            // "Copy link" + a notice for a bad address
 *   const cin = view(numberInput({..., value: address.knobs.cin}));
 *   address.write(address.config, {cin});               // in a cell that depends on the controls
 *
 * Writing uses history.replaceState (no new history entry per keystroke) and keeps the site's own keys (a forced
 * `backend`). The notice lists each problem of the address in plain text (never markup), and the keys it ignored.
 */
import {
  type AddressProblem,
  type KnobSpec,
  type KnobSpecs,
  type KnobValues,
  parse,
  type SiteConfig,
  toQuery,
} from "../lib/config.js";
import { el } from "./dom.js";

export interface UrlState<K extends KnobSpecs> {
  /** The configuration the address asked for (defaults where it said nothing or something invalid). */
  config: SiteConfig;
  knobs: KnobValues<K>;
  problems: AddressProblem[];
  unknown: string[];
  /** "Copy link" and the address notice, to display near the page's controls. */
  element: HTMLElement;
  /** Put this state into the address (history.replaceState). */
  write(config: SiteConfig, values?: Partial<KnobValues<K>>): void;
}

/** The notice for a bad address: one line per problem, plus the ignored keys; empty (hidden) when all is well. */
export function addressNotice(problems: AddressProblem[], unknown: string[] = []): HTMLElement {
  const lines = problems.map((p) => el("li", { "data-key": p.key }, p.message));
  if (unknown.length)
    lines.push(
      el(
        "li",
        { class: "muted", "data-key": "unknown" },
        `The address also has ${unknown.map((k) => `“${k.slice(0, 30)}”`).join(", ")}, which this page does not use; ignored.`,
      ),
    );
  const box = el(
    "div",
    { class: "address-notice", role: "status", "data-problems": problems.length, hidden: lines.length === 0 },
    lines.length ? el("strong", {}, "About this page's address:") : null,
    lines.length ? el("ul", {}, lines) : null,
  );
  return box;
}

/** A "Copy link" button for the current address (falls back to showing the link, selected, to copy by hand). */
export function copyLinkButton(label = "Copy link"): HTMLElement {
  const button = el("button", { type: "button", class: "copy-link" }, label);
  const note = el("span", { class: "copy-link-note muted", role: "status" }, "");
  const fallback = el("input", {
    type: "text",
    readonly: true,
    class: "copy-link-text",
    hidden: true,
    "aria-label": "Link to this page",
  });
  button.addEventListener("click", async () => {
    const href = location.href;
    try {
      await navigator.clipboard.writeText(href);
      note.textContent = "Link copied: it opens this page with exactly these settings.";
      button.dataset.copied = href;
    } catch {
      fallback.value = href;
      fallback.hidden = false;
      fallback.select();
      note.textContent = "Copy the selected link (Ctrl+C or ⌘C).";
      button.dataset.copied = "";
    }
  });
  return el("span", { class: "copy-link-box" }, button, " ", note, fallback);
}

export function urlState<K extends KnobSpecs = Record<never, KnobSpec>>(
  opts: { knobs?: K; base?: SiteConfig; copyLink?: boolean } = {},
): UrlState<K> {
  const r = parse<K>(location.search, { knobs: opts.knobs, base: opts.base });
  const element = el(
    "div",
    { class: "url-state" },
    opts.copyLink === false ? null : copyLinkButton(),
    // Unknown keys are named once, by the site's own notice at the top of the page (address-notice.ts).
    addressNotice(r.problems),
  );
  return {
    ...r,
    element,
    write(config, values) {
      const q = toQuery(config, { knobs: opts.knobs, values, keep: new URLSearchParams(location.search) });
      const next = `${location.pathname}${q}${location.hash}`;
      if (next !== `${location.pathname}${location.search}${location.hash}`)
        history.replaceState(history.state, "", next);
    },
  };
}

/**
 * A control whose state is not a number or a radio choice (a sample photo, a block, a weight set, a layer):
 * `addressValue` reads its state as address text (undefined while it cannot go in a link, such as the reader's
 * own file) and sets it (text that names no choice is ignored). pageAddress (page-address.ts) keeps it in the
 * address under its `data-address-key`; `data-address-default` is left out of the address.
 */
export type AddressControl = HTMLElement & { addressValue: string | undefined; addressNote: string };

/** The event an address control sends when its state changed without an input event (pageAddress listens). */
export const ADDRESS_CHANGE = "addresschange";

/**
 * Make `element` an address control under `key`. `note` is what the page says beside Copy link while the state
 * cannot go in a link. Call the returned `changed()` after the state changed by other means than an input or
 * change event reaching the page.
 */
export function addressControl<T extends HTMLElement>(
  element: T,
  key: string,
  o: { default: string; get: () => string | undefined; set: (text: string) => void; note?: string },
): { element: T & AddressControl; changed: () => void } {
  element.dataset.addressKey = key;
  element.dataset.addressDefault = o.default;
  Object.defineProperty(element, "addressValue", { get: o.get, set: o.set, configurable: true });
  (element as T & AddressControl).addressNote = o.note ?? "";
  return {
    element: element as T & AddressControl,
    changed: () => element.dispatchEvent(new Event(ADDRESS_CHANGE, { bubbles: true })),
  };
}

/**
 * The address's text for `key` when `valid` accepts it, else `fallback`: a component starts where a link left it,
 * before it computes anything (instead of computing its default first). pageAddress names a value it refused.
 */
export function addressInitial(key: string, valid: (text: string) => boolean, fallback: string): string {
  const text = new URLSearchParams(location.search).get(key);
  return text !== null && valid(text) ? text : fallback;
}
