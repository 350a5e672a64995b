// Presenter mode and print, for every page: a small classic script that observablehq.config.ts writes into each
// page's <head> (the site's CSP allows it by its hash; see scripts/csp.mjs), so it runs before the page is drawn.
// - `?present` in the address marks <html class="present">: style.css then sets larger type, hides the sidebar and
//   the table of contents, and snaps each section (h2) to the top of the screen. A small toolbar shows the
//   sidebar or hides the controls (both optional), and PageDown / PageUp, or → / ← while no control has the
//   focus, step from one section to the next. `?present=clean` starts with the controls hidden.
// - Printing opens every <details> (and closes them again afterwards), so a printed page is a complete handout;
//   style.css's print rules hide the controls and fit charts and tables to the paper's width.
const script = () => {
  const root = document.documentElement;
  const q = new URLSearchParams(location.search);
  /** @type {HTMLDetailsElement[]} */
  const opened = [];
  addEventListener("beforeprint", () => {
    for (const d of document.querySelectorAll(/** @type {"details"} */ ("details:not([open])"))) {
      d.open = true;
      opened.push(d);
    }
  });
  addEventListener("afterprint", () => {
    for (const d of opened.splice(0)) d.open = false;
  });
  if (!q.has("present")) return;
  root.classList.add("present");
  if (q.get("present") === "clean") root.classList.add("present-no-controls");
  /** @param {number} dir */
  const step = (dir) => {
    // A heading's distance below where scrollIntoView puts it (the page's scroll padding, its scroll margin).
    const pad = Number.parseFloat(getComputedStyle(root).scrollPaddingTop) || 0;
    /** @param {Element} h */
    const top = (h) =>
      h.getBoundingClientRect().top - pad - (Number.parseFloat(getComputedStyle(h).scrollMarginTop) || 0);
    // Sections, and each exercise card on its own (one question per screen).
    const list = [...document.querySelectorAll("#observablehq-main > h2, #observablehq-main .exercise")];
    const next = dir > 0 ? list.find((h) => top(h) > 8) : list.filter((h) => top(h) < -8).at(-1);
    if (next) next.scrollIntoView({ block: "start" });
    else if (dir < 0) scrollTo(0, 0);
  };
  addEventListener("keydown", (e) => {
    const a = document.activeElement;
    const inControl =
      a &&
      a !== document.body &&
      a.id !== "observablehq-main" &&
      a.closest("input, select, textarea, button, [tabindex], a");
    if (e.key === "PageDown" || (!inControl && e.key === "ArrowRight")) step(1);
    else if (e.key === "PageUp" || (!inControl && e.key === "ArrowLeft")) step(-1);
    else return;
    e.preventDefault();
  });
  addEventListener("DOMContentLoaded", () => {
    const bar = document.createElement("div");
    bar.className = "present-bar";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Presenter mode");
    /** @param {string} label @param {string} cls */
    const toggle = (label, cls) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      const sync = () => b.setAttribute("aria-pressed", String(root.classList.contains(cls)));
      b.addEventListener("click", () => {
        root.classList.toggle(cls);
        sync();
      });
      sync();
      return b;
    };
    const exit = document.createElement("a");
    const plain = new URL(location.href);
    plain.searchParams.delete("present");
    exit.href = plain.href;
    exit.textContent = "Leave presenter mode";
    const hint = document.createElement("span");
    hint.textContent = "PageDown / PageUp: next / previous section or exercise";
    bar.append(toggle("Show sidebar", "present-sidebar"), toggle("Hide controls", "present-no-controls"), exit, hint);
    document.body.append(bar);
  });
};

export const PRESENTER_HEAD = `<script>(${script.toString()})();</script>`;
