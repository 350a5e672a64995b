/**
 * Every walkthrough page with controls keeps them in its address: a value given in the address appears in its
 * control, a change is written back, and the copied link reopens the same state; a bad value is named in a
 * notice and the control keeps its default.
 */
import { describe, expect, it } from "vitest";
import { allProblems, NO_PROBLEMS, openPage, useBrowser } from "./harness.js";

// [page, address key, value, the control's label; then another control to change: label, new value, its key]
const CASES: [string, string, string, string, string, string, string][] = [
  ["/pages/architecture", "width", "0.5", "Width multiplier α", "Classes", "10", "classes"],
  ["/pages/width-resolution", "resolution", "160", "Input resolution (pixels)", "Width multiplier α", "0.75", "width"],
  ["/pages/depthwise-separable", "input-channels", "48", "Input channels", "Kernel size", "5", "kernel-size"],
  ["/pages/inverted-residual", "expansion-factor-t", "4", "Expansion factor t", "Input size", "28", "input-size"],
  ["/pages/linear-bottleneck", "dimension-n", "15", "Dimension n", "Seed of T", "7", "seed-of-t"],
  ["/pages/relu6", "bits", "4", "Bits", "Outlier scale", "20", "outlier-scale"],
];

describe("page addresses", () => {
  const browser = useBrowser();
  for (const [path, key, value, label, other, otherValue, otherKey] of CASES) {
    it(`${path}: ?${key}=${value} sets “${label}”; changing “${other}” is written back; the link reopens both`, async () => {
      const o = await openPage(browser(), path, `?${key}=${value}`);
      const box = o.page.getByRole("textbox", { name: label, exact: true });
      await expect.poll(() => box.inputValue(), { timeout: 20_000 }).toBe(value);
      await o.page.getByRole("textbox", { name: other, exact: true }).fill(otherValue);
      await expect.poll(() => new URL(o.page.url()).searchParams.get(otherKey)).toBe(otherValue);
      expect(new URL(o.page.url()).searchParams.get(key)).toBe(value);
      const again = await openPage(browser(), path, new URL(o.page.url()).search);
      await expect
        .poll(() => again.page.getByRole("textbox", { name: other, exact: true }).inputValue(), { timeout: 20_000 })
        .toBe(otherValue);
      expect(await again.page.getByRole("textbox", { name: label, exact: true }).inputValue()).toBe(value);
      expect(await allProblems(o)).toEqual(NO_PROBLEMS);
      expect(await allProblems(again)).toEqual(NO_PROBLEMS);
      await o.page.close();
      await again.page.close();
    });
  }
  it("a bad value in the address is named in a notice; the control keeps its default", async () => {
    const o = await openPage(browser(), "/pages/architecture", "?width=%3Cb%3Ewide%3C%2Fb%3E&convention=sideways");
    const notice = o.page.locator(".page-address .address-notice");
    await expect.poll(() => notice.innerText(), { timeout: 20_000 }).toMatch(/width.*not a number/s);
    expect(await notice.innerText()).toMatch(/convention.*not one of the choices/s);
    expect(await o.page.locator(".page-address .address-notice b").count()).toBe(0);
    expect(await o.page.getByRole("textbox", { name: "Width multiplier α", exact: true }).inputValue()).toBe("1");
    expect(await allProblems(o)).toEqual(NO_PROBLEMS);
    await o.page.close();
  });
});
