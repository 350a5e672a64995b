/**
 * The examples a reader teaches the network with: 2–5 classes, each with a name and images added from files
 * (picker or drag and drop) or webcam snapshots, or the built-in demo set of generated textures. The value is
 * the list of classes with their images as canvases; an "input" event fires on every change. Problems (a class
 * with no images or one, a file that is not an image, no camera) are said at the class or under the editor.
 *
 *   const data = view(classSets());
 */

import { yieldToEventLoop } from "../lib/steps.js";
import { DEMO_CLASSES, dataProblems, demoImage, MAX_CLASSES, MIN_CLASSES } from "../lib/transfer.js";
import { el } from "./dom.js";
import { decodeImage, dropFiles, frameImage, ImageProblem } from "./image-decode.js";
import { addressControl } from "./url-state.js";

export interface TransferClass {
  name: string;
  images: HTMLCanvasElement[];
}

export interface ClassSetsValue {
  classes: TransferClass[];
  /** "demo" for the generated set, "own" for the reader's images. */
  source: "demo" | "own";
  problems: string[];
  /** Resolves when every image has its pixels (the demo set is painted a few images per task). */
  painted: Promise<void>;
}

/** Images in the demo set, per class. */
const DEMO_PER_CLASS = 16;

/** Paint demo image (cls, index) on a canvas of its size. */
function paintDemo(c: HTMLCanvasElement, cls: number, index: number) {
  const size = c.width;
  const rgb = demoImage(cls, index, size);
  const img = new ImageData(size, size);
  const px = img.data;
  for (let p = 0, i = 0, j = 0; p < size * size; p++) {
    px[j++] = rgb[i++];
    px[j++] = rgb[i++];
    px[j++] = rgb[i++];
    px[j++] = 255;
  }
  c.getContext("2d")?.putImageData(img, 0, 0);
}

/** An RGB demo image (lib/transfer.ts) on a canvas. */
export function demoCanvas(cls: number, index: number, size = 224): HTMLCanvasElement {
  const c = el("canvas", { width: size, height: size });
  paintDemo(c, cls, index);
  return c;
}

/** Demo images painted per task: the 48 of the set in one task were the longest task of the page's opening. */
const DEMO_PER_TASK = 8;

/**
 * The demo set: DEMO_PER_CLASS generated images for each of the demo classes, as canvases at once, painted
 * DEMO_PER_TASK at a time with a yield in between; `onPainted` receives each canvas as it gets its pixels.
 */
function demoSet(onPainted: (c: HTMLCanvasElement) => void): { classes: TransferClass[]; painted: Promise<void> } {
  const classes = DEMO_CLASSES.map((name) => ({
    name,
    images: Array.from({ length: DEMO_PER_CLASS }, () => el("canvas", { width: 224, height: 224 })),
  }));
  const painted = (async () => {
    const all = classes.flatMap((c, cls) => c.images.map((canvas, i) => ({ canvas, cls, i })));
    for (let k = 0; k < all.length; k++) {
      if (k % DEMO_PER_TASK === 0) await yieldToEventLoop();
      paintDemo(all[k].canvas, all[k].cls, all[k].i);
      onPainted(all[k].canvas);
    }
  })();
  return { classes, painted };
}

/** Longest side of a class example (px): the network sees 224 px, and a class may hold many examples. */
const EXAMPLE_SIDE = 640;

/**
 * An image file as a canvas at most EXAMPLE_SIDE px on its longer side, decoded as the explorer decodes picked
 * images (decodeImage: scaled down while decoding, upright, transparency on white); rejects non-images.
 */
export async function fileToCanvas(file: File): Promise<HTMLCanvasElement> {
  if (!file.type.startsWith("image/"))
    throw new Error(`${file.name} is not an image (type “${file.type || "unknown"}”)`);
  try {
    return (await decodeImage(file, undefined, EXAMPLE_SIDE)).canvas;
  } catch (e) {
    throw new Error(`${file.name} could not be read as an image${e instanceof ImageProblem ? ` (${e.message})` : ""}`);
  }
}

