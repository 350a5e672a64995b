import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// @ts-expect-error plain JS module without types
import { installAssets, parseSources } from "../../scripts/assets.mjs";

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
    const { manifest } = installAssets("dist", {});
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
    const { manifest } = installAssets("dist", { MODELS_DIR: "m", IMAGES_DIR: "img" });
    expect(manifest.models).toEqual([
      {
        id: "net",
        url: "models/net/model.json",
        labels: "models/net/labels.json",
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
    const { manifest } = installAssets("dist", { MODELS_DIR: "m" });
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
});
