/**
 * The site's notice about its address: at the top of the page, it names what the address asked for that the
 * site could not use (src/lib/address.ts: malformed encoding, tfjs's debug flags, an unknown backend, keys no
 * page uses). Pages that keep their own settings in the address declare their keys (addAddressKeys) and call
 * refreshAddressNotice(), so that their keys are not named as unknown.
 */
import { readAddress } from "../lib/address.js";
import { el } from "./dom.js";

/** The notice element for a list of plain-text problems, or null when there are none. */
export function siteAddressNotice(problems: string[]): HTMLElement | null {
  if (!problems.length) return null;
  return el(
    "div",
    { class: "address-notice site-address-notice", role: "note", "data-problems": problems.length },
    el("strong", {}, "Part of this page's address was ignored. "),
    problems.length === 1 ? problems[0] : el("ul", {}, ...problems.map((p) => el("li", {}, p))),
  );
}

/**
 * The address as the page was opened. Pages that keep their settings in the address rewrite it as soon as their
 * controls appear (history.replaceState), so the notice must read what the reader actually typed or followed,
 * not the rewritten form (where a malformed part would already be gone or re-encoded).
 */
const OPENED_WITH = location.search;

let started = false;
let shown: HTMLElement | null = null;

function render(): void {
  const next = siteAddressNotice(readAddress(OPENED_WITH).problems);
  if (shown && next) shown.replaceWith(next);
  else if (shown) shown.remove();
  else if (next) (document.querySelector("#observablehq-main, main") ?? document.body).prepend(next);
  shown = next;
}

/** Read the page's address and show the notice above the page's content. Safe to call many times. */
export function showAddressNotice(): void {
  if (started) return;
  started = true;
  render();
}

/** Show the notice again after a page declared more address keys of its own (src/lib/address.ts addAddressKeys). */
export function refreshAddressNotice(): void {
  if (started) render();
}
