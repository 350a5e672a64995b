/**
 * The page keeps its thread for short tasks only (issue 9: no task over 100 ms during an interaction). Tests may
 * not assert speed, so this suite asserts the structure that keeps tasks short; `npm run bench` measures the
 * longest task of every page and interaction.
 *
 * The Activations explorer: a photo change shows each layer's feature-map grid before painting any of its tiles
 * (nothing is drawn in the task that displays the grid), then paints the tiles over several later tasks, and
 * every tile ends up painted. The charts below the fold (minima across the network, top-5) appear with their
 * figures' numbers at once and are drawn in a later task.
 */
import { describe, expect, it } from "vitest";
import { waitRun } from "./explorer.js";
import { allProblems, NO_PROBLEMS, openPage, settled, useBrowser } from "./harness.js";

interface GridRecord {
  layer: string;
  channels: number;
  /** Alpha of the grid's first pixel when the grid entered the page (0: nothing painted yet). */
  alphaAtInsertion: number;
  /** Alpha of the first and last tile's first pixel once the grid says it is done. */
  alphaFirstTile: number;
  alphaLastTile: number;
  tasks: number;
}

describe("Activations explorer: feature maps are painted after the grid is shown, over several tasks", () => {
  const browser = useBrowser();

  it("a photo change displays every grid unpainted, then paints all its tiles in later tasks", async () => {
    const o = await openPage(browser(), "/pages/activations", "?backend=wasm");
    await settled(o.page);
    // A photo other than the one shown first (coffee.png).
    const file = "flamingo.jpg";
    const thumb = o.page.locator(`button.act-thumb[data-file="${file}"]`);
    expect(await thumb.getAttribute("data-file")).toBe(file);
    // Watch the grids the next run inserts, from inside the page (no globals): the observer's callback runs in the
    // same task as the insertion, before any later task could paint.
    const watching = o.page.evaluate(
      () =>
        new Promise<GridRecord[]>((resolve) => {
          const seen: { el: HTMLElement; alpha: number }[] = [];
          const alphaAt = (el: HTMLElement, x: number, y: number) => {
            const canvas = el.querySelector("canvas.act-grid-canvas") as HTMLCanvasElement;
            return canvas.getContext("2d")?.getImageData(x, y, 1, 1).data[3] ?? -1;
          };
          const finish = () => {
            if (seen.length === 0 || seen.some((s) => s.el.dataset.state !== "done")) return;
            observer.disconnect();
            resolve(
              seen.map(({ el, alpha }) => {
                const canvas = el.querySelector("canvas.act-grid-canvas") as HTMLCanvasElement;
                const channels = Number(el.dataset.shape?.split("×")[2]);
                // The tiles are laid out in rows from the top left; the last tile's row and column follow from
                // the canvas width and the tile pitch (the first tile's width plus the gap, found by scanning).
                const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
                const row = ctx.getImageData(0, 0, canvas.width, 1).data;
                let tile = 0;
                while (tile < canvas.width && row[tile * 4 + 3] === 255) tile++;
                const pitch = tile + 2;
                const cols = Math.floor((canvas.width + 2) / pitch);
                const last = channels - 1;
                return {
                  layer: el.dataset.layer ?? "",
                  channels,
                  alphaAtInsertion: alpha,
                  alphaFirstTile: alphaAt(el, 0, 0),
                  alphaLastTile: alphaAt(el, (last % cols) * pitch, Math.floor(last / cols) * pitch),
                  tasks: Number(el.dataset.tasks),
                };
              }),
            );
          };
          const observer = new MutationObserver((records) => {
            for (const r of records)
              for (const n of r.addedNodes)
                if (n instanceof HTMLElement && n.matches(".act-grid")) seen.push({ el: n, alpha: alphaAt(n, 0, 0) });
            finish();
          });
          observer.observe(document.querySelector("#observablehq-main") as HTMLElement, {
            childList: true,
            subtree: true,
            attributes: true,
            attributeFilter: ["data-state"],
          });
        }),
    );
    // The minima and top-5 figures: their numbers (data-*) when inserted, their chart only in a later task.
    const figures = o.page.evaluate(
      () =>
        new Promise<{ cls: string; chartAtInsertion: boolean; data: string; chartWhenDone: boolean }[]>((resolve) => {
          const seen: { el: HTMLElement; chartAtInsertion: boolean; data: string }[] = [];
          const observer = new MutationObserver((records) => {
            for (const r of records)
              for (const n of r.addedNodes)
                if (n instanceof HTMLElement && n.matches(".act-minima, .act-top5"))
                  seen.push({
                    el: n,
                    chartAtInsertion: !!n.querySelector("svg[role=img]"),
                    data: n.dataset.negativeProjections ?? n.dataset.top1 ?? "",
                  });
            if (seen.length === 2 && seen.every((f) => f.el.dataset.state === "done")) {
              observer.disconnect();
              resolve(
                seen.map((f) => ({
                  cls: f.el.className,
                  chartAtInsertion: f.chartAtInsertion,
                  data: f.data,
                  chartWhenDone: !!f.el.querySelector("svg[role=img]"),
                })),
              );
            }
          });
          observer.observe(document.querySelector("#observablehq-main") as HTMLElement, {
            childList: true,
            subtree: true,
            attributes: true,
            attributeFilter: ["data-state"],
          });
        }),
    );
    await thumb.click();
    await waitRun(o.page, file as string);
    const grids = await watching;
    const figs = await figures;
    expect(figs.map((f) => f.cls).sort()).toEqual(["act-minima", "act-top5"]);
    for (const f of figs) {
      expect(f.chartAtInsertion, `${f.cls}: drawn in the task that displayed it`).toBe(false);
      expect(f.data, `${f.cls}: its numbers at once`).not.toBe("");
      expect(f.chartWhenDone, `${f.cls}: drawn`).toBe(true);
    }
    // block_2 (the explorer's first stop) shows its expansion, depthwise, projection and residual add outputs.
    expect(grids.map((g) => g.layer).slice(0, 2)).toEqual(["block_2_expand_relu", "block_2_depthwise_relu"]);
    expect(grids.length).toBeGreaterThanOrEqual(3);
    for (const g of grids) {
      expect(g.alphaAtInsertion, `${g.layer}: painted in the task that displayed it`).toBe(0);
      expect(g.alphaFirstTile, `${g.layer}: first tile`).toBe(255);
      expect(g.alphaLastTile, `${g.layer}: last tile`).toBe(255);
    }
    // 144 channels (24 × t = 6) in the expansion and the depthwise layer: painted over several tasks.
    expect(grids.slice(0, 2).map((g) => g.channels)).toEqual([144, 144]);
    for (const g of grids.slice(0, 2)) expect(g.tasks, g.layer).toBeGreaterThan(1);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  }, 180_000);
});
