/**
 * MobileNetV2's input preprocessing, shown step by step on the Activations page: a centred square crop of the
 * photo, a bilinear resize to the model's resolution, and a scaling of the 0..255 pixel values to [-1, 1]
 * (x / 127.5 − 1, the TF-slim / Keras convention of the pretrained weights). The arithmetic is plain functions;
 * the tensor version takes the tfjs namespace as a parameter.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { TF } from "./tf-type.js";

/** The scaling x / SCALE − OFFSET maps 0..255 to [-1, 1]. */
export const PIXEL_SCALE = 127.5;
export const PIXEL_OFFSET = 1;

export interface CropBox {
  /** Left edge in source pixels. */
  x: number;
  /** Top edge in source pixels. */
  y: number;
  /** Side of the square in source pixels. */
  size: number;
}

/** The largest centred square inside a width × height image (integer pixels). */
export function centreCrop(width: number, height: number): CropBox {
  if (!(width > 0 && height > 0)) throw new Error(`image has no pixels (${width}×${height})`);
  const size = Math.min(Math.floor(width), Math.floor(height));
  return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}

/** The inverse, for drawing a network input back as an image. */
export function unscalePixel(x: number): number {
  return (x + PIXEL_OFFSET) * PIXEL_SCALE;
}

/** Factor by which the crop is resized (224 / crop side; < 1 means shrinking). */
export function resizeFactor(crop: CropBox, resolution: number): number {
  return resolution / crop.size;
}

/** Anything tf.browser.fromPixels accepts. */
export type PixelSource = Parameters<TF["browser"]["fromPixels"]>[0];

/**
 * The network input for an image: [1, resolution, resolution, 3] float32 in [-1, 1]. The caller disposes it.
 * `crop` defaults to the centred square.
 */
export function preprocess(
  tf: TF,
  source: PixelSource,
  resolution: number,
  crop?: CropBox,
): { input: tfjs.Tensor4D; crop: CropBox } {
  const pixels = tf.browser.fromPixels(source, 3);
  try {
    const [h, w] = pixels.shape;
    const box = crop ?? centreCrop(w, h);
    const input = tf.tidy(() => {
      const square = pixels.slice([box.y, box.x, 0], [box.size, box.size, 3]);
      const resized = tf.image.resizeBilinear(square as tfjs.Tensor3D, [resolution, resolution]);
      return resized.toFloat().div(PIXEL_SCALE).sub(PIXEL_OFFSET).expandDims(0) as tfjs.Tensor4D;
    });
    return { input, crop: box };
  } finally {
    pixels.dispose();
  }
}
