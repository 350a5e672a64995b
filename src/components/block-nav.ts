/**
 * Navigation through the network: a select grouped by part (stem, Table 2 row, head), Previous / Next buttons, a strip
 * of one button per block, and the ← / → keys while the navigation has focus. The value is a group id
 * ("stem", "expanded_conv", "block_1" … "block_16", "head"), kept in the page's address as `block`
 * (page-address.ts): the navigation starts at the address's block when it names one.
 */
import type { TapGroup } from "../lib/activation-taps.js";
import { blockNumber, PAPER_ROWS, type Part, partName, scaleChannels } from "../lib/spec.js";
import { el } from "./dom.js";
import { CHANNEL_EVENT, CHANNEL_TEXT, ENLARGE_EVENT } from "./feature-grid.js";
import { addressControl, addressInitial } from "./url-state.js";

/** A Table 2 row in words; with a width multiplier other than 1, also the channels c becomes at that width. */
export function partLabel(part: Part, width: number | null = null): string {
  if (part.kind === "stem") return "Stem";
  if (part.kind === "head") return "Head";
  const r = PAPER_ROWS[part.row - 1];
  if (!r) return `Row ${part.row}`;
  const scaled = width !== null && width !== 1 ? ` → ${scaleChannels(r.c, width, "reference")} at width ${width}` : "";
  return `Row ${part.row} (t=${r.t}, c=${r.c}${scaled}, n=${r.n}, s=${r.s})`;
}

export function blockNav(
  groups: TapGroup[],
  initial?: string,
  opts: { width?: number | null } = {},
): HTMLElement & { value: string } {
  const label = (part: Part) => partLabel(part, opts.width ?? null);
  const root = el("div", { class: "act-nav" }) as unknown as HTMLElement & { value: string };
  root.setAttribute("role", "group");
  root.setAttribute("aria-label", "Choose a block (← and → keys step through the network)");
  const id = `act-nav-${Math.random().toString(36).slice(2, 8)}`;
  const select = el("select", { id });
  const byPart = new Map<string, TapGroup[]>();
  for (const g of groups) byPart.set(partName(g.part), [...(byPart.get(partName(g.part)) ?? []), g]);
  for (const gs of byPart.values()) {
    const og = el("optgroup", { label: label(gs[0].part) });
    for (const g of gs) og.append(el("option", { value: g.id }, g.label));
    select.append(og);
  }
  const prev = el("button", { type: "button" }, "← Previous");
  const next = el("button", { type: "button" }, "Next →");
  prev.setAttribute("aria-label", "Previous block");
  next.setAttribute("aria-label", "Next block");
  const strip = el("div", { class: "act-strip" });
  const chips = groups.map((g) => {
    const b = el(
      "button",
      {
        type: "button",
        class: `act-chip act-part-${partName(g.part).replace(" ", "-")}`,
        title: `${g.label} · ${label(g.part)}`,
      },
      blockNumber(g.id),
    );
    b.dataset.group = g.id;
    b.setAttribute("aria-label", g.label);
    b.addEventListener("click", () => go(groups.indexOf(g)));
    strip.append(b);
    return b;
  });
  const fallback = groups.find((g) => g.id === initial)?.id ?? groups[0].id;
  const start = addressInitial("block", (t) => groups.some((g) => g.id === t), fallback);
  let index = groups.findIndex((g) => g.id === start);
  const show = () => {
    select.value = groups[index].id;
    prev.disabled = index === 0;
    next.disabled = index === groups.length - 1;
    for (const [i, c] of chips.entries()) c.setAttribute("aria-pressed", String(i === index));
  };
  const go = (i: number) => {
    const j = Math.max(0, Math.min(groups.length - 1, i));
    if (j === index) return;
    index = j;
    show();
    channel = ""; // the new block's layers: nothing enlarged yet
    root.dispatchEvent(new Event("input", { bubbles: true }));
  };
  select.addEventListener("change", () => go(groups.findIndex((g) => g.id === select.value)));
  select.addEventListener("input", (e) => e.stopPropagation());
  prev.addEventListener("click", () => go(index - 1));
  next.addEventListener("click", () => go(index + 1));
  root.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLSelectElement) return;
    if (e.key === "ArrowRight") go(index + 1);
    else if (e.key === "ArrowLeft") go(index - 1);
    else return;
    e.preventDefault();
  });
  // The channel enlarged in one of the block's feature-map grids (feature-grid.ts), as "layer:index".
  const inBlock = (t: string) => groups[index].taps.some((tap) => tap.layer === CHANNEL_TEXT.exec(t)?.[1]);
  let channel = addressInitial("channel", inBlock, "");
  const channelBox = el("span", { hidden: true });
  const channelAddress = addressControl(channelBox, "channel", {
    default: "",
    get: () => channel,
    set: (text) => {
      const m = CHANNEL_TEXT.exec(text);
      const grid = m && inBlock(text) ? document.querySelector(`section.act-grid[data-layer="${m[1]}"]`) : null;
      grid?.dispatchEvent(new CustomEvent(ENLARGE_EVENT, { detail: Number(m?.[2]) }));
    },
  });
  document.addEventListener(CHANNEL_EVENT, (e) => {
    if (!channelBox.isConnected) return; // a navigation the page has replaced
    channel = (e as CustomEvent<string>).detail;
    channelAddress.changed();
  });
  root.append(
    el("div", { class: "act-nav-row" }, el("label", { for: id }, "Block: "), select, prev, next),
    strip,
    channelBox,
  );
  show();
  addressControl(root, "block", {
    default: fallback,
    get: () => groups[index].id,
    set: (text) => {
      const i = groups.findIndex((g) => g.id === text);
      if (i >= 0) go(i);
    },
  });
  Object.defineProperty(root, "value", {
    get: () => groups[index].id,
    set: (v: string) => {
      index = Math.max(
        0,
        groups.findIndex((g) => g.id === v),
      );
      show();
    },
  });
  return root;
}
