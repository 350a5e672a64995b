import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  centreCrop,
  PIXEL_OFFSET,
  PIXEL_SCALE,
  preprocess,
  resizeFactor,
  unscalePixel,
} from "../../src/lib/preprocess.js";

/** One pixel value (0..255) as the network sees it: the scaling preprocess() applies to tensors. */
const scalePixel = (v: number): number => v / PIXEL_SCALE - PIXEL_OFFSET;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("centre crop", () => {
  it("takes the largest centred square", () => {
    expect(centreCrop(451, 300)).toEqual({ x: 75, y: 0, size: 300 });
    expect(centreCrop(512, 600)).toEqual({ x: 0, y: 44, size: 512 });
    expect(centreCrop(1333, 2000)).toEqual({ x: 0, y: Math.floor((2000 - 1333) / 2), size: 1333 });
    expect(centreCrop(224, 224)).toEqual({ x: 0, y: 0, size: 224 });
  });
  it("rejects an empty image", () => {
    expect(() => centreCrop(0, 10)).toThrow(/no pixels/);
  });
  it("resize factor", () => {
    expect(resizeFactor({ x: 0, y: 0, size: 448 }, 224)).toBe(0.5);
  });
});

describe("pixel scaling", () => {
  it("maps 0..255 to [-1, 1] and back", () => {
    expect(scalePixel(0)).toBe(-1);
    expect(scalePixel(255)).toBe(1);
    expect(scalePixel(127.5)).toBe(0);
    for (const v of [0, 17, 128, 255]) expect(unscalePixel(scalePixel(v))).toBeCloseTo(v, 10);
  });
});

describe("preprocess (tfjs)", () => {
  it("crops the centre, keeps size when resolution equals the crop, and scales", () => {
    // 4 wide × 2 high RGBA image: pixel (x, y) has R = 10x + y, G = 100, B = 255.
    const w = 4;
    const h = 2;
    const data = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([10 * x + y, 100, 255, 255], (y * w + x) * 4);
    const before = tf.memory().numTensors;
    const { input, crop } = preprocess(tf, { width: w, height: h, data }, 2);
    expect(crop).toEqual({ x: 1, y: 0, size: 2 });
    expect(input.shape).toEqual([1, 2, 2, 3]);
    const v = input.arraySync()[0];
    for (let y = 0; y < 2; y++)
      for (let x = 0; x < 2; x++) {
        expect(v[y][x][0]).toBeCloseTo((10 * (x + 1) + y) / 127.5 - 1, 5);
        expect(v[y][x][1]).toBeCloseTo(100 / 127.5 - 1, 5);
        expect(v[y][x][2]).toBeCloseTo(1, 5);
      }
    input.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
  it("resizes to the resolution", () => {
    const data = new Uint8Array(6 * 6 * 4).fill(255);
    const { input } = preprocess(tf, { width: 6, height: 6, data }, 3);
    expect(input.shape).toEqual([1, 3, 3, 3]);
    expect(input.min().dataSync()[0]).toBeCloseTo(1, 5);
    input.dispose();
  });
});
