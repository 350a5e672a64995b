/**
 * The element builder of every component (pages must not import htl as `html`, see DEVELOPERS.md).
 *
 * One rule: `el(tag, attributes, ...children)` sets attributes (`class` is the class name, `true` gives an empty
 * attribute, `false`/`null`/`undefined` leave it out). State that lives only in DOM properties, never in
 * attributes (a video's `srcObject` and `muted`, an input's `value` after it was edited, …), goes in `props`,
 * typed for the tag and assigned after the attributes. Children are nodes or text; empty ones are skipped.
 */
export type Child = Node | string | number | null | undefined | false;

type AttrValue = string | number | boolean | null | undefined;

type Attrs<K extends keyof HTMLElementTagNameMap> = {
  /** DOM properties, assigned after the attributes. */
  props?: Partial<HTMLElementTagNameMap[K]>;
  [attribute: string]: AttrValue | Partial<HTMLElementTagNameMap[K]>;
};

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs<K> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "props" || v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = String(v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  if (attrs.props) Object.assign(e, attrs.props);
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}
