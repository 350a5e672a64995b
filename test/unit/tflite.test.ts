import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { dequantize, operatorCounts, readTflite } from "../../src/lib/tflite.js";

const TFLITE = fileURLToPath(
  new URL("../../../shared/models/tflite/tf2_mobilenet_v2_1.0_224_ptq.tflite", import.meta.url),
);

describe("readTflite: input that is not a TFLite file", () => {
  it("rejects short input, a wrong identifier and truncated data with a readable message", () => {
    expect(() => readTflite(new Uint8Array(8))).toThrow(/Not a TFLite file: only 8 bytes/);
    const json = new TextEncoder().encode('{"format": "layers-model", "modelTopology": {}}');
    expect(() => readTflite(json)).toThrow(/Not a TFLite file: expected the file identifier "TFL3"/);
    // A valid header whose root offset points past the end of the data.
    const bad = new Uint8Array(32);
    new DataView(bad.buffer).setUint32(0, 1000, true);
    bad.set([84, 70, 76, 51], 4); // "TFL3"
    expect(() => readTflite(bad)).toThrow(/Corrupt TFLite file/);
  });
});

describe.skipIf(!existsSync(TFLITE))("readTflite on tf2_mobilenet_v2_1.0_224_ptq.tflite", () => {
  const bytes = existsSync(TFLITE) ? new Uint8Array(readFileSync(TFLITE)) : new Uint8Array();
  const model = existsSync(TFLITE) ? readTflite(bytes) : (null as never);

  it("reads the header, the tensors and the graph inputs/outputs", () => {
    expect(bytes.byteLength).toBe(4_070_174);
    expect(model.version).toBe(3);
    expect(model.subgraphCount).toBe(1);
    expect(model.tensors.length).toBe(177);
    // Both an ArrayBuffer and a Uint8Array view at an offset are accepted.
    const padded = new Uint8Array(bytes.byteLength + 3);
    padded.set(bytes, 3);
    expect(readTflite(padded.subarray(3)).tensors.length).toBe(177);
    expect(readTflite(bytes.slice().buffer).operators.length).toBe(model.operators.length);

    const input = model.tensors[model.inputs[0]];
    expect(model.inputs.length).toBe(1);
    expect(input.shape).toEqual([1, 224, 224, 3]);
    expect(input.type).toBe("uint8");
    expect(input.buffer).toBeNull();
    expect(input.quantization!.zeroPoint).toEqual([127]);
    expect(input.quantization!.scale[0]).toBeCloseTo(1 / 127.5, 7);
    const output = model.tensors[model.outputs[0]];
    expect(output.shape).toEqual([1, 1001]);
  });

  it("decodes operator codes and builtin options", () => {
    const counts = operatorCounts(model);
    // 1 stem + 16 expansion + 17 projection + 1 last conv + the 1x1-conv classifier = 36 CONV_2D,
    // one depthwise per block = 17, 10 residual adds.
    expect(counts).toEqual({
      QUANTIZE: 2,
      CONV_2D: 36,
      DEPTHWISE_CONV_2D: 17,
      ADD: 10,
      MEAN: 1,
      RESHAPE: 1,
      SOFTMAX: 1,
    });
    const convs = model.operators.filter((o) => o.opcode === "CONV_2D");
    expect(convs[0].options).toMatchObject({ padding: "SAME", strideW: 2, strideH: 2, activation: "RELU6" });
    // Projection convs are linear (the paper's linear bottleneck): no fused activation.
    expect(convs[1].options.activation).toBe("NONE");
    const dws = model.operators.filter((o) => o.opcode === "DEPTHWISE_CONV_2D");
    // Depthwise strides of the 17 blocks: stride 2 at the first block of rows 2, 3, 4 and 6 of Table 2.
    expect(dws.map((o) => o.options.strideH)).toEqual([1, 2, 1, 2, 1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1]);
    expect(dws.every((o) => o.options.activation === "RELU6" && o.options.depthMultiplier === 1)).toBe(true);
    expect(model.operators.find((o) => o.opcode === "MEAN")!.options).toEqual({ keepDims: true });
    expect(model.operators.find((o) => o.opcode === "SOFTMAX")!.options).toEqual({ beta: 1 });
  });

  it("dequantizes per-channel int8 kernels exactly as (q - zeroPoint) * scale, along the quantized axis", () => {
    const stem = model.operators.find((o) => o.opcode === "CONV_2D")!;
    const w = model.tensors[stem.inputs[1]];
    expect(w.shape).toEqual([32, 3, 3, 3]);
    expect(w.type).toBe("int8");
    expect(w.quantization!.axis).toBe(0);
    expect(w.quantization!.scale.length).toBe(32);
    // The buffer is a view into the file itself.
    expect(w.buffer!.buffer).toBe(bytes.buffer);
    const deq = dequantize(w);
    expect(deq.length).toBe(864);
    const raw = new DataView(w.buffer!.buffer, w.buffer!.byteOffset, 864);
    const q = w.quantization!;
    for (const i of [0, 1, 26, 27, 500, 863]) {
      const c = Math.floor(i / 27); // axis 0: 3*3*3 = 27 values per output channel
      expect(deq[i]).toBe(Math.fround((raw.getInt8(i) - q.zeroPoint[c]) * q.scale[c]));
    }
    // Depthwise kernels are quantized along the last axis ([1, 3, 3, channels]).
    const dw = model.tensors[model.operators.find((o) => o.opcode === "DEPTHWISE_CONV_2D")!.inputs[1]];
    expect(dw.shape).toEqual([1, 3, 3, 32]);
    expect(dw.quantization!.axis).toBe(3);
    const dwDeq = dequantize(dw);
    const dwRaw = new Int8Array(dw.buffer!.buffer, dw.buffer!.byteOffset, 288);
    for (const i of [0, 31, 32, 100, 287]) {
      const c = i % 32;
      expect(dwDeq[i]).toBe(Math.fround((dwRaw[i] - dw.quantization!.zeroPoint[c]) * dw.quantization!.scale[c]));
    }
    // int32 biases carry scale = input scale × weight scale per channel.
    const b = model.tensors[stem.inputs[2]];
    const input = model.tensors[stem.inputs[0]];
    expect(b.type).toBe("int32");
    for (let c = 0; c < 32; c++)
      expect(b.quantization!.scale[c] / (input.quantization!.scale[0] * q.scale[c])).toBeCloseTo(1, 5);
    const bRaw = new DataView(b.buffer!.buffer, b.buffer!.byteOffset, 128);
    expect(dequantize(b)[5]).toBe(Math.fround(bRaw.getInt32(20, true) * b.quantization!.scale[5]));
  });
});
