/**
 * The Width and resolution page: slim's published multiply-adds, presets, bad input, the convention difference, keyboard use.
 */
import { describe, expect, it } from "vitest";
import { COUNTS, SEED001, SLIM, slimMadds } from "../references.js";
import { focused } from "./a11y.js";
import { allProblems, NO_PROBLEMS, openPage, screenshot, useBrowser } from "./harness.js";
import { messageOf, num } from "./page-helpers.js";

const TORCHVISION_PARAMS = COUNTS.torchvision.params; // 3,504,872

describe("Width multiplier and resolution page", () => {
  const browser = useBrowser();

  it("width and resolution: slim's published multiply-adds, width presets, bad input, convention difference", async () => {
    const o = await openPage(browser(), "/pages/width-resolution");
    const { page } = o;
    // Default α = 1, 224, 1000 classes: the known 3,504,872 parameters (torchvision) and slim's 300M multiply-adds.
    expect(await num(page, "#wr-params")).toBe(TORCHVISION_PARAMS);
    expect(await num(page, "#wr-madds-m")).toBe(slimMadds(1, 224));
    expect(await num(page, "#wr-matches")).toBe(SLIM.rows.length); // all 22 checkpoints
    // The equal-cost example quotes the published multiply-adds of the two checkpoints it compares.
    const pair = await page.locator("#wr-pair").textContent();
    expect(pair).toContain(`α = 0.5 at 224 (${slimMadds(0.5, 224)}M multiply-adds`);
    expect(pair).toContain(`α = 0.75 at 160 (${slimMadds(0.75, 160)}M,`);
    // The seed tutorial's from-scratch count (3,505,960) minus torchvision's.
    expect(await num(page, "#wr-dparams")).toBe(SEED001.totalParams - TORCHVISION_PARAMS);

    const w = page.getByRole("textbox", { name: "Width multiplier α" });
    await w.fill("0.5");
    await expect.poll(() => num(page, "#wr-madds-m")).toBe(slimMadds(0.5, 224)); // 97M
    await page.getByRole("button", { name: "α = 0.35" }).click();
    await expect.poll(() => num(page, "#wr-madds-m")).toBe(slimMadds(0.35, 224)); // 59M
    await page.getByRole("button", { name: "96×96" }).click();
    await expect.poll(() => num(page, "#wr-madds-m")).toBe(slimMadds(0.35, 96)); // 11M
    expect(await page.getByRole("textbox", { name: "Input resolution (pixels)" }).inputValue()).toBe("96");
    await screenshot(page, "width-resolution-035-96");

    // Each message names its value, so every poll waits for its own message, not the previous one.
    for (const [bad, message] of [
      ["0", "(got 0)"],
      ["-1", "(got -1)"],
      ["x", "“x” is not a number"],
      ["50", "(got 50)"],
      ["0x1", "“0x1” is not a number"],
    ]) {
      await w.fill(bad);
      await expect
        .poll(() => messageOf(page, "Width multiplier α").textContent())
        .toBe(
          `Width multiplier α: ${bad === "x" || bad === "0x1" ? message : `must be between 0.1 and 2 ${message}`}. Keeping 0.35.`,
        );
      expect(await num(page, "#wr-madds-m")).toBe(slimMadds(0.35, 96));
    }
    await page.getByRole("textbox", { name: "Input resolution (pixels)" }).fill("100000");
    await expect
      .poll(() => messageOf(page, "Input resolution (pixels)").textContent())
      .toContain("must be between 32 and 1024");
    expect(await num(page, "#wr-madds-m")).toBe(slimMadds(0.35, 96));

    // Back to 1.0 / 224 with slim's 1001 classes: params without BN at 0.01M must be slim's 3.47M; params with BN = +1280 per class.
    await w.fill("1");
    await page.getByRole("textbox", { name: "Input resolution (pixels)" }).fill("224");
    await page.getByLabel("1001 (TF-slim: + background)").check();
    await expect.poll(() => num(page, "#wr-params")).toBe(TORCHVISION_PARAMS + 1281);
    await screenshot(page, "width-resolution");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  it("width and resolution by keyboard: preset buttons and the classes radios", async () => {
    const o = await openPage(browser(), "/pages/width-resolution");
    const { page } = o;
    expect(await num(page, "#wr-madds-m")).toBe(slimMadds(1, 224));
    // Tab from the width box to the first preset, Enter: α = 0.35 → slim's 59M.
    await page.getByRole("textbox", { name: "Width multiplier α" }).focus();
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("button[button] α = 0.35");
    await page.keyboard.press("Enter");
    await expect.poll(() => num(page, "#wr-madds-m")).toBe(slimMadds(0.35, 224));
    expect(await page.getByRole("textbox", { name: "Width multiplier α" }).inputValue()).toBe("0.35");
    // Next preset, Space: α = 0.5 → 97M.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    await expect.poll(() => num(page, "#wr-madds-m")).toBe(slimMadds(0.5, 224));
    // Back to α = 1 by the fourth button, then → on the classes radios: 1001 classes add 1280 weights and a bias.
    await page.getByRole("button", { name: "α = 1", exact: true }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => num(page, "#wr-params")).toBe(TORCHVISION_PARAMS);
    expect(await page.getByRole("radiogroup", { name: "Classes" }).count()).toBe(1);
    await page.getByRole("radio", { name: "1000 (ImageNet)" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => num(page, "#wr-params")).toBe(TORCHVISION_PARAMS + 1281);
    expect(await page.locator("#wr-config").textContent()).toBe("α = 1, 224×224");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });

  it("the sentence that splits the convention difference names each part's size and the largest, recomputed here", async () => {
    const o = await openPage(browser(), "/pages/width-resolution");
    const { page } = o;
    const parts = () => page.locator("#wr-dparts").textContent();
    // α = 1: the only difference is the from-scratch 32→32 expansion conv of the t = 1 block.
    await expect.poll(parts).toContain("All of the parameter difference comes from the extra expansion convolution");
    await page.getByRole("textbox", { name: "Width multiplier α" }).fill("0.5");
    await expect.poll(() => num(page, "#wr-madds-m")).toBe(slimMadds(0.5, 224));
    const refParams = await num(page, "#wr-params");
    const refMadds = await num(page, "#wr-madds");
    await page.getByLabel("from-scratch tutorial (int(c·α))").check();
    await expect.poll(() => num(page, "#wr-params")).not.toBe(refParams);
    const dParams = (await num(page, "#wr-params")) - refParams;
    const dMadds = (await num(page, "#wr-madds")) - refMadds;
    // By hand at α = 0.5, 224×224, 1000 classes. The t = 1 block's extra 1×1 conv: int(32·0.5) = 16 → 16 channels at
    // 112×112, plus BatchNorm's γ and β. The head: the last block gives 160 channels at 7×7 in both conventions; the
    // last conv has 1280 channels (reference) or int(1280·0.5) = 640 (from-scratch), then the 1000-class classifier.
    const expansion = { params: 16 * 16 + 2 * 16, madds: 112 * 112 * 16 * 16 };
    const head = (c: number) => ({ params: 160 * c + 2 * c + c * 1000 + 1000, madds: 7 * 7 * 160 * c + c * 1000 });
    const dHead = { params: head(640).params - head(1280).params, madds: head(640).madds - head(1280).madds };
    const rest = { params: dParams - expansion.params - dHead.params, madds: dMadds - expansion.madds - dHead.madds };
    const text = (await parts()) ?? "";
    const fmt = (n: number) => n.toLocaleString("en-US");
    expect(text).toContain(`+${fmt(expansion.params)} comes from the extra expansion convolution`);
    expect(text).toContain(`−${fmt(-dHead.params)} from the last convolution and the classifier`);
    expect(text).toContain(`−${fmt(-rest.params)} from the rounding of the other layers`);
    expect(text).toContain(`+${(expansion.madds / 1e6).toFixed(2)}M comes from the extra expansion convolution`);
    expect(text).toContain(`−${(-dHead.madds / 1e6).toFixed(2)}M from the last convolution and the classifier`);
    // Parameters: the head's 1280 → 640 channels are most of it; multiply-adds: the rounding of the other layers.
    expect(Math.abs(dHead.params)).toBeGreaterThan(Math.max(Math.abs(rest.params), expansion.params));
    expect(Math.abs(rest.madds)).toBeGreaterThan(Math.max(Math.abs(dHead.madds), expansion.madds));
    const [paramSentence, maddSentence] = text.split("Of the ").slice(1);
    expect(paramSentence).toMatch(
      /^parameter difference.*; the largest part is the last convolution and the classifier\.\s*$/,
    );
    expect(maddSentence).toMatch(/^multiply-add difference.*; the largest part is the rounding of the other layers\.$/);
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await page.close();
  });
});
