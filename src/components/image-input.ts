/**
 * Choosing the image the network sees: sample photos installed with the site (each with its credit), the
 * reader's own file (picker, drag and drop, paste), the webcam, or generated test patterns. The value is a
 * canvas (decoded upright and scaled down to at most 1024 px a side, image-decode.ts) plus its name and credit; an
 * "input" event fires on every change. A newer choice cancels an older one still decoding, so what is shown is
 * always the last image picked; the root's data-state is "loading" while a file decodes, then "ready".
 * The sample photo or test pattern is kept in the page's address as `photo` (page-address.ts; the reader's own
 * image cannot go in a link, and the page says so beside Copy link).
 *
 *   const picker = await imageInput(manifest);   // resolves once the default image is drawn
 *   const image = view(picker);
 */
import { assetURL, type Manifest, type ManifestImage, photoCredit } from "./assets.js";
import { el } from "./dom.js";
import { decodeImage, decodeLoadedImage, decodeNote, dropFiles, frameImage, ImageProblem } from "./image-decode.js";
import { drawPattern, PATTERNS, type PatternName } from "./test-patterns.js";
import { addressControl, addressInitial } from "./url-state.js";

export interface ChosenImage {
  canvas: HTMLCanvasElement;
  name: string;
  kind: "photo" | "file" | "webcam" | "pattern";
  /** Credit and licence to show beside the image (sample photos). */
  credit: string | null;
  /** Sample photo file name, for tests and captions. */
  file: string | null;
  /** The sample photo's manifest entry (its credit with links: photoCreditLine). */
  photo?: ManifestImage | null;
  /** What happened to it on the way in (scaled down, transparency on white), for the reader; null if nothing. */
  note?: string | null;
}

/** Prefer a photo the pretrained model knows well. */
function defaultPhoto(images: ManifestImage[]): ManifestImage | undefined {
  return images.find((i) => i.file === "coffee.png") ?? images[0];
}

