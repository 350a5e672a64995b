/**
 * Observable Inputs' radio buttons (`Inputs.radio`) as one named group for assistive technology: its caption is
 * a plain <label> that names no control, so the form gets role="radiogroup" and is labelled by that caption.
 * Arrow keys move between the options, as for any radio group.
 */
export function radioGroup<T extends HTMLElement>(form: T): T {
  const caption = form.querySelector(":scope > label");
  form.setAttribute("role", "radiogroup");
  if (caption) {
    if (!caption.id) caption.id = `rg-${Math.random().toString(36).slice(2, 9)}`;
    form.setAttribute("aria-labelledby", caption.id);
  }
  return form;
}
