/**
 * How big a picked image may be, and the size it is scaled to before it becomes a tensor: pure arithmetic for
 * src/components/image-decode.ts. The network only ever sees a centre square resized to its resolution (224 px
 * or less), so nothing is lost by scaling a photo down to MAX_SIDE first, and memory stays bounded whatever the
 * file: at most MAX_SIDE² pixels are kept.
 */

import { formatInt } from "./format.js";

/** Longest side kept after decoding (px): room for the crop preview and any resolution up to 1024. */
export const MAX_SIDE = 1024;

/** Largest image opened at all (width × height): a 100-megapixel photo decodes to 400 MB before scaling. */
export const MAX_PIXELS = 100_000_000;

/** The size to scale a width × height image to: the same aspect ratio, longest side at most maxSide, ≥ 1 px. */
export function fitWithin(width: number, height: number, maxSide = MAX_SIDE): { width: number; height: number } {
  if (!(width > 0 && height > 0)) throw new Error(`the image has no pixels (${width}×${height})`);
  const k = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

/** Why an image of this size is not opened, or null when it is fine. */
export function imageSizeProblem(width: number, height: number): string | null {
  if (!(width > 0 && height > 0)) return "it has no pixels";
  if (width * height > MAX_PIXELS)
    return `it is ${formatInt(width)}×${formatInt(height)} pixels (${Math.round((width * height) / 1e6)} megapixels); the largest this page opens is ${MAX_PIXELS / 1e6} megapixels`;
  return null;
}
