/**
 * Fault cases shared by the two engines' fault suites (faults.test.ts in Chromium, firefox-faults.test.ts in
 * Firefox ESR): the broken weights files, each with the message the picker must give, and the generated images.
 * Made here, in the test, from the installed model's own files and from pixels written out by hand. Also the CSP
 * case's other origin and what the page tries there.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";
import { LAYERS_MODEL_DIR, TFLITE_FILE } from "../assets.js";
import { encodePng, type PngSpec } from "../unit/png.js";

export type FilePayload = { name: string; mimeType: string; buffer: Buffer };

export const file = (name: string, buffer: Buffer | string, mimeType = "application/octet-stream"): FilePayload => ({
  name,
  mimeType,
  buffer: Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer),
});

export interface WeightsFault {
  name: string;
  /** Which file input of the weights picker takes the files (its data-choice). */
  input: "files" | "tflite-file";
  files: () => Promise<FilePayload[]>;
  /** The picker's message (a function where it is counted from the model's files, read only when the test runs). */
  message: string | RegExp | (() => string);
}

/** The picker's message expected for `fault`. */
export const expectedMessage = (fault: WeightsFault): string | RegExp =>
  typeof fault.message === "function" ? fault.message() : fault.message;

const modelText = () => readFileSync(join(LAYERS_MODEL_DIR, "model.json"), "utf8");
const shards = () =>
  readdirSync(LAYERS_MODEL_DIR)
    .filter((f) => f.endsWith(".bin"))
    .map((f) => file(f, readFileSync(join(LAYERS_MODEL_DIR, f))));

function cutShard(): FilePayload[] {
  const s = shards();
  s[3].buffer = s[3].buffer.subarray(0, 1000);
  return s;
}

/** A small Keras model saved as TF.js files: another architecture than MobileNetV2. */
async function otherArchitecture(): Promise<FilePayload[]> {
  const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2, name: "dense_a" })] });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await other.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  other.dispose();
  if (!artifacts) throw new Error("the model was not saved");
  const json = {
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ["other.bin"], weights: artifacts.weightSpecs }],
  };
  return [
    file("model.json", JSON.stringify(json)),
    file("other.bin", Buffer.from(artifacts.weightData as ArrayBuffer)),
  ];
}

/** Every way a weights file can be wrong, on the installed float model (LAYERS_MODEL_DIR) and the shipped .tflite. */
export const WEIGHTS_FAULTS: WeightsFault[] = [
  {
    name: "model.json that is not JSON",
    input: "files",
    files: async () => [file("model.json", "<html>not a model</html>"), ...shards()],
    message: "Could not load these weights: model.json is not JSON, so it is not a TF.js model.json.",
  },
  {
    name: "model.json cut short",
    input: "files",
    files: async () => {
      const text = modelText();
      return [file("model.json", text.slice(0, text.length / 2)), ...shards()];
    },
    message: /^Could not load these weights: model\.json is cut short: its JSON ends in the middle/,
  },
  {
    name: "weight files not picked",
    input: "files",
    files: async () => [file("model.json", modelText())],
    message:
      "Could not load these weights: model.json lists weight files group1-shard1of4.bin, group1-shard2of4.bin, group1-shard3of4.bin…, which were not picked. Select model.json and all its .bin files together.",
  },
  {
    // The fourth shard cut to 1,000 bytes: the message counts the bytes there are and the bytes model.json needs.
    name: "a weight file cut short",
    input: "files",
    files: async () => [file("model.json", modelText()), ...cutShard()],
    message: () => {
      const need = JSON.parse(modelText())
        .weightsManifest[0].weights.map((w: { shape: number[] }) => w.shape.reduce((a, b) => a * b, 1) * 4)
        .reduce((a: number, b: number) => a + b, 0);
      const have = cutShard().reduce((a, f) => a + f.buffer.length, 0);
      return `Could not load these weights: the weight files hold ${have.toLocaleString("en-US")} bytes but model.json describes ${need.toLocaleString("en-US")}: a shard is cut short. Download the .bin files again.`;
    },
  },
  {
    name: "shapes that do not fit the network",
    input: "files",
    files: async () => {
      const json = JSON.parse(modelText());
      json.weightsManifest[0].weights[0].shape = [3, 3, 32, 3]; // Conv1's kernel, same size, wrong shape
      return [file("model.json", JSON.stringify(json)), ...shards()];
    },
    message:
      /^Could not load these weights: the weights' shapes do not fit the network model\.json describes \(.*Shape mismatch.*\)\. The \.bin files probably belong to another model\.$/,
  },
  {
    name: "another architecture",
    input: "files",
    files: otherArchitecture,
    message:
      "Could not load these weights: this is another network, not a MobileNetV2 with Keras layer names (expected layers such as Conv1_relu, block_1_expand_relu, block_1_project) and an RGB image input.",
  },
  {
    name: "a labels file of another size than the classes",
    input: "files",
    files: async () => [
      file("model.json", modelText()),
      ...shards(),
      file("labels.json", JSON.stringify(Array.from({ length: 10 }, (_, i) => `class ${i}`))),
    ],
    message:
      "Could not load these weights: the labels file has 10 class names but the network has 1,000 classes: it belongs to another model. Pick the labels file that came with these weights.",
  },
  {
    name: "model.json listing no weight files",
    input: "files",
    files: async () => {
      const json = JSON.parse(modelText());
      json.weightsManifest = [];
      return [file("model.json", JSON.stringify(json))];
    },
    message:
      'Could not load these weights: model.json lists no weight files, so it describes a network without trained weights. Pick a model.json whose "weightsManifest" names its .bin shards.',
  },
  {
    name: "a .tflite cut short",
    input: "tflite-file",
    files: async () => [file("cut.tflite", readFileSync(TFLITE_FILE).subarray(0, 4096))],
    message: /^Could not load these weights: cut\.tflite: /,
  },
];

