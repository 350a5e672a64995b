/**
 * Work split into tasks of its own, so that a result shows before everything below it is drawn (issue 9: short
 * tasks). `nextTask` runs a function soon, in a new task: a message to ourselves, which browsers do not delay the
 * way they hold back a chain of setTimeout(0) calls (4 ms each after the fifth). `drawLater` fills a box in such a
 * task; the box says data-state="running" until then ("done" after), which tests and settled() wait on.
 */

import { el } from "./dom.js";
import { readerHasInteracted } from "./page-a11y.js";

export function nextTask(fn: () => void): void {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => {
    ch.port1.close();
    fn();
  };
  ch.port2.postMessage(null);
}

/** Put what `draw` makes at the start of `box`, in a later task. */
export function drawLater<T extends HTMLElement>(box: T, draw: () => Node): T {
  box.dataset.state = "running";
  nextTask(() => {
    box.prepend(draw());
    box.dataset.state = "done";
  });
  return box;
}

/**
 * What `draw` makes, in a box of its own. While the page is opening (before the reader's first key press, click or
 * edit) it is drawn in a later task (drawLater), so that a long page's charts and tables below the fold open as
 * several short tasks instead of one; once the reader acts, at once, so that an edit never leaves a box empty for
 * a frame.
 */
export function drawnWhileOpening(draw: () => Node): HTMLElement {
  const box = el("div", { class: "drawn-later" });
  if (readerHasInteracted()) {
    box.append(draw());
    return box;
  }
  return drawLater(box, draw);
}
