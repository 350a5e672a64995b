/**
 * The site in a classroom: presenter mode (?present) shows a page large and without navigation, printing gives
 * a readable handout of every page (details opened, nothing cut at the paper's edge, a sensible number of sheets),
 * and no page shows a reader the words of its development (file paths, seeds of the project's documents,
 * commit hashes, test fixtures).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allProblems, NO_PROBLEMS, openPage, settled, useBrowser, useSettledPage } from "./harness.js";

const config = readFileSync("observablehq.config.ts", "utf8");
const paths = [...new Set(["/", ...[...config.matchAll(/path: "([^"]+)"/g)].map((m) => m[1])])];

/** Words a reader should never meet: where they match, the page still talks to its developers. */
const DEV_WORDS: [string, RegExp][] = [
  ["a seed document", /\bseed 0\d*/i],
  ["the shared folder", /\bshared\//],
  ["the docs folder", /\bdocs\//],
  ["a Markdown file", /\b[\w-]+\.md\b/],
  ["a source path", /\bsrc\//],
  ["a test fixture", /\bfixtures?\b/i],
  ["a build variable", /\b(MODELS_DIR|IMAGES_DIR|SKIP_BUILD|CHROMIUM_PATH)\b/],
  ["the project's README", /\bproject's README\b/],
  // A commit hash: 7 to 40 hexadecimal characters with at least one letter and one digit, standing alone.
  ["a commit hash", /(?<![\w.-])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}(?![\w.-])/],
];

/** A4 at 96 dpi is 794 CSS pixels wide; page.pdf prints with no margins unless asked. */
const PAPER_WIDTH = 794;

describe("classroom: presenter mode, print, reader-facing text", () => {
  const browser = useBrowser();

  it("presenter mode: larger type, no sidebar or contents, a toolbar that brings the sidebar back and hides the controls", async () => {
    const normal = await openPage(browser(), "/pages/depthwise-separable");
    await settled(normal.page);
    const size = (p: typeof normal.page) =>
      p.evaluate(() =>
        Number.parseFloat(getComputedStyle(document.querySelector("#observablehq-main p") as Element).fontSize),
      );
    const normalSize = await size(normal.page);
    await normal.page.close();

    const o = await openPage(browser(), "/pages/depthwise-separable", "?present");
    const { page } = o;
    await settled(page);
    expect(await size(page)).toBeGreaterThanOrEqual(normalSize * 1.25);
    expect(await page.locator("#observablehq-sidebar").isVisible()).toBe(false);
    expect(await page.locator("#observablehq-toc").isVisible()).toBe(false);
    const bar = page.getByRole("group", { name: "Presenter mode" });
    await bar.getByRole("button", { name: "Show sidebar" }).click();
    await expect.poll(() => page.locator("#observablehq-sidebar").isVisible()).toBe(true);
    const controls = page.locator(".ds-controls");
    expect(await controls.isVisible()).toBe(true);
    await bar.getByRole("button", { name: "Hide controls" }).click();
    await expect.poll(() => controls.isVisible()).toBe(false);
    // PageDown brings the next section's heading to the top of the screen.
    await bar.getByRole("button", { name: "Show sidebar" }).click();
    await expect.poll(() => page.locator("#observablehq-sidebar").isVisible()).toBe(false);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("PageDown");
    await expect
      .poll(() =>
        page.evaluate(() =>
          Math.abs(document.querySelectorAll("#observablehq-main h2")[0].getBoundingClientRect().top),
        ),
      )
      .toBeLessThan(120);
    // The address key is the site's, not a problem of the page's address.
    expect(await page.locator(".address-notice:not([hidden])").count()).toBe(0);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  it("presenter mode: each exercise fills a screen in large type, PageDown steps card by card, the solution on request; print keeps the worksheet", async () => {
    const o = await openPage(browser(), "/pages/depthwise-separable", "?present&exercise=7");
    const { page } = o;
    await settled(page);
    const cards = page.locator(".exercise");
    expect(await cards.count()).toBeGreaterThanOrEqual(2);
    const box = (i: number) =>
      cards.nth(i).evaluate((c) => {
        const r = c.getBoundingClientRect();
        const prompt = c.querySelector(".exercise-prompt") as Element;
        return { top: r.top, height: r.height, font: Number.parseFloat(getComputedStyle(prompt).fontSize) };
      });
    // One card per screen (900 px high) in projector-size type.
    const first = await box(0);
    expect(first.height).toBeGreaterThanOrEqual(0.8 * 900);
    expect(first.font).toBeGreaterThanOrEqual(24);
    // From the Exercises heading, PageDown brings card 1 to the top with card 2 below the screen, then card 2.
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      const h = [...document.querySelectorAll("#observablehq-main > h2")].find((e) => e.textContent === "Exercises");
      h?.scrollIntoView({ block: "start" });
    });
    await page.keyboard.press("PageDown");
    await expect.poll(async () => Math.abs((await box(0)).top)).toBeLessThan(80);
    expect((await box(1)).top).toBeGreaterThanOrEqual(900 - 40);
    await page.keyboard.press("PageDown");
    await expect.poll(async () => Math.abs((await box(1)).top)).toBeLessThan(80);
    // The answer stays hidden until asked for.
    const solution = cards.nth(1).locator(".exercise-solution");
    expect(await solution.getByText("Answer:").isVisible()).toBe(false);
    await solution.getByText("Show worked solution").click();
    await expect.poll(() => solution.getByText("Answer:").isVisible()).toBe(true);
    // Without controls: the question and its solution stay, the answer box and "New numbers" go.
    await page.getByRole("group", { name: "Presenter mode" }).getByRole("button", { name: "Hide controls" }).click();
    await expect.poll(() => cards.nth(1).getByRole("textbox").isVisible()).toBe(false);
    expect(await cards.nth(1).locator(".exercise-prompt").isVisible()).toBe(true);
    expect(await solution.getByText("Answer:").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "New numbers" }).isVisible()).toBe(false);
    // Printed from presenter mode it is still a worksheet: cards at their own height, print-size type, no solution.
    await page.setViewportSize({ width: PAPER_WIDTH, height: 1123 });
    await page.emulateMedia({ media: "print" });
    const printed = await box(0);
    expect(printed.height).toBeLessThan(400);
    expect(printed.font).toBeLessThan(20);
    expect(await cards.nth(0).locator(".exercise-solution").isVisible()).toBe(false);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  // Each page is opened once for its two checks: first what a reader sees as the page opens, then its print.
  for (const path of paths) {
    describe(path, () => {
      const opened = useSettledPage(browser, path);

      it(`${path}: no development words in what a reader sees`, async () => {
        const { page } = opened();
        // Every <details> is read open; those that were closed are closed again for the print check below.
        await page.evaluate(() => {
          for (const d of document.querySelectorAll("details:not([open])")) {
            d.setAttribute("data-read-open", "");
            (d as HTMLDetailsElement).open = true;
          }
        });
        const text = await page.locator("body").innerText();
        await page.evaluate(() => {
          for (const d of document.querySelectorAll("details[data-read-open]")) {
            d.removeAttribute("data-read-open");
            (d as HTMLDetailsElement).open = false;
          }
        });
        const found = DEV_WORDS.flatMap(([what, re]) => {
          const m = text.match(re);
          return m ? [`${what}: “…${text.slice(Math.max(0, (m.index ?? 0) - 40), (m.index ?? 0) + 40)}…”`] : [];
        });
        expect(found).toEqual([]);
      });

      it(`${path} prints as a handout: details open, no control, tables and charts within the paper, 1 to 40 sheets`, async () => {
        const o = opened();
        const { page } = o;
        await page.setViewportSize({ width: PAPER_WIDTH, height: 1123 });
        await page.emulateMedia({ media: "print" });
        await page.evaluate(() => dispatchEvent(new Event("beforeprint")));
        const layout = await page.evaluate((paper) => {
          const visible = (e: Element) => (e as HTMLElement).offsetParent !== null || e.getClientRects().length > 0;
          const main = document.getElementById("observablehq-main") as HTMLElement;
          return {
            closedDetails: document.querySelectorAll("#observablehq-main details:not([open])").length,
            controls: [...main.querySelectorAll("button, input[type=range]")].filter(visible).length,
            clippedTables: [...main.querySelectorAll("table")]
              .filter((t) => t.scrollWidth > t.clientWidth + 1 || t.getBoundingClientRect().right > paper + 1)
              .map((t) => t.querySelector("caption, th")?.textContent ?? t.className),
            wideGraphics: [...main.querySelectorAll("svg, canvas")]
              .filter((g) => !g.parentElement?.closest("svg") && g.getBoundingClientRect().right > paper + 1)
              .map((g) => g.getAttribute("aria-label")?.slice(0, 60) ?? g.tagName),
            // A box with a screen height limit would print over what follows it.
            spilledBoxes: [...main.querySelectorAll("div, figure, pre")]
              .filter((e) => getComputedStyle(e).maxHeight !== "none" && e.scrollHeight > e.clientHeight + 1)
              .map((e) => e.className),
            scrollWidth: document.documentElement.scrollWidth,
          };
        }, PAPER_WIDTH);
        expect(layout).toEqual({
          closedDetails: 0,
          controls: 0,
          clippedTables: [],
          wideGraphics: [],
          spilledBoxes: [],
          scrollWidth: PAPER_WIDTH,
        });
        const pdf = await page.pdf({ format: "A4", printBackground: false });
        const sheets = pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
        expect(sheets).toBeGreaterThanOrEqual(1);
        expect(sheets).toBeLessThanOrEqual(40);
        expect(await allProblems(o)).toEqual(NO_PROBLEMS);
      });
    });
  }
});

describe("sentences that compare follow the numbers", () => {
  const browser = useBrowser();

  it("depthwise calculator: with a 1×1 kernel the separable pair costs more, and says so", async () => {
    const o = await openPage(browser(), "/pages/depthwise-separable");
    const { page } = o;
    await settled(page);
    const box = page.getByRole("textbox", { name: /Kernel size/ });
    await box.fill("1");
    await box.press("Tab");
    // c_in = 32, c_out = 64, k = 1: separable / standard = 1/64 + 1/1 > 1, i.e. (1/64 + 1)× the cost.
    const more = (1 / 64 + 1).toFixed(2);
    const ratio = page.locator("[data-testid=ds-ratio]");
    await expect.poll(() => ratio.textContent()).toContain(`costs ${more}× more`);
    expect(await ratio.textContent()).not.toContain("cheaper");
    await page.close();
  });

  it("inverted residual: with t = 1 and stride 2 no expansion layer is said to run", async () => {
    const o = await openPage(browser(), "/pages/inverted-residual");
    const { page } = o;
    await settled(page);
    for (const [name, value] of [
      [/Expansion factor t/, "1"],
      [/Stride/, "2"],
    ] as const) {
      const box = page.getByRole("textbox", { name });
      await box.fill(value);
      await box.press("Tab");
    }
    const formula = page.locator("[data-testid=ir-formula]");
    await expect.poll(() => formula.textContent()).toContain("no expansion layer");
    expect(await formula.textContent()).not.toContain("the expansion runs");
    await page.close();
  });

  it("architecture: the rows that do more multiply-adds are the ones the text names", async () => {
    const o = await openPage(browser(), "/pages/architecture");
    const { page } = o;
    await settled(page);
    const text = await page.locator("#observablehq-main").innerText();
    // At width 1.0 and 224×224, Table 2's rows 1–2 (112×112 and 56×56 maps) cost less than rows 5–7.
    expect(text).toContain("the late rows do more");
    expect(text).not.toMatch(/early blocks .* dominate the multiply-adds/);
    await page.close();
  });
});