export async function imageInput(manifest: Manifest): Promise<HTMLElement & { value: ChosenImage }> {
  const root = el("div", { class: "act-image-input" }) as unknown as HTMLElement & { value: ChosenImage };
  const message = el("div", { class: "act-message" });
  message.setAttribute("role", "status");
  const current = el("div", { class: "act-current" });
  let value: ChosenImage;
  const buttons: HTMLButtonElement[] = [];
  // The choice as address text: the sample photo's file or the pattern's name; undefined for the reader's own.
  let shownText: string | undefined;
  let linkText: string | undefined;

  // Each choice gets a fresh AbortController; starting a new one aborts the one before (still decoding or not).
  let pending: AbortController | undefined;
  const begin = (): AbortSignal => {
    pending?.abort();
    pending = new AbortController();
    root.dataset.state = "loading";
    return pending.signal;
  };
  const set = (v: ChosenImage, source?: HTMLButtonElement, quiet = false) => {
    pending?.abort();
    pending = undefined;
    value = v;
    shownText = linkText = source?.dataset.file ?? source?.dataset.pattern;
    for (const b of buttons) b.setAttribute("aria-pressed", String(b === source));
    current.textContent = `Showing: ${v.name}${v.credit ? ` (${v.credit})` : ""}${v.note ? ` — ${v.note}` : ""}`;
    message.textContent = "";
    Object.assign(root.dataset, { state: "ready", name: v.name, width: v.canvas.width, height: v.canvas.height });
    if (!quiet) root.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const fail = (what: string, e: unknown, signal?: AbortSignal) => {
    if (signal?.aborted) return; // a newer choice took over: this one is not wanted any more
    linkText = shownText;
    const why =
      e instanceof ImageProblem
        ? e.message
        : `the browser could not decode it (${e instanceof Error ? e.message : String(e)})`;
    message.textContent = `${what}: ${why}. The image shown is still ${value?.name ?? "the previous one"}.`;
    root.dataset.state = "ready";
    pending = undefined;
  };

  /** A sample photo, from its thumbnail when that has loaded (the same file), else fetched. */
  const photoValue = async (
    img: ManifestImage,
    signal?: AbortSignal,
    thumb?: HTMLImageElement,
  ): Promise<ChosenImage> => {
    let d: Awaited<ReturnType<typeof decodeImage>>;
    if (thumb?.complete && thumb.naturalWidth > 0) d = await decodeLoadedImage(thumb, signal);
    else {
      const res = await fetch(assetURL(manifest, img.url), { signal });
      if (!res.ok) throw new ImageProblem(`it could not be fetched (HTTP ${res.status})`);
      d = await decodeImage(await res.blob(), signal);
    }
    return {
      canvas: d.canvas,
      name: img.file,
      kind: "photo",
      credit: photoCredit(img),
      file: img.file,
      photo: img,
      note: decodeNote(d),
    };
  };
  const patternValue = (p: PatternName): ChosenImage => ({
    canvas: drawPattern(p),
    name: `test pattern: ${p}`,
    kind: "pattern",
    credit: null,
    file: null,
  });

  // Sample photos.
  const photos = el("div", { class: "act-thumbs" });
  for (const img of manifest.images) {
    const b = el("button", { type: "button", class: "act-thumb", title: photoCredit(img) });
    b.dataset.file = img.file;
    b.setAttribute("aria-label", `Use sample photo ${img.file}: ${img.subject}`);
    const thumb = el("img", { src: assetURL(manifest, img.url), alt: "", loading: "lazy" });
    b.append(thumb, el("span", {}, img.file.replace(/\.[^.]+$/, "").replaceAll("_", " ")));
    b.addEventListener("click", async () => {
      const signal = begin();
      linkText = img.file;
      try {
        const v = await photoValue(img, signal, thumb);
        if (!signal.aborted) set(v, b);
      } catch (e) {
        fail(`Could not load ${img.file}`, e, signal);
      }
    });
    buttons.push(b);
    photos.append(b);
  }

  // Test patterns.
  const patterns = el("div", { class: "act-thumbs act-patterns" });
  for (const p of PATTERNS) {
    const b = el("button", { type: "button", class: "act-thumb" });
    b.dataset.pattern = p;
    b.setAttribute("aria-label", `Use test pattern: ${p}`);
    const thumb = drawPattern(p, 80, 60);
    thumb.setAttribute("aria-hidden", "true"); // the button's label names it
    b.append(thumb, el("span", {}, p));
    b.addEventListener("click", () => set(patternValue(p), b));
    buttons.push(b);
    patterns.append(b);
  }

  // Own file: picker, drop, paste.
  const useFile = async (file: File | null | undefined) => {
    if (!file) return;
    // An empty type (an unknown extension) is still worth a try: the browser decides what it can decode.
    if (file.type && !file.type.startsWith("image/")) {
      pending?.abort();
      message.textContent = `${file.name} is not an image (type “${file.type}”). Pick a JPEG, PNG, WebP, GIF or AVIF file.`;
      return;
    }
    const signal = begin();
    try {
      const d = await decodeImage(file, signal);
      if (signal.aborted) return;
      set({ canvas: d.canvas, name: file.name, kind: "file", credit: "your image", file: null, note: decodeNote(d) });
    } catch (e) {
      fail(`Could not open ${file.name}`, e, signal);
    }
  };
  const fileInput = el("input", {
    type: "file",
    accept: "image/*",
    id: `act-file-${Math.random().toString(36).slice(2, 8)}`,
  });
  fileInput.addEventListener("change", () => useFile(fileInput.files?.[0]));
  // The file box's own "input" event would reach the page as a new value (the old image, recomputed for nothing):
  // the picker says when its value changes, once the file is decoded.
  fileInput.addEventListener("input", (e) => e.stopPropagation());
  const fileLabel = el("label", { for: fileInput.id }, "Your own image: ");
  dropFiles(root, "act-drop", (files) => useFile(files[0]));
  document.addEventListener("paste", (e) => {
    const item = [...(e.clipboardData?.items ?? [])].find((i) => i.type.startsWith("image/"));
    if (item) useFile(item.getAsFile());
  });

  // Webcam.
  const camButton = el("button", { type: "button" }, "Use the webcam");
  const camArea = el("div", { class: "act-webcam" });
  camButton.addEventListener("click", async () => {
    message.textContent = "";
    if (!navigator.mediaDevices?.getUserMedia) {
      message.textContent = "This browser offers no webcam access (it needs a secure page: https or localhost).";
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
      const video = el("video", {
        width: 240,
        props: { autoplay: true, muted: true, playsInline: true, srcObject: stream },
      });
      const snap = el("button", { type: "button" }, "Take a snapshot");
      const stop = el("button", { type: "button" }, "Stop the webcam");
      const close = () => {
        for (const t of stream.getTracks()) t.stop();
        camArea.replaceChildren();
      };
      snap.addEventListener("click", () => {
        if (!video.videoWidth) return;
        const d = frameImage(video, video.videoWidth, video.videoHeight);
        set({
          canvas: d.canvas,
          name: "webcam snapshot",
          kind: "webcam",
          credit: "your webcam",
          file: null,
          note: decodeNote(d),
        });
      });
      stop.addEventListener("click", close);
      camArea.replaceChildren(video, el("div", {}, snap, " ", stop));
    } catch (e) {
      const name = e instanceof DOMException ? e.name : "";
      message.textContent =
        name === "NotAllowedError"
          ? "Webcam permission was denied. Allow camera access for this page in the browser, or pick a photo instead."
          : name === "NotFoundError"
            ? "No webcam was found. Pick a photo or your own image instead."
            : `The webcam could not start (${e instanceof Error ? e.message : String(e)}).`;
    }
  });

  root.append(
    manifest.images.length
      ? el("div", { class: "act-row-label" }, "Sample photos (hover or see below for credits):")
      : el(
          "div",
          { class: "act-row-label" },
          "No sample photos are installed in this site; try a generated test pattern or your own image.",
        ),
    photos,
    el("div", { class: "act-row-label" }, "Generated test patterns:"),
    patterns,
    el("div", { class: "act-own" }, fileLabel, fileInput, " or drop an image here, or paste one (Ctrl+V). ", camButton),
    camArea,
    current,
    message,
  );

  // Default: a photo the model knows, else a pattern; the address may ask for another photo or pattern.
  const fallback = defaultPhoto(manifest.images)?.file ?? "checkerboard";
  const known = (t: string) => manifest.images.some((i) => i.file === t) || PATTERNS.includes(t as PatternName);
  const chosen = addressInitial("photo", known, fallback);
  const first = manifest.images.find((i) => i.file === chosen);
  let initial: ChosenImage | undefined;
  if (first) {
    try {
      initial = await photoValue(first);
    } catch (e) {
      fail(`Could not load ${first.file}`, e);
    }
  }
  const pattern = first ? "checkerboard" : (chosen as PatternName);
  initial ??= patternValue(pattern);
  set(
    initial,
    buttons.find((b) =>
      first && initial.kind === "photo" ? b.dataset.file === first.file : b.dataset.pattern === pattern,
    ),
    true,
  );
  addressControl(root, "photo", {
    default: fallback,
    get: () => linkText,
    set: (text) => {
      if (text !== linkText) buttons.find((b) => b.dataset.file === text || b.dataset.pattern === text)?.click();
    },
    note: `A link cannot carry your own image or a webcam snapshot: it opens with ${fallback === "checkerboard" ? "the checkerboard test pattern" : `the sample photo ${fallback}`}.`,
  });

  Object.defineProperty(root, "value", { get: () => value, set: (v: ChosenImage) => set(v, undefined, true) });
  return root;
}