/** A webcam that stays open while the reader adds snapshots to classes; says why when there is none. */
function webcam(onMessage: (m: string) => void) {
  const area = el("div", { class: "tl-webcam" });
  let video: HTMLVideoElement | null = null;
  let stream: MediaStream | null = null;
  const stop = () => {
    for (const t of stream?.getTracks() ?? []) t.stop();
    stream = null;
    video = null;
    area.replaceChildren();
  };
  const start = async (): Promise<boolean> => {
    if (video) return true;
    if (!navigator.mediaDevices?.getUserMedia) {
      onMessage(
        "This browser offers no webcam access (it needs a secure page: https or localhost). Add files instead.",
      );
      return false;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
    } catch (e) {
      const name = e instanceof DOMException ? e.name : "";
      onMessage(
        name === "NotAllowedError"
          ? "Webcam permission was denied. Allow camera access for this page in the browser, or add image files instead."
          : name === "NotFoundError"
            ? "No webcam was found. Add image files instead."
            : `The webcam could not start (${e instanceof Error ? e.message : String(e)}).`,
      );
      return false;
    }
    video = el("video", { width: 200, props: { autoplay: true, muted: true, playsInline: true, srcObject: stream } });
    const close = el("button", { type: "button" }, "Stop the webcam");
    close.addEventListener("click", stop);
    area.replaceChildren(video, close);
    return true;
  };
  const snapshot = (): HTMLCanvasElement | null => {
    if (!video?.videoWidth) return null;
    return frameImage(video, video.videoWidth, video.videoHeight, EXAMPLE_SIDE).canvas;
  };
  return { area, start, snapshot, stop };
}

