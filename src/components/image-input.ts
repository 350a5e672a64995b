/**
 * Choosing the image the network sees: sample photos installed with the site (each with its credit), the
 * reader's own file (picker, drag and drop, paste), the webcam, or generated test patterns. The value is a
 * canvas at the image's own size plus its name and credit; an "input" event fires on every change.
 *
 *   const picker = await imageInput(manifest);   // resolves once the default image is drawn
 *   const image = view(picker);
 */
import { assetURL, type Manifest, type ManifestImage, photoCredit } from "./assets.js";
import { elProps as el } from "./dom.js";
import { drawPattern, PATTERNS, type PatternName } from "./test-patterns.js";

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
}

function toCanvas(src: CanvasImageSource, w: number, h: number): HTMLCanvasElement {
  const c = el("canvas", { width: w, height: h });
  c.getContext("2d")!.drawImage(src, 0, 0, w, h);
  return c;
}

async function loadImage(url: string): Promise<HTMLImageElement> {
  const img = new Image();
  img.src = url;
  await img.decode();
  return img;
}

/** Prefer a photo the pretrained model knows well. */
function defaultPhoto(images: ManifestImage[]): ManifestImage | undefined {
  return images.find((i) => i.file === "coffee.png") ?? images[0];
}

export async function imageInput(manifest: Manifest): Promise<HTMLElement & { value: ChosenImage }> {
  const root = el("div", { className: "act-image-input" }) as unknown as HTMLElement & { value: ChosenImage };
  const message = el("div", { className: "act-message" });
  message.setAttribute("role", "status");
  const current = el("div", { className: "act-current" });
  let value: ChosenImage;
  const buttons: HTMLButtonElement[] = [];

  const set = (v: ChosenImage, source?: HTMLButtonElement, quiet = false) => {
    value = v;
    for (const b of buttons) b.setAttribute("aria-pressed", String(b === source));
    current.textContent = `Showing: ${v.name}${v.credit ? ` (${v.credit})` : ""}`;
    message.textContent = "";
    if (!quiet) root.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const fail = (what: string, e: unknown) => {
    message.textContent = `${what}: ${e instanceof Error ? e.message : String(e)}`;
  };

  const photoValue = async (img: ManifestImage): Promise<ChosenImage> => {
    const pic = await loadImage(assetURL(manifest, img.url));
    return {
      canvas: toCanvas(pic, pic.naturalWidth, pic.naturalHeight),
      name: img.file,
      kind: "photo",
      credit: photoCredit(img),
      file: img.file,
      photo: img,
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
  const photos = el("div", { className: "act-thumbs" });
  for (const img of manifest.images) {
    const b = el("button", { type: "button", className: "act-thumb", title: photoCredit(img) });
    b.dataset.file = img.file;
    b.setAttribute("aria-label", `Use sample photo ${img.file}: ${img.subject}`);
    b.append(
      el("img", { src: assetURL(manifest, img.url), alt: "", loading: "lazy" }),
      el("span", {}, img.file.replace(/\.[^.]+$/, "").replaceAll("_", " ")),
    );
    b.addEventListener("click", async () => {
      try {
        set(await photoValue(img), b);
      } catch (e) {
        fail(`Could not load ${img.file}`, e);
      }
    });
    buttons.push(b);
    photos.append(b);
  }

  // Test patterns.
  const patterns = el("div", { className: "act-thumbs act-patterns" });
  for (const p of PATTERNS) {
    const b = el("button", { type: "button", className: "act-thumb" });
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
    if (!file.type.startsWith("image/")) {
      message.textContent = `${file.name} is not an image (type “${file.type || "unknown"}”). Pick a JPEG, PNG or WebP file.`;
      return;
    }
    try {
      const bmp = await createImageBitmap(file);
      set({
        canvas: toCanvas(bmp, bmp.width, bmp.height),
        name: file.name,
        kind: "file",
        credit: "your image",
        file: null,
      });
      bmp.close();
    } catch (e) {
      fail(`Could not read ${file.name}`, e);
    }
  };
  const fileInput = el("input", {
    type: "file",
    accept: "image/*",
    id: `act-file-${Math.random().toString(36).slice(2, 8)}`,
  });
  fileInput.addEventListener("change", () => useFile(fileInput.files?.[0]));
  const fileLabel = el("label", { htmlFor: fileInput.id }, "Your own image: ");
  root.addEventListener("dragover", (e) => {
    e.preventDefault();
    root.classList.add("act-drop");
  });
  root.addEventListener("dragleave", () => root.classList.remove("act-drop"));
  root.addEventListener("drop", (e) => {
    e.preventDefault();
    root.classList.remove("act-drop");
    useFile(e.dataTransfer?.files?.[0]);
  });
  document.addEventListener("paste", (e) => {
    const item = [...(e.clipboardData?.items ?? [])].find((i) => i.type.startsWith("image/"));
    if (item) useFile(item.getAsFile());
  });

  // Webcam.
  const camButton = el("button", { type: "button" }, "Use the webcam");
  const camArea = el("div", { className: "act-webcam" });
  camButton.addEventListener("click", async () => {
    message.textContent = "";
    if (!navigator.mediaDevices?.getUserMedia) {
      message.textContent = "This browser offers no webcam access (it needs a secure page: https or localhost).";
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
      const video = el("video", { autoplay: true, muted: true, playsInline: true, srcObject: stream, width: 240 });
      const snap = el("button", { type: "button" }, "Take a snapshot");
      const stop = el("button", { type: "button" }, "Stop the webcam");
      const close = () => {
        for (const t of stream.getTracks()) t.stop();
        camArea.replaceChildren();
      };
      snap.addEventListener("click", () => {
        if (!video.videoWidth) return;
        set({
          canvas: toCanvas(video, video.videoWidth, video.videoHeight),
          name: "webcam snapshot",
          kind: "webcam",
          credit: "your webcam",
          file: null,
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
      ? el("div", { className: "act-row-label" }, "Sample photos (hover or see below for credits):")
      : el(
          "div",
          { className: "act-row-label" },
          "No sample photos are installed in this site; try a generated test pattern or your own image.",
        ),
    photos,
    el("div", { className: "act-row-label" }, "Generated test patterns:"),
    patterns,
    el(
      "div",
      { className: "act-own" },
      fileLabel,
      fileInput,
      " or drop an image here, or paste one (Ctrl+V). ",
      camButton,
    ),
    camArea,
    current,
    message,
  );

  // Default: a photo the model knows, else a pattern.
  const first = defaultPhoto(manifest.images);
  let initial: ChosenImage | undefined;
  if (first) {
    try {
      initial = await photoValue(first);
    } catch (e) {
      fail(`Could not load ${first.file}`, e);
    }
  }
  initial ??= patternValue("checkerboard");
  set(
    initial,
    buttons.find((b) => (first ? b.dataset.file === first.file : b.dataset.pattern === "checkerboard")),
    true,
  );

  Object.defineProperty(root, "value", { get: () => value, set: (v: ChosenImage) => set(v, undefined, true) });
  return root;
}
