import { describe, expect, it } from "vitest";
import { checkModelJson, explainLoadError, labelsProblem, WeightsProblem } from "../../src/lib/weights-check.js";

const MODEL = {
  modelTopology: { class_name: "Functional" },
  weightsManifest: [
    {
      paths: ["a.bin", "b.bin"],
      weights: [
        { name: "k", shape: [3, 3, 3, 32], dtype: "float32" },
        { name: "q", shape: [10], dtype: "float32", quantization: { dtype: "uint8" } },
      ],
    },
  ],
};
const text = JSON.stringify(MODEL);
const need = 3 * 3 * 3 * 32 * 4 + 10; // float32 kernel + uint8-quantized vector

describe("checkModelJson", () => {
  it("accepts a model.json whose shards are all there", () => {
    expect(
      checkModelJson(text, "model.json", [
        { name: "a.bin", size: need - 5 },
        { name: "b.bin", size: 5 },
      ]),
    ).toBeTruthy();
  });
  it("names each kind of problem", () => {
    expect(() => checkModelJson("<html>", "model.json")).toThrow(/is not JSON/);
    expect(() => checkModelJson(text.slice(0, 40), "model.json")).toThrow(/cut short/);
    expect(() => checkModelJson("{}", "model.json")).toThrow(/no "modelTopology"/);
    expect(() => checkModelJson(JSON.stringify({ ...MODEL, weightsManifest: [] }), "m.json")).toThrow(
      /lists no weight files/,
    );
    expect(() => checkModelJson(text, "model.json", [{ name: "a.bin", size: need }])).toThrow(
      /the weight file b\.bin, which was not picked/,
    );
    expect(() =>
      checkModelJson(text, "model.json", [
        { name: "a.bin", size: 10 },
        { name: "b.bin", size: 10 },
      ]),
    ).toThrow(`the weight files hold 20 bytes but model.json describes ${need.toLocaleString("en-US")}`);
    expect(() => checkModelJson("<html>", "model.json")).toThrow(WeightsProblem);
  });
});

describe("explainLoadError", () => {
  it("turns tfjs's load errors into sentences", () => {
    expect(explainLoadError(new Error("Shape mismatch: [3,3,3,32] vs. [3,3,32,3]"))).toMatch(/shapes do not fit/);
    expect(
      explainLoadError(new Error("Based on the provided shape, [3], the tensor should have 3 values but has 1")),
    ).toMatch(/fewer numbers/);
    expect(explainLoadError(new Error("Unknown layer: Foo"))).toMatch(/does not know/);
  });
});

describe("labelsProblem", () => {
  it("accepts as many names as classes, or one more for a leading background", () => {
    expect(labelsProblem(null, 1000)).toBeNull();
    expect(labelsProblem(Array(1000).fill("x"), 1000)).toBeNull();
    expect(labelsProblem(["background", ...Array(1000).fill("x")], 1000)).toBeNull();
    expect(labelsProblem(Array(10).fill("x"), 1000)).toMatch(/has 10 class names but the network has 1,000 classes/);
    expect(labelsProblem({}, 1000)).toMatch(/not a list/);
  });
});
