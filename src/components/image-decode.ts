/**
 * Any image the browser can decode, as a canvas small enough for the network: scaled down so that its longest
 * side is at most MAX_SIDE (src/lib/image-size.ts) while it is decoded, upright (EXIF orientation applied), the
 * first frame of an animation, transparent parts composited on white (the network has no alpha channel). The
 * original size is read from the file's header first, so a file too large to decode safely is refused before
 * any pixel is decoded. An AbortSignal cancels a decode that is no longer wanted.
 */
import { fitWithin, imageSizeProblem, MAX_SIDE } from "../lib/image-size.js";

export interface DecodedImage {
  canvas: HTMLCanvasElement;
  /** The image's own size (upright). */
  width: number;
  height: number;
  /** Whether it was scaled down. */
  scaled: boolean;
  /** Whether it had transparent or translucent pixels (now drawn on white). */
  transparent: boolean;
}

/** A file that cannot be opened, with a reason a reader understands. */
export class ImageProblem extends Error {}

function aborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException("a newer image was chosen", "AbortError");
}

/** The upright size of an image file, from an <img> (which reads the header and applies EXIF orientation). */
async function naturalSize(blob: Blob): Promise<{ width: number; height: number; img: HTMLImageElement; url: string }> {
  const url = URL.createObjectURL(blob);
  const img = new Image();
  try {
    await new Promise<void>((ok, fail) => {
      img.onload = () => ok();
      img.onerror = () => fail(new ImageProblem("the browser cannot decode it as an image"));
      img.src = url;
    });
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
  return { width: img.naturalWidth, height: img.naturalHeight, img, url };
}

/** Decode `blob` into a canvas at most `maxSide` (MAX_SIDE) pixels on its longest side. */
export async function decodeImage(blob: Blob, signal?: AbortSignal, maxSide = MAX_SIDE): Promise<DecodedImage> {
  const { width, height, img, url } = await naturalSize(blob);
  try {
    return await uprightCanvas(width, height, img, blob, signal, maxSide);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * The same for an <img> that has already loaded (a sample photo's thumbnail shows the photo's own file): no second
 * download, and no second reading of the file's header.
 */
export function decodeLoadedImage(
  img: HTMLImageElement,
  signal?: AbortSignal,
  maxSide = MAX_SIDE,
): Promise<DecodedImage> {
  return uprightCanvas(img.naturalWidth, img.naturalHeight, img, img, signal, maxSide);
}

/** The image (upright size width × height, decodable from `bitmapSource`, else drawn by `img`) as a canvas. */
async function uprightCanvas(
  width: number,
  height: number,
  img: HTMLImageElement,
  bitmapSource: ImageBitmapSource,
  signal: AbortSignal | undefined,
  maxSide: number,
): Promise<DecodedImage> {
  aborted(signal);
  const problem = imageSizeProblem(width, height);
  if (problem) throw new ImageProblem(problem);
  const size = fitWithin(width, height, maxSide);
  let source: CanvasImageSource;
  try {
    source = await createImageBitmap(bitmapSource, {
      imageOrientation: "from-image",
      resizeWidth: size.width,
      resizeHeight: size.height,
      resizeQuality: "high",
    });
  } catch {
    // createImageBitmap cannot read this format (e.g. SVG): the <img> draws itself, upright, at the new size.
    await img.decode().catch(() => {
      throw new ImageProblem("the browser cannot decode it as an image");
    });
    source = img;
  }
  if (signal?.aborted) {
    if (source instanceof ImageBitmap) source.close();
    aborted(signal);
  }
  const canvas = document.createElement("canvas");
  canvas.width = size.width;
  canvas.height = size.height;
  const g = canvas.getContext("2d", { willReadFrequently: true })!;
  g.drawImage(source, 0, 0, size.width, size.height);
  if (source instanceof ImageBitmap) source.close();
  // Transparency: look at the alpha channel, then put the image on white.
  const pixels = g.getImageData(0, 0, size.width, size.height).data;
  let transparent = false;
  for (let i = 3; i < pixels.length; i += 4)
    if (pixels[i] < 255) {
      transparent = true;
      break;
    }
  if (transparent) {
    g.globalCompositeOperation = "destination-over";
    g.fillStyle = "#fff";
    g.fillRect(0, 0, size.width, size.height);
    g.globalCompositeOperation = "source-over";
  }
  return { canvas, width, height, scaled: size.width !== width || size.height !== height, transparent };
}

/**
 * A video frame (a webcam snapshot) on the same terms as a picked file: drawn at most MAX_SIDE pixels on its
 * longest side (or `maxSide`), whatever resolution the camera delivers (a constraint such as 640×480 is only a
 * wish).
 */
export function frameImage(frame: CanvasImageSource, width: number, height: number, maxSide = MAX_SIDE): DecodedImage {
  const size = fitWithin(width, height, maxSide);
  const canvas = document.createElement("canvas");
  canvas.width = size.width;
  canvas.height = size.height;
  canvas.getContext("2d")!.drawImage(frame, 0, 0, size.width, size.height);
  return { canvas, width, height, scaled: size.width !== width || size.height !== height, transparent: false };
}

/** What a reader should know about a decoded image, e.g. "scaled down from 6000×4000 px; transparent parts shown on white". */
export function decodeNote(d: DecodedImage): string | null {
  const notes = [
    d.scaled ? `scaled down from ${d.width}×${d.height} px` : null,
    d.transparent ? "transparent parts shown on white" : null,
  ].filter(Boolean);
  return notes.length ? notes.join("; ") : null;
}

/**
 * Files dropped on `target` go to `drop`; while files are dragged over it, `target` carries the class `over`
 * (the page's style shows where they would land).
 */
export function dropFiles(target: HTMLElement, over: string, drop: (files: File[]) => void): void {
  target.addEventListener("dragover", (e) => {
    e.preventDefault();
    target.classList.add(over);
  });
  target.addEventListener("dragleave", () => target.classList.remove(over));
  target.addEventListener("drop", (e) => {
    e.preventDefault();
    target.classList.remove(over);
    drop([...(e.dataTransfer?.files ?? [])]);
  });
}
