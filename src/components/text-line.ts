/**
 * A line of text stating a result the page computed (a paragraph, or another tag), with an optional class and test
 * id. It is also announced politely to screen readers, since it follows a reader's change (`quiet` to not).
 */
import { el } from "./dom.js";
import { announce } from "./page-a11y.js";

export function textLine(
  text: string,
  o: { tag?: keyof HTMLElementTagNameMap; cls?: string; testId?: string; quiet?: boolean } = {},
): HTMLElement {
  if (!o.quiet) announce(text);
  return el(o.tag ?? "p", { class: o.cls, "data-testid": o.testId }, text);
}