export type RGB = [number, number, number];
export const RED: RGB = [255, 0, 0];
export const BLUE: RGB = [0, 0, 255];

/** A PNG written in the test (8-bit RGB unless `spec` says otherwise). */
export const png = (spec: Partial<PngSpec> & Pick<PngSpec, "width" | "height" | "pixel">) =>
  encodePng({ colourType: 2, bitDepth: 8, ...spec });

/**
 * What each engine's suite gives the generated-image cases: pick a file in the Activations explorer and wait for its
 * forward pass (returns the "Showing" line), or only pick it (a file the page refuses), the explorer's message line,
 * the network input's size as the page states it (data-width, data-height), a pixel of the page's drawing of the
 * input tensor, in 0..255, and a function run in the page (to make an image with the browser's own encoder).
 */
export interface ImagePicker {
  pick(name: string, buffer: Buffer, mimeType?: string): Promise<string>;
  choose(name: string, buffer: Buffer, mimeType: string): Promise<void>;
  message(): Promise<string>;
  inputSize(): Promise<(string | null)[]>;
  inputPixel(x: number, y: number): Promise<number[]>;
  evaluate<R>(fn: () => Promise<R>): Promise<R>;
}

/**
 * Run in the page: a 200×100 JPEG, left half red and right half blue, marked "rotate 90° clockwise" (EXIF
 * orientation 6): upright it is 100×200 with red on top.
 */
