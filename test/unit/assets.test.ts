import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// @ts-expect-error plain JS module without types
import { DATA_DIR, installAssets, parseSources } from "../../scripts/assets.mjs";
import { SHIPPED_PHOTOS } from "../assets.js";

const SOURCES = `# Sample images

| file | subject / top-1 of built model | source repo @ commit : path | license (as stated in source) |
|---|---|---|---|
| cat_chelsea.png (451x300) | "Chelsea the cat" -> tiger cat 41.9% | scikit-image : chelsea.png | CC0, photographer Stefan van der Walt |
| flamingo.jpg (1333x2000, 814 KB) | American flamingo -> flamingo 98.9% | tracel-ai/burn : flamingo.jpg | CC BY 2.0, Paul Asman and Jill Lenoble |
`;

describe("parseSources", () => {
  it("reads subject, source and licence per file", () => {
    const c = parseSources(SOURCES);
    expect(Object.keys(c)).toEqual(["cat_chelsea.png", "flamingo.jpg"]);
    expect(c["cat_chelsea.png"]).toEqual({
      subject: "Chelsea the cat",
      source: "scikit-image : chelsea.png",
      licence: "CC0, photographer Stefan van der Walt",
    });
    expect(c["flamingo.jpg"].licence).toBe("CC BY 2.0, Paul Asman and Jill Lenoble");
  });
});

