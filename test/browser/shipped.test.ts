/**
 * What a fresh clone shows with no setup: the int8 TFLite checkpoint and the photos of data/ are installed by
 * every build (scripts/assets.mjs), the Activations explorer offers them with their credits and licences, and
 * the trained network classifies the coffee photo as espresso. Run on a build without ../shared (as in a fresh
 * clone, e.g. SHARED_DIR=/nowhere), the shipped checkpoint is the default; with ../shared's layers model also
 * installed, the test picks the shipped checkpoint explicitly.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHIPPED_IMAGES_DIR, SHIPPED_LABELS } from "../assets.js";
import { waitRun } from "./explorer.js";
import { allProblems, NO_PROBLEMS, type OpenedPage, openPage, screenshot, useBrowser } from "./harness.js";

interface Credit {
  subject: string;
  photographer: string;
  source: string;
  sourceUrl: string;
  licence: string;
  licenceUrl: string;
}

const photos = readdirSync(SHIPPED_IMAGES_DIR).filter((f) => /\.(png|jpe?g)$/.test(f));
const credit = (file: string): Credit =>
  JSON.parse(readFileSync(join(SHIPPED_IMAGES_DIR, `${file.replace(/\.[^.]+$/, "")}.json`), "utf8"));

describe("what ships with the site (data/)", () => {
  const browser = useBrowser();
  let o: OpenedPage;
  let manifest: { models: unknown[]; tflite: { id: string; shipped?: boolean }[]; images: { file: string }[] };
  beforeAll(async () => {
    manifest = JSON.parse(readFileSync("dist/_file/assets/manifest.json", "utf8"));
    o = await openPage(browser(), "/pages/activations");
    await waitRun(o.page, "coffee.png");
  });
  afterAll(async () => o?.page.close());

  it("installs the shipped checkpoint and every shipped photo, each with a credit JSON", () => {
    expect(manifest.tflite.find((t) => t.shipped)?.id).toBe("tf2_mobilenet_v2_1.0_224_ptq");
    expect(photos.length).toBe(7);
    for (const f of photos) {
      expect(manifest.images.map((i) => i.file)).toContain(f);
      const c = credit(f);
      for (const k of ["subject", "photographer", "source", "sourceUrl", "licence", "licenceUrl"] as const)
        expect(c[k], `${f}: ${k}`).toBeTruthy();
      expect(c.sourceUrl).toMatch(/^https:\/\//);
      expect(c.licenceUrl).toMatch(/^https:\/\/creativecommons\.org\//);
    }
  });

  it("classifies the coffee photo as espresso with the shipped int8 checkpoint", async () => {
    const radio = o.page.locator('input[data-choice="tflite:tf2_mobilenet_v2_1.0_224_ptq"]');
    // With no layers model installed (a fresh clone) the shipped checkpoint is the default; otherwise pick it.
    if (!manifest.models.length) expect(await radio.isChecked()).toBe(true);
    else await radio.check();
    // The load line is read below: wait until it describes the checkpoint, not an import still in progress.
    await o.page.locator('.act-load-status[data-state="done"][data-kind="tflite"]').waitFor({ timeout: 120_000 });
    const run = await waitRun(o.page, "coffee.png", '[data-top1="espresso"]');
    // Independent of the page: "espresso" is line 968 of the file's 1001 labels (line 0 is "background").
    expect(readFileSync(SHIPPED_LABELS, "utf8").split("\n")[968]).toBe(run.top1);
    const load = await o.page.locator(".act-load-status").textContent();
    expect(load).toContain("TFLite file tf2_mobilenet_v2_1.0_224_ptq.tflite (ships with this site");
    expect(load).toContain("Apache License 2.0");
    expect(await o.page.locator(".act-notice-random").count()).toBe(0);
    const picker = o.page.locator(".act-model-credit");
    expect(await picker.textContent()).toContain("licence Apache License 2.0 (full text)");
    expect(await picker.locator("a", { hasText: "full text" }).getAttribute("href")).toMatch(/LICENSE$/);
    await screenshot(o.page, "shipped-activations");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
  });

  it("shows the photo's credit and licence, with links, under the photo and in the list of credits", async () => {
    const c = credit("coffee.png");
    const under = o.page.locator(".act-photo-credit");
    expect(await under.textContent()).toBe(
      `${c.subject}. Photo: ${c.photographer}, via ${c.source}; licence ${c.licence}.`,
    );
    expect(await under.locator("a").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))).toEqual([
      c.sourceUrl,
      c.licenceUrl,
    ]);
    const list = (await o.page.locator(".act-credits li").allTextContents()).join("\n");
    for (const f of photos) {
      const k = credit(f);
      expect(list).toContain(`${f}: ${k.subject}. Photo: ${k.photographer}, via ${k.source}; licence ${k.licence}.`);
    }
    // Reader-facing text carries no development words.
    expect(list).not.toMatch(/commit|re-encod|shared\//i);
  });
});