async function rotatedJpeg(): Promise<number[]> {
  const c = new OffscreenCanvas(200, 100);
  const g = c.getContext("2d") as OffscreenCanvasRenderingContext2D;
  g.fillStyle = "#f00";
  g.fillRect(0, 0, 100, 100);
  g.fillStyle = "#00f";
  g.fillRect(100, 0, 100, 100);
  const jpeg = new Uint8Array(await (await c.convertToBlob({ type: "image/jpeg", quality: 0.95 })).arrayBuffer());
  // APP1 "Exif", big-endian TIFF, one IFD entry: Orientation (0x0112), SHORT, 1 value: 6.
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const app1 = [0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
  return [...jpeg.slice(0, 2), ...app1, ...jpeg.slice(2)];
}

/** The network input's pixel (x, y) is `rgb`, each channel within `tolerance`. */
export async function expectPixel(p: ImagePicker, x: number, y: number, rgb: RGB, tolerance = 3): Promise<void> {
  const got = await p.inputPixel(x, y);
  for (let c = 0; c < 3; c++)
    expect(Math.abs(got[c] - rgb[c]), `pixel (${x}, ${y}) = ${got}`).toBeLessThanOrEqual(tolerance);
}

/** A generated image of one kind and what the explorer must make of it. */
export interface ImageFault {
  name: string;
  run(p: ImagePicker): Promise<void>;
}

/** Generated images of each kind, in the order both suites (Chromium and Firefox) pick them; rotated.jpg last shown. */
export const IMAGE_FAULTS: ImageFault[] = [
  {
    name: "tiny (1×1)",
    run: async (p) => {
      await p.pick("tiny.png", png({ width: 1, height: 1, pixel: () => RED }));
      await expectPixel(p, 112, 112, RED);
    },
  },
  {
    name: "huge (8000×6000): scaled down before it becomes a tensor, and said",
    run: async (p) => {
      const shown = await p.pick("huge.png", png({ width: 8000, height: 6000, pixel: () => [10, 200, 30] }));
      expect(shown).toContain("scaled down from 8000×6000 px");
      expect(await p.inputSize()).toEqual(["1024", "768"]);
      await expectPixel(p, 112, 112, [10, 200, 30]);
    },
  },
  {
    name: "very wide (4000×40): the centre square",
    run: async (p) => {
      await p.pick("wide.png", png({ width: 4000, height: 40, pixel: (x) => (x < 2000 ? RED : BLUE) }));
      await expectPixel(p, 40, 112, RED, 8);
      await expectPixel(p, 184, 112, BLUE, 8);
    },
  },
  {
    name: "very tall (40×4000): the centre square",
    run: async (p) => {
      await p.pick("tall.png", png({ width: 40, height: 4000, pixel: (_x, y) => (y < 2000 ? RED : BLUE) }));
      await expectPixel(p, 112, 40, RED, 8);
      await expectPixel(p, 112, 184, BLUE, 8);
    },
  },
  {
    name: "grayscale",
    run: async (p) => {
      await p.pick("grey.png", png({ width: 64, height: 64, colourType: 0, pixel: () => [100] }));
      await expectPixel(p, 112, 112, [100, 100, 100]);
    },
  },
  {
    name: "16 bits per channel",
    run: async (p) => {
      await p.pick("deep.png", png({ width: 64, height: 64, bitDepth: 16, pixel: () => [65535, 0, 32896] }));
      await expectPixel(p, 112, 112, [255, 0, 128]);
    },
  },
  {
    name: "transparent: composited on white, and said",
    run: async (p) => {
      const shown = await p.pick(
        "alpha.png",
        png({ width: 64, height: 64, colourType: 6, pixel: (x) => (x < 32 ? [0, 0, 0, 0] : [0, 0, 255, 255]) }),
      );
      expect(shown).toContain("transparent parts shown on white");
      await expectPixel(p, 40, 112, [255, 255, 255], 8);
      await expectPixel(p, 184, 112, BLUE, 8);
    },
  },
  {
    name: "animated (APNG): the first frame",
    run: async (p) => {
      await p.pick(
        "animated.png",
        png({ width: 64, height: 64, frames: 2, pixel: (_x, _y, f) => (f === 0 ? RED : BLUE) }),
      );
      await expectPixel(p, 112, 112, RED);
    },
  },
  {
    name: "EXIF-rotated JPEG: shown upright",
    run: async (p) => {
      const bytes = await p.evaluate(rotatedJpeg);
      await p.pick("rotated.jpg", Buffer.from(bytes), "image/jpeg");
      expect(await p.inputSize()).toEqual(["100", "200"]);
      await expectPixel(p, 112, 30, RED, 20);
      await expectPixel(p, 112, 194, BLUE, 20);
    },
  },
  {
    name: "not an image: a message, and the previous image stays",
    run: async (p) => {
      await p.choose("notes.txt", Buffer.from("hello"), "text/plain");
      await expect.poll(() => p.message()).toContain("notes.txt is not an image");
      await expectPixel(p, 112, 30, RED, 20);
    },
  },
];

/**
 * Another origin for the CSP cases: a server on 127.0.0.1 (another host name and port than the site's localhost)
 * that counts the requests reaching it.
 */
async function otherOrigin(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { "access-control-allow-origin": "*", "content-type": "text/plain" });
    res.end("reached");
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
    hits: () => hits,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/**
 * Run in the page (page.evaluate(reachOtherOrigin, url), in either engine): fetch from `foreign`, load an image and
 * a script from it; says what came of each and which directives the policy reported.
 */
async function reachOtherOrigin(foreign: string) {
  const violations: string[] = [];
  document.addEventListener("securitypolicyviolation", (e) => violations.push(e.effectiveDirective));
  const fetched = await fetch(`${foreign}/data`).then(
    (r) => r.text(),
    () => "refused",
  );
  const load = (el: HTMLImageElement | HTMLScriptElement) =>
    new Promise<string>((ok) => {
      el.onload = () => ok("loaded");
      el.onerror = () => ok("refused");
      document.body.append(el);
    });
  const image = await load(Object.assign(document.createElement("img"), { src: `${foreign}/x.png` }));
  const script = await load(Object.assign(document.createElement("script"), { src: `${foreign}/x.js` }));
  await new Promise((ok) => setTimeout(ok, 100));
  return { fetched, image, script, violations };
}

/**
 * The CSP case in either engine: the page (through `evaluate`, its engine's page.evaluate) tries to reach another
 * origin; all three attempts are refused, each by its own directive, and nothing reached the other origin.
 */
export async function expectOtherOriginRefused(
  evaluate: (run: typeof reachOtherOrigin, url: string) => Promise<Awaited<ReturnType<typeof reachOtherOrigin>>>,
): Promise<void> {
  const other = await otherOrigin();
  try {
    const result = await evaluate(reachOtherOrigin, other.url);
    expect(result).toMatchObject({ fetched: "refused", image: "refused", script: "refused" });
    expect(new Set(result.violations.map((v) => v.replace(/-elem$/, "")))).toEqual(
      new Set(["connect-src", "img-src", "script-src"]),
    );
    expect(other.hits()).toBe(0);
  } finally {
    await other.close();
  }
}
