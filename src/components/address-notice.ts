/**
 * A short notice at the top of the page listing what the address asked for that the page could not use
 * (src/lib/address.ts). Generic: it shows any list of plain-text problems.
 */
import { readAddress } from "../lib/address.js";
import { el } from "./dom.js";

/** The notice element for a list of plain-text problems, or null when there are none. */
export function addressNotice(problems: string[]): HTMLElement | null {
  if (!problems.length) return null;
  return el(
    "div",
    { class: "address-notice", role: "note", "data-problems": problems.length },
    el("strong", {}, "Part of this page's address was ignored. "),
    problems.length === 1 ? problems[0] : el("ul", {}, ...problems.map((p) => el("li", {}, p))),
  );
}

let shown: HTMLElement | null | undefined;

/** Read the page's address once and show its notice above the page's content. Safe to call many times. */
export function showAddressNotice(problems = readAddress(location.search).problems): void {
  if (shown !== undefined) return;
  shown = addressNotice(problems);
  if (!shown) return;
  const main = document.querySelector("#observablehq-main, main") ?? document.body;
  main.prepend(shown);
}