describe("installAssets", () => {
  const cwd = process.cwd();
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "assets-"));
    process.chdir(dir);
    mkdirSync("dist");
  });
  afterEach(() => process.chdir(cwd));

  it("writes an empty manifest with reasons when nothing is configured", () => {
    const { manifest } = installAssets("dist", {}, "no-data");
    expect(manifest.models).toEqual([]);
    expect(manifest.images).toEqual([]);
    expect(manifest.notes.join(" ")).toMatch(/MODELS_DIR was not set.*IMAGES_DIR was not set/);
    expect(JSON.parse(readFileSync("dist/_file/assets/manifest.json", "utf8")).models).toEqual([]);
  });

  it("copies models with their shards and photos with credits", () => {
    mkdirSync("m/net", { recursive: true });
    writeFileSync("m/net/model.json", JSON.stringify({ weightsManifest: [{ paths: ["a.bin", "b.bin"] }] }));
    writeFileSync("m/net/a.bin", "12345");
    writeFileSync("m/net/b.bin", "678");
    writeFileSync("m/net/labels.json", "[]");
    mkdirSync("m/broken");
    writeFileSync("m/broken/model.json", JSON.stringify({ weightsManifest: [{ paths: ["missing.bin"] }] }));
    mkdirSync("img");
    writeFileSync("img/flamingo.jpg", "jpg");
    writeFileSync("img/other.png", "png");
    writeFileSync("img/README.md", "not a photo");
    writeFileSync("img/SOURCES.md", SOURCES);
    const { manifest } = installAssets("dist", { MODELS_DIR: "m", IMAGES_DIR: "img" }, "no-data");
    expect(manifest.models).toEqual([
      {
        id: "net",
        url: "models/net/model.json",
        labels: "models/net/labels.json",
        weights: ["models/net/a.bin", "models/net/b.bin"], // as model.json lists them
        bytes: 5 + 3 + 2 + readFileSync("m/net/model.json").length,
      },
    ]);
    expect(existsSync("dist/_file/assets/models/net/b.bin")).toBe(true);
    expect(existsSync("dist/_file/assets/models/broken")).toBe(false);
    expect(manifest.images.map((i: { file: string }) => i.file)).toEqual(["flamingo.jpg", "other.png"]);
    expect(manifest.images[0].licence).toBe("CC BY 2.0, Paul Asman and Jill Lenoble");
    expect(manifest.images[1].licence).toMatch(/not stated/);
    expect(existsSync("dist/_file/assets/images/README.md")).toBe(false);
  });

  it("lists .tflite files one level down with their labels .txt and size", () => {
    mkdirSync("m/tflite", { recursive: true });
    writeFileSync("m/tflite/net_ptq.tflite", "TFL3-bytes");
    writeFileSync("m/tflite/imagenet_labels.txt", "background\ntench\n");
    writeFileSync("m/tflite/LICENSE", "not copied");
    const { manifest } = installAssets("dist", { MODELS_DIR: "m" }, "no-data");
    expect(manifest.tflite).toEqual([
      {
        id: "net_ptq",
        url: "models/net_ptq/net_ptq.tflite",
        labels: "models/net_ptq/imagenet_labels.txt",
        bytes: "TFL3-bytes".length,
      },
    ]);
    expect(readFileSync("dist/_file/assets/models/net_ptq/imagenet_labels.txt", "utf8")).toBe("background\ntench\n");
    expect(existsSync("dist/_file/assets/models/net_ptq/LICENSE")).toBe(false);
    // No layers model, but trained weights as TFLite: the note says so rather than "no pretrained weights".
    expect(manifest.models).toEqual([]);
    expect(manifest.notes.join(" ")).toMatch(/only \.tflite files/);
  });

  it("always installs what ships in data/ (checkpoint with its licence, photos with credits), with no variables set", () => {
    const { manifest } = installAssets("dist", {}, DATA_DIR);
    expect(manifest.notes).toEqual([]);
    expect(manifest.models).toEqual([]);
    expect(manifest.tflite).toHaveLength(1);
    const t = manifest.tflite[0];
    expect(t).toMatchObject({
      id: "tf2_mobilenet_v2_1.0_224_ptq",
      labels: "models/tf2_mobilenet_v2_1.0_224_ptq/imagenet_labels.txt",
      licence: "Apache License 2.0",
      licenceFile: "models/tf2_mobilenet_v2_1.0_224_ptq/LICENSE",
      shipped: true,
    });
    expect(readFileSync("dist/_file/assets/models/tf2_mobilenet_v2_1.0_224_ptq/LICENSE", "utf8")).toMatch(
      /Apache License\s+Version 2\.0/,
    );
    expect(statSync(`dist/_file/assets/${t.url}`).size).toBe(t.bytes);
    const files = manifest.images.map((i: { file: string }) => i.file);
    expect(files).toEqual(SHIPPED_PHOTOS);
    const flamingo = manifest.images.find((i: { file: string }) => i.file === "flamingo.jpg");
    expect(flamingo).toMatchObject({
      photographer: "Paul Asman and Jill Lenoble",
      licence: "CC BY 2.0",
      licenceUrl: "https://creativecommons.org/licenses/by/2.0/",
      sourceUrl: "https://commons.wikimedia.org/wiki/File:Phoenicopterus_ruber_Bonaire_2.jpg",
      shipped: true,
    });
  });

  it("adds MODELS_DIR / IMAGES_DIR to the shipped assets without installing a shipped file twice", () => {
    mkdirSync("m/tflite", { recursive: true });
    writeFileSync("m/tflite/tf2_mobilenet_v2_1.0_224_ptq.tflite", "same id as the shipped one");
    writeFileSync("m/tflite/other.tflite", "TFL3");
    mkdirSync("img");
    writeFileSync("img/coffee.png", "same name as a shipped photo");
    writeFileSync("img/extra.png", "png");
    const { manifest } = installAssets("dist", { MODELS_DIR: "m", IMAGES_DIR: "img" }, DATA_DIR);
    expect(manifest.tflite.map((t: { id: string; shipped?: boolean }) => [t.id, !!t.shipped])).toEqual([
      ["tf2_mobilenet_v2_1.0_224_ptq", true],
      ["other", false],
    ]);
    expect(
      statSync("dist/_file/assets/models/tf2_mobilenet_v2_1.0_224_ptq/tf2_mobilenet_v2_1.0_224_ptq.tflite").size,
    ).toBeGreaterThan(4e6);
    expect(manifest.images).toHaveLength(8);
    expect(manifest.images.at(-1)).toMatchObject({ file: "extra.png", shipped: false });
    expect(statSync("dist/_file/assets/images/coffee.png").size).toBeGreaterThan(1000);
  });
});
