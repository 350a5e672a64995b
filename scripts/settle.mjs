// When a page of the site has settled, for the browser tests (test/browser/harness.ts) and the bench alike: tfjs has
// started (or is not used), no cell is still computing (Framework's <observablehq-loading> placeholders), no status
// line says building, loading or running, and the page stays that way, unchanged, for half a second.

/**
 * Wait until `page` has settled (see above); throws after `timeout` ms.
 * @param {import("playwright-core").Page} page
 */
export async function settled(page, timeout = 120_000) {
  const end = Date.now() + timeout;
  // Each round asks the page: is it quiet, and does it stay quiet for half a second? A busy page answers at its
  // next change (or after a tenth of a second), so the rounds follow the page rather than a clock.
  while (
    !(await page.evaluate(
      () =>
        new Promise((resolve) => {
          const quiet = () =>
            document.documentElement.dataset.tfjs !== "starting" &&
            document.querySelectorAll("observablehq-loading").length === 0 &&
            document.querySelectorAll('[data-state="building"], [data-state="loading"], [data-state="running"]')
              .length === 0;
          const startQuiet = quiet();
          /** @param {boolean} v */
          const finish = (v) => {
            watch.disconnect();
            clearTimeout(timer);
            resolve(v);
          };
          const watch = new MutationObserver(() => {
            if (!startQuiet || !quiet()) finish(false);
          });
          watch.observe(document, { subtree: true, childList: true, attributes: true });
          const timer = setTimeout(() => finish(startQuiet && quiet()), startQuiet ? 500 : 100);
        }),
    ))
  ) {
    if (Date.now() > end) throw new Error(`the page did not settle within ${timeout / 1000} s`);
  }
}
