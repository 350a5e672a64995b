import { describe, expect, it } from "vitest";
import { fitWithin, imageSizeProblem, MAX_PIXELS, MAX_SIDE } from "../../src/lib/image-size.js";

describe("fitWithin", () => {
  it("keeps small images as they are and never enlarges", () => {
    expect(fitWithin(1, 1)).toEqual({ width: 1, height: 1 });
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
  });
  it("scales the longest side to MAX_SIDE, keeping the aspect ratio", () => {
    expect(fitWithin(8000, 6000)).toEqual({ width: MAX_SIDE, height: (MAX_SIDE * 6000) / 8000 });
    expect(fitWithin(40, 4000)).toEqual({ width: Math.round((40 * MAX_SIDE) / 4000), height: MAX_SIDE });
  });
  it("keeps at least one pixel on a very thin image", () => {
    expect(fitWithin(100_000, 1)).toEqual({ width: MAX_SIDE, height: 1 });
  });
  it("refuses images with no pixels", () => {
    expect(() => fitWithin(0, 10)).toThrow(/no pixels/);
  });
});

describe("imageSizeProblem", () => {
  it("accepts up to MAX_PIXELS and names the size above it", () => {
    expect(imageSizeProblem(10_000, MAX_PIXELS / 10_000)).toBeNull();
    expect(imageSizeProblem(20_000, 20_000)).toMatch(/20,000×20,000 pixels \(400 megapixels\)/);
    expect(imageSizeProblem(0, 0)).toBe("it has no pixels");
  });
});
