import { expect, it } from "vitest";
import { decodePng, encodePng } from "./png.js";

it("encodePng writes what decodePng reads back (8-bit RGB)", () => {
  const f = encodePng({ width: 3, height: 2, colourType: 2, bitDepth: 8, pixel: (x, y) => [x * 10, y * 20, 7] });
  const d = decodePng(f);
  expect([d.width, d.height, ...d.rgb]).toEqual([3, 2, 0, 0, 7, 10, 0, 7, 20, 0, 7, 0, 20, 7, 10, 20, 7, 20, 20, 7]);
});
