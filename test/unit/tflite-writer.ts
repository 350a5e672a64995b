/**
 * Test helper: write a float32 `.tflite` file for a tfjs MobileNetV2 (built by build.ts with folded BatchNorm),
 * laid out the way the Keras converter lays it out (explicit PAD + VALID stem conv, AVERAGE_POOL_2D, RESHAPE,
 * FULLY_CONNECTED classifier, SOFTMAX), so the importer can be tested on a float file whose weights are known
 * exactly. A minimal FlatBuffers encoder (tables, vectors, strings; children always after their parent so
 * every uoffset is positive) with the field ids of tensorflow/lite/schema/schema.fbs.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { mobilenetV2Graph } from "../../src/lib/graph.js";
import type { ArchConfig } from "../../src/lib/spec.js";

type Scalar = { kind: "u8" | "i8" | "i32" | "u32" | "f32"; v: number };
type Obj =
  | { kind: "table"; fields: (Scalar | { kind: "ref"; obj: Obj } | undefined)[] }
  | { kind: "vec"; elem: "i32" | "f32" | "u8"; values: ArrayLike<number> }
  | { kind: "tvec"; items: Obj[] }
  | { kind: "str"; s: string };

const table = (fields: (Scalar | Obj | undefined)[]): Obj => ({
  kind: "table",
  fields: fields.map((f) => (f === undefined ? undefined : "v" in f ? f : { kind: "ref", obj: f })),
});
const u8 = (v: number): Scalar => ({ kind: "u8", v });
const i8 = (v: number): Scalar => ({ kind: "i8", v });
const i32 = (v: number): Scalar => ({ kind: "i32", v });
const u32 = (v: number): Scalar => ({ kind: "u32", v });
const f32 = (v: number): Scalar => ({ kind: "f32", v });
const ivec = (values: ArrayLike<number>): Obj => ({ kind: "vec", elem: "i32", values });
const str = (s: string): Obj => ({ kind: "str", s });
const tvec = (items: Obj[]): Obj => ({ kind: "tvec", items });

function encode(root: Obj, ident: string): Uint8Array {
  let buf = new Uint8Array(1 << 16);
  let view = new DataView(buf.buffer);
  let end = 0;
  const reserve = (n: number) => {
    while (end + n > buf.length) {
      const next = new Uint8Array(buf.length * 2);
      next.set(buf);
      buf = next;
      view = new DataView(buf.buffer);
    }
    const at = end;
    end += n;
    return at;
  };
  const align = (a: number) => reserve((a - (end % a)) % a);
  const queue: { at: number; obj: Obj }[] = [];
  reserve(8);
  for (let k = 0; k < 4; k++) buf[4 + k] = ident.charCodeAt(k);
  queue.push({ at: 0, obj: root });
  const size = (s: Scalar) => (s.kind === "u8" || s.kind === "i8" ? 1 : 4);
  const put = (at: number, s: Scalar) => {
    if (s.kind === "u8") view.setUint8(at, s.v);
    else if (s.kind === "i8") view.setInt8(at, s.v);
    else if (s.kind === "i32") view.setInt32(at, s.v, true);
    else if (s.kind === "u32") view.setUint32(at, s.v, true);
    else view.setFloat32(at, s.v, true);
  };
  const write = (obj: Obj): number => {
    if (obj.kind === "str") {
      const bytes = new TextEncoder().encode(obj.s);
      align(4);
      const at = reserve(4 + bytes.length + 1);
      view.setUint32(at, bytes.length, true);
      buf.set(bytes, at + 4);
      return at;
    }
    if (obj.kind === "vec") {
      const w = obj.elem === "u8" ? 1 : 4;
      // Element data 16-byte aligned (schema: Buffer.data has force_align 16).
      reserve((((12 - end) % 16) + 16) % 16);
      const at = reserve(4 + w * obj.values.length);
      view.setUint32(at, obj.values.length, true);
      for (let i = 0; i < obj.values.length; i++) {
        const p = at + 4 + w * i;
        if (obj.elem === "u8") view.setUint8(p, obj.values[i]);
        else if (obj.elem === "i32") view.setInt32(p, obj.values[i], true);
        else view.setFloat32(p, obj.values[i], true);
      }
      return at;
    }
    if (obj.kind === "tvec") {
      align(4);
      const at = reserve(4 + 4 * obj.items.length);
      view.setUint32(at, obj.items.length, true);
      for (const [i, item] of obj.items.entries()) queue.push({ at: at + 4 + 4 * i, obj: item });
      return at;
    }
    // Table: vtable first, then the table (soffset = table - vtable > 0), fields 4-byte aligned.
    const offsets: number[] = [];
    let tsize = 4;
    for (const f of obj.fields) {
      if (!f) {
        offsets.push(0);
        continue;
      }
      const s = f.kind === "ref" ? 4 : size(f);
      tsize = Math.ceil(tsize / s) * s;
      offsets.push(tsize);
      tsize += s;
    }
    tsize = Math.ceil(tsize / 4) * 4;
    align(2);
    const vt = reserve(4 + 2 * offsets.length);
    view.setUint16(vt, 4 + 2 * offsets.length, true);
    view.setUint16(vt + 2, tsize, true);
    for (const [i, o] of offsets.entries()) view.setUint16(vt + 4 + 2 * i, o, true);
    align(4);
    const at = reserve(tsize);
    view.setInt32(at, at - vt, true);
    obj.fields.forEach((f, i) => {
      if (!f) return;
      if (f.kind === "ref") queue.push({ at: at + offsets[i], obj: f.obj });
      else put(at + offsets[i], f);
    });
    return at;
  };
  while (queue.length) {
    const { at, obj } = queue.shift()!;
    const pos = write(obj);
    view.setUint32(at, pos - at, true);
  }
  return buf.slice(0, end);
}

/** float → IEEE half bits (round to nearest even, normal range only, enough for conv weights). */
export function toHalf(x: number): number {
  const f = new Float32Array([x]);
  const b = new Uint32Array(f.buffer)[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = ((b >>> 23) & 0xff) - 127 + 15;
  let mant = b & 0x7fffff;
  if (exp <= 0) return sign; // flush tiny values to zero
  if (exp >= 31) return sign | 0x7c00;
  let h = sign | (exp << 10) | (mant >>> 13);
  mant &= 0x1fff;
  if (mant > 0x1000 || (mant === 0x1000 && h & 1)) h++;
  return h;
}
export function fromHalf(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

export interface WriteOptions {
  /** Explicit stem padding before/after (default TF "same" for an even size: 0 before, 1 after). */
  stemPad?: [number, number];
  /** Store this layer's kernel as float16 behind a DEQUANTIZE operator. */
  float16Layer?: string;
}

const CODES: Record<string, number> = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  DEQUANTIZE: 6,
  FULLY_CONNECTED: 9,
  RESHAPE: 22,
  SOFTMAX: 25,
  PAD: 34,
};

/** Serialize a float tfjs MobileNetV2 (config with batchNorm false) as a `.tflite` flatbuffer. */
export function writeMobileNetTflite(model: tfjs.LayersModel, cfg: ArchConfig, opts: WriteOptions = {}): Uint8Array {
  const graph = mobilenetV2Graph({ ...cfg, batchNorm: false });
  const buffers: Obj[] = [table([])];
  const tensors: Obj[] = [];
  const shapes: number[][] = [];
  const operators: Obj[] = [];
  const opcodes: string[] = [];
  const tensor = (name: string, shape: number[], type = 0, data?: Uint8Array): number => {
    let buffer = 0;
    if (data) {
      buffers.push(table([{ kind: "vec", elem: "u8", values: data }]));
      buffer = buffers.length - 1;
    }
    tensors.push(table([ivec(shape), i8(type), u32(buffer), str(name)]));
    shapes.push(shape);
    return tensors.length - 1;
  };
  const floats = (name: string, shape: number[], values: Float32Array) =>
    tensor(name, shape, 0, new Uint8Array(values.slice().buffer));
  const op = (code: string, inputs: number[], outputs: number[], optionsType = 0, options?: Obj) => {
    if (!opcodes.includes(code)) opcodes.push(code);
    operators.push(
      table([
        u32(opcodes.indexOf(code)),
        ivec(inputs),
        ivec(outputs),
        optionsType ? u8(optionsType) : undefined,
        options,
      ]),
    );
  };
  const kernelConst = (layer: string, shape: number[], values: Float32Array): number => {
    if (opts.float16Layer !== layer) return floats(`${layer}/kernel`, shape, values);
    const half = new Uint8Array(values.length * 2);
    const dv = new DataView(half.buffer);
    for (const [i, v] of values.entries()) dv.setUint16(2 * i, toHalf(v), true);
    const h = tensor(`${layer}/kernel_fp16`, shape, 1, half);
    const f = tensor(`${layer}/kernel`, shape);
    op("DEQUANTIZE", [h], [f]);
    return f;
  };
  const size = cfg.resolution;
  const out = new Map<string, number>();
  out.set("input", tensor("input", [1, size, size, 3]));
  const relu6After = new Set(graph.nodes.filter((n) => n.op === "relu6").map((n) => n.inputs[0]));
  for (const n of graph.nodes) {
    const x = out.get(n.inputs[0])!;
    const [, h, w, c] = shapes[x];
    const act = relu6After.has(n.name) ? 3 : 0;
    if (n.op === "conv") {
      const [k, b] = model
        .getLayer(n.name)
        .getWeights()
        .map((t) => t.dataSync() as Float32Array);
      const [kh, kw, ci, co] = [n.kernel, n.kernel, c, n.filters];
      const t = new Float32Array(k.length); // Keras [kh,kw,in,out] → TFLite [out,kh,kw,in]
      for (let o = 0; o < co; o++) for (let j = 0; j < kh * kw * ci; j++) t[o * kh * kw * ci + j] = k[j * co + o];
      let input = x;
      let padding = 0;
      let oh = Math.ceil(h / n.stride);
      if (n.kernel > 1) {
        const [before, after] = opts.stemPad ?? [0, 1];
        const pads = tensor(
          `${n.name}_pad/paddings`,
          [4, 2],
          2,
          new Uint8Array(new Int32Array([0, 0, before, after, before, after, 0, 0]).buffer),
        );
        input = tensor(`${n.name}_pad`, [1, h + before + after, w + before + after, c]);
        op("PAD", [x, pads], [input], 22, table([]));
        padding = 1; // VALID
        oh = Math.floor((h + before + after - n.kernel) / n.stride) + 1;
      }
      const y = tensor(n.name, [1, oh, oh, co]);
      op(
        "CONV_2D",
        [input, kernelConst(n.name, [co, kh, kw, ci], t), floats(`${n.name}/bias`, [co], b)],
        [y],
        1,
        table([i8(padding), i32(n.stride), i32(n.stride), i8(act)]),
      );
      out.set(n.name, y);
    } else if (n.op === "depthwise") {
      const [k, b] = model
        .getLayer(n.name)
        .getWeights()
        .map((t) => t.dataSync() as Float32Array);
      const oh = Math.ceil(h / n.stride);
      const y = tensor(n.name, [1, oh, oh, c]);
      op(
        "DEPTHWISE_CONV_2D",
        [x, kernelConst(n.name, [1, n.kernel, n.kernel, c], k), floats(`${n.name}/bias`, [c], b)],
        [y],
        2,
        table([i8(0), i32(n.stride), i32(n.stride), i32(1), i8(act)]),
      );
      out.set(n.name, y);
    } else if (n.op === "relu6") {
      out.set(n.name, x); // fused into the conv before it
    } else if (n.op === "add") {
      const y = tensor(n.name, shapes[x]);
      op("ADD", [out.get(n.inputs[0])!, out.get(n.inputs[1])!], [y], 11, table([i8(0)]));
      out.set(n.name, y);
    } else if (n.op === "gap") {
      const pooled = tensor(`${n.name}/pool`, [1, 1, 1, c]);
      op("AVERAGE_POOL_2D", [x], [pooled], 5, table([i8(1), i32(1), i32(1), i32(w), i32(h), i8(0)]));
      const shape = tensor(`${n.name}/shape`, [2], 2, new Uint8Array(new Int32Array([1, c]).buffer));
      const y = tensor(n.name, [1, c]);
      op("RESHAPE", [pooled, shape], [y], 17, table([ivec([1, c])]));
      out.set(n.name, y);
    } else if (n.op === "dense") {
      const [k, b] = model
        .getLayer(n.name)
        .getWeights()
        .map((t) => t.dataSync() as Float32Array);
      const features = shapes[x][1];
      const t = new Float32Array(k.length); // Dense [in, out] → FULLY_CONNECTED [out, in]
      for (let i = 0; i < features; i++) for (let o = 0; o < n.units; o++) t[o * features + i] = k[i * n.units + o];
      const y = tensor(n.name, [1, n.units]);
      op(
        "FULLY_CONNECTED",
        [x, floats(`${n.name}/kernel`, [n.units, features], t), floats(`${n.name}/bias`, [n.units], b)],
        [y],
        8,
        table([i8(0)]),
      );
      out.set(n.name, y);
    } else if (n.op === "softmax") {
      const y = tensor(n.name, shapes[x]);
      op("SOFTMAX", [x], [y], 9, table([f32(1)]));
      out.set(n.name, y);
    }
  }
  const subgraph = table([
    tvec(tensors),
    ivec([out.get("input")!]),
    ivec([out.get(graph.output)!]),
    tvec(operators),
    str("main"),
  ]);
  // OperatorCode: deprecated_builtin_code (byte) and builtin_code (int32) both set, as current converters do.
  const codes = opcodes.map((name) => table([i8(CODES[name]), undefined, i32(1), i32(CODES[name])]));
  return encode(table([u32(3), tvec(codes), tvec([subgraph]), str("test writer"), tvec(buffers)]), "TFL3");
}