export function classSets(): HTMLElement & { value: ClassSetsValue } {
  const root = el("div", { class: "tl-data" }) as unknown as HTMLElement & { value: ClassSetsValue };
  // Thumbnails of demo images not painted yet, drawn again when their image is.
  const waiting = new WeakMap<HTMLCanvasElement, HTMLCanvasElement[]>();
  const thumbnail = (im: HTMLCanvasElement, t: HTMLCanvasElement) =>
    t.getContext("2d")?.drawImage(im, 0, 0, t.width, t.height);
  const useDemo = () => {
    const demo = demoSet((im) => {
      for (const t of waiting.get(im) ?? []) thumbnail(im, t);
      waiting.delete(im);
    });
    for (const c of demo.classes) for (const im of c.images) waiting.set(im, []);
    painted = demo.painted;
    return demo.classes;
  };
  let painted: Promise<void> = Promise.resolve();
  let classes: TransferClass[] = useDemo();
  let source: "demo" | "own" = "demo";
  const list = el("div", { class: "tl-classes" });
  const problems = el("div", { class: "tl-problems input-error" });
  problems.setAttribute("role", "alert");
  const general = el("div", { class: "tl-message" });
  general.setAttribute("role", "status");
  const cam = webcam((m) => {
    general.textContent = m;
  });

  const value = (): ClassSetsValue => ({
    classes,
    source,
    problems: dataProblems(classes.map((c) => ({ name: c.name, count: c.images.length }))),
    painted,
  });
  const changed = () => {
    render();
    root.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const card = (c: TransferClass, i: number): HTMLElement => {
    const msg = el("div", { class: "tl-class-message input-error" });
    const name = el("input", { type: "text", value: c.name, size: 14 });
    name.setAttribute("aria-label", `Name of class ${i + 1}`);
    name.addEventListener("input", (e) => e.stopPropagation());
    name.addEventListener("change", () => {
      c.name = name.value;
      source = "own";
      changed();
    });
    const add = async (files: File[]) => {
      const bad: string[] = [];
      for (const f of files) {
        try {
          c.images.push(await fileToCanvas(f));
        } catch (e) {
          bad.push(e instanceof Error ? e.message : String(e));
        }
      }
      source = "own";
      changed();
      if (bad.length) {
        const again = list.querySelectorAll<HTMLElement>(".tl-class-message")[i];
        if (again) again.textContent = `${bad.join("; ")}: skipped. Add JPEG, PNG or WebP images.`;
      }
    };
    const picker = el("input", { type: "file", multiple: true, accept: "image/*" });
    picker.setAttribute("aria-label", `Add images to class ${i + 1}`);
    picker.addEventListener("input", (e) => e.stopPropagation());
    picker.addEventListener("change", () => add([...(picker.files ?? [])]));
    const snap = el("button", { type: "button" }, "Webcam snapshot");
    snap.addEventListener("click", async () => {
      if (!(await cam.start())) return;
      const shot = cam.snapshot();
      if (!shot) {
        msg.textContent = "The webcam is starting: click again to take the snapshot.";
        return;
      }
      c.images.push(shot);
      source = "own";
      changed();
    });
    const clear = el("button", { type: "button" }, "Clear");
    clear.addEventListener("click", () => {
      c.images = [];
      source = "own";
      changed();
    });
    const remove = el("button", { type: "button", disabled: classes.length <= MIN_CLASSES }, "Remove class");
    remove.addEventListener("click", () => {
      classes.splice(i, 1);
      source = "own";
      changed();
    });
    const thumbs = el("div", { class: "tl-thumbs" });
    for (const im of c.images.slice(0, 12)) {
      const t = el("canvas", { width: 40, height: 40 });
      thumbnail(im, t);
      waiting.get(im)?.push(t);
      t.setAttribute("aria-hidden", "true");
      thumbs.append(t);
    }
    const count = el("span", { class: "tl-count" }, `${c.images.length} image${c.images.length === 1 ? "" : "s"}`);
    const box = el(
      "div",
      { class: "tl-class" },
      el("div", {}, name, " ", count),
      thumbs,
      el("div", {}, picker),
      el("div", {}, snap, " ", clear, " ", remove),
      msg,
    );
    box.dataset.count = String(c.images.length);
    dropFiles(box, "tl-drop", add);
    return box;
  };
  const render = () => {
    list.replaceChildren(...classes.map(card));
    const v = value();
    problems.textContent = v.problems.join(" ");
    root.dataset.state = v.problems.length ? "invalid" : "ok";
    root.dataset.source = source;
    root.dataset.classes = String(classes.length);
    addClass.disabled = classes.length >= MAX_CLASSES;
    demoNote.hidden = source !== "demo";
  };

  const demoBtn = el("button", { type: "button" }, "Use the demo set");
  demoBtn.addEventListener("click", () => {
    classes = useDemo();
    source = "demo";
    changed();
  });
  const ownBtn = el("button", { type: "button" }, "Start my own classes");
  ownBtn.addEventListener("click", () => {
    classes = [1, 2, 3].map((i) => ({ name: `class ${i}`, images: [] }));
    source = "own";
    changed();
  });
  const addClass = el("button", { type: "button" }, "Add a class");
  addClass.addEventListener("click", () => {
    classes.push({ name: `class ${classes.length + 1}`, images: [] });
    source = "own";
    changed();
  });
  const demoNote = el(
    "p",
    { class: "tl-note" },
    `The demo set: ${DEMO_CLASSES.length} classes (${DEMO_CLASSES.join(", ")}) of ${DEMO_PER_CLASS} textures each, generated in this page with random colours, sizes, angles and noise — none of them is an ImageNet class.`,
  );
  root.append(
    el("div", { class: "tl-buttons" }, demoBtn, " ", ownBtn, " ", addClass),
    demoNote,
    list,
    cam.area,
    general,
    problems,
  );
  render();
  Object.defineProperty(root, "value", { get: value });
  // In the page's address (page-address.ts): only the demo set can go in a link; the page says so beside Copy link.
  addressControl(root, "data", {
    default: "demo",
    get: () => (source === "demo" ? "demo" : undefined),
    set: (text) => {
      if (text === "demo" && source !== "demo") demoBtn.click();
    },
    note: "A link cannot carry your own classes and images: it opens with the demo set.",
  });
  return root;
}
