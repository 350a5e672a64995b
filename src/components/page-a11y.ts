/**
 * Page-wide accessibility behaviour, set up once by any page that imports a chart or a result line.
 *
 * Polite announcements for screen readers: one visually hidden live region per page (role="status",
 * aria-live="polite"), created when the page opens so that later changes to it are read out. Results that a
 * reader's action changed (a new ratio, a new prediction) are announced; what a page shows when it first opens is
 * not, so opening a page is not a stream of speech.
 *
 * Scroll boxes: a chart, table or diagram wider than the screen scrolls inside its own box (style.css); such a
 * box is made focusable while it overflows, so that it can be scrolled with the keyboard.
 */

let region: HTMLElement | null = null;
let interacted = false;
let pending: string[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

function liveRegion(): HTMLElement {
  if (region?.isConnected) return region;
  region = document.getElementById("page-announcer");
  if (!region) {
    region = document.createElement("div");
    region.id = "page-announcer";
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-atomic", "true");
    document.body.append(region);
  }
  return region;
}

/**
 * All reads first, then all writes: writing an attribute between two reads of scrollWidth made the browser lay
 * the page out again for every element. The content of a closed <details> is skipped: measuring an element that
 * is not rendered makes the browser lay out its subtree just for that one read (300 ms for the Architecture
 * page's closed layer tables); opening one schedules a new check.
 */
const PHRASES = new Set(
  "A ABBR B BR BUTTON CODE EM I IMG INPUT KBD LABEL OPTION S SAMP SELECT SMALL SPAN STRONG SUB SUP TEXTAREA VAR WBR".split(
    " ",
  ),
);

function focusableScrollBoxes(): void {
  const main = document.getElementById("observablehq-main");
  if (!main) return;
  // Charts' SVG insides are never scroll boxes (the box around a chart is), nor is anything in a table row (the
  // table is: the Playground's layer tables hold three quarters of its elements); the content of a closed
  // <details> is not rendered. Reading every element's scrollWidth took 35 ms on the Playground (100+ on a
  // loaded machine); phrase elements (links, code, inputs) are never scroll boxes either and are not read.
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_ELEMENT, (node) => {
    const parent = node.parentElement;
    const hidden = parent instanceof HTMLDetailsElement && !parent.open && node.nodeName !== "SUMMARY";
    if (hidden || node instanceof SVGElement || node.nodeName === "TR") return NodeFilter.FILTER_REJECT;
    return PHRASES.has(node.nodeName) ? NodeFilter.FILTER_SKIP : NodeFilter.FILTER_ACCEPT;
  });
  const changes: [HTMLElement, boolean][] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!(node instanceof HTMLElement)) continue;
    const box = node;
    const marked = box.hasAttribute("data-scroll-box");
    const wider = box.scrollWidth > box.clientWidth + 1;
    if (!marked && !wider) continue;
    const x = getComputedStyle(box).overflowX;
    const overflows = (x === "auto" || x === "scroll") && wider;
    if (overflows !== marked && (!overflows || !box.hasAttribute("tabindex"))) changes.push([box, overflows]);
  }
  for (const [box, overflows] of changes) {
    if (overflows) {
      box.setAttribute("tabindex", "0");
      box.dataset.scrollBox = "";
    } else {
      box.removeAttribute("tabindex");
      delete box.dataset.scrollBox;
    }
  }
}

if (typeof document !== "undefined") {
  liveRegion();
  let pass: ReturnType<typeof setTimeout> | undefined;
  // At most one pass per 300 ms, even on a page that changes continuously (an animation).
  const schedule = () => {
    if (pass !== undefined) return;
    pass = setTimeout(() => {
      pass = undefined;
      focusableScrollBoxes();
    }, 300);
  };
  const main = document.getElementById("observablehq-main");
  if (main) new MutationObserver(schedule).observe(main, { childList: true, subtree: true });
  addEventListener("resize", schedule);
  document.addEventListener("toggle", schedule, { capture: true }); // a <details> opened or closed
  schedule();
  for (const type of ["keydown", "pointerdown", "input", "change"])
    document.addEventListener(type, () => (interacted = true), { capture: true, passive: true });
}

/** Whether the reader has pressed a key, clicked or edited anything on this page yet. */
export function readerHasInteracted(): boolean {
  return interacted;
}

/**
 * Announce `text` politely once the reader has interacted with the page. Messages that arrive together (the
 * several result lines of one recomputation) are read as one, in order.
 */
export function announce(text: string): void {
  if (!interacted || !text.trim()) return;
  pending.push(text.trim());
  clearTimeout(timer);
  timer = setTimeout(() => {
    liveRegion().textContent = pending.join(" ");
    pending = [];
  }, 250);
}
