/**
 * A small reader for TensorFlow Lite model files (`.tflite`): the FlatBuffers encoding of the TFLite schema
 * (tensorflow/lite/schema/schema.fbs), decoded by hand so the site needs no extra dependency. Reads what a
 * converter needs (tensors with shapes, types, constant data and quantization; operators with their inputs,
 * outputs and builtin options; the graph's inputs and outputs) and dequantizes constant tensors to float.
 * Plain TypeScript: works in Node and in the browser, no DOM, no tfjs.
 *
 * FlatBuffers in brief: little-endian; the file starts with a uint32 offset to the root table; a table starts
 * with an int32 `soffset` back to its vtable; the vtable lists uint16 offsets of each field (field id i at
 * byte 4 + 2i of the vtable, 0 = absent, use the default). Offsets to sub-tables, vectors and strings are
 * uint32, relative to where they are stored. A vector is a uint32 length followed by its elements. A union
 * field takes two ids: its type (ubyte) and then the offset to the value table.
 */

/** TensorType enum of schema.fbs, by value. */
export const TENSOR_TYPES = [
  "float32",
  "float16",
  "int32",
  "uint8",
  "int64",
  "string",
  "bool",
  "int16",
  "complex64",
  "int8",
  "float64",
  "complex128",
  "uint64",
  "resource",
  "variant",
  "uint32",
  "uint16",
  "int4",
] as const;
export type TensorType = (typeof TENSOR_TYPES)[number] | `unknown(${number})`;

/** BuiltinOperator enum of schema.fbs (0..161), by value. */
const BUILTIN_OPERATORS = (
  "ADD AVERAGE_POOL_2D CONCATENATION CONV_2D DEPTHWISE_CONV_2D DEPTH_TO_SPACE DEQUANTIZE EMBEDDING_LOOKUP FLOOR " +
  "FULLY_CONNECTED HASHTABLE_LOOKUP L2_NORMALIZATION L2_POOL_2D LOCAL_RESPONSE_NORMALIZATION LOGISTIC " +
  "LSH_PROJECTION LSTM MAX_POOL_2D MUL RELU RELU_N1_TO_1 RELU6 RESHAPE RESIZE_BILINEAR RNN SOFTMAX " +
  "SPACE_TO_DEPTH SVDF TANH CONCAT_EMBEDDINGS SKIP_GRAM CALL CUSTOM EMBEDDING_LOOKUP_SPARSE PAD " +
  "UNIDIRECTIONAL_SEQUENCE_RNN GATHER BATCH_TO_SPACE_ND SPACE_TO_BATCH_ND TRANSPOSE MEAN SUB DIV SQUEEZE " +
  "UNIDIRECTIONAL_SEQUENCE_LSTM STRIDED_SLICE BIDIRECTIONAL_SEQUENCE_RNN EXP TOPK_V2 SPLIT LOG_SOFTMAX " +
  "DELEGATE BIDIRECTIONAL_SEQUENCE_LSTM CAST PRELU MAXIMUM ARG_MAX MINIMUM LESS NEG PADV2 GREATER " +
  "GREATER_EQUAL LESS_EQUAL SELECT SLICE SIN TRANSPOSE_CONV SPARSE_TO_DENSE TILE EXPAND_DIMS EQUAL NOT_EQUAL " +
  "LOG SUM SQRT RSQRT SHAPE POW ARG_MIN FAKE_QUANT REDUCE_PROD REDUCE_MAX PACK LOGICAL_OR ONE_HOT LOGICAL_AND " +
  "LOGICAL_NOT UNPACK REDUCE_MIN FLOOR_DIV REDUCE_ANY SQUARE ZEROS_LIKE FILL FLOOR_MOD RANGE " +
  "RESIZE_NEAREST_NEIGHBOR LEAKY_RELU SQUARED_DIFFERENCE MIRROR_PAD ABS SPLIT_V UNIQUE CEIL REVERSE_V2 ADD_N " +
  "GATHER_ND COS WHERE RANK ELU REVERSE_SEQUENCE MATRIX_DIAG QUANTIZE MATRIX_SET_DIAG ROUND HARD_SWISH IF " +
  "WHILE NON_MAX_SUPPRESSION_V4 NON_MAX_SUPPRESSION_V5 SCATTER_ND SELECT_V2 DENSIFY SEGMENT_SUM BATCH_MATMUL " +
  "PLACEHOLDER_FOR_GREATER_OP_CODES CUMSUM CALL_ONCE BROADCAST_TO RFFT2D CONV_3D IMAG REAL COMPLEX_ABS " +
  "HASHTABLE HASHTABLE_FIND HASHTABLE_IMPORT HASHTABLE_SIZE REDUCE_ALL CONV_3D_TRANSPOSE VAR_HANDLE " +
  "READ_VARIABLE ASSIGN_VARIABLE BROADCAST_ARGS RANDOM_STANDARD_NORMAL BUCKETIZE RANDOM_UNIFORM MULTINOMIAL " +
  "GELU DYNAMIC_UPDATE_SLICE RELU_0_TO_1 UNSORTED_SEGMENT_PROD UNSORTED_SEGMENT_MAX UNSORTED_SEGMENT_SUM " +
  "ATAN2 UNSORTED_SEGMENT_MIN SIGN BITCAST BITWISE_XOR RIGHT_SHIFT"
).split(" ");

/** Name of a BuiltinOperator code, e.g. 3 → "CONV_2D". */
function builtinOperatorName(code: number): string {
  return BUILTIN_OPERATORS[code] ?? `BUILTIN_${code}`;
}

const PADDINGS = ["SAME", "VALID"] as const;
const ACTIVATIONS = ["NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT"] as const;

export interface TfliteQuantization {
  /** One scale per tensor, or one per slice along `axis`. */
  scale: number[];
  zeroPoint: number[];
  /** The quantized dimension (schema: quantized_dimension) the per-channel scales run along. */
  axis: number;
}

export interface TfliteTensor {
  /** Index in the subgraph's tensor list (operators refer to tensors by it). */
  index: number;
  name: string;
  shape: number[];
  type: TensorType;
  /** Constant data (little-endian, row-major), a view into the file; null for activations. */
  buffer: Uint8Array | null;
  /** Present when the tensor is quantized (has at least one scale). */
  quantization?: TfliteQuantization;
}

/** Builtin options of the operators a vision model uses, decoded into plain objects. */
export type TfliteOptions = Record<string, number | string | boolean | number[]>;

export interface TfliteOperator {
  /** BuiltinOperator name, e.g. "CONV_2D", or "CUSTOM:<name>" for custom operators. */
  opcode: string;
  /** Tensor indices; -1 marks an omitted optional input. */
  inputs: number[];
  outputs: number[];
  /** Decoded builtin options (see decodeOptions); {} when the operator has none or they are not decoded. */
  options: TfliteOptions;
}

export interface TfliteModel {
  /** Schema version (3 for every current file). */
  version: number;
  description: string;
  /** Tensors of the main subgraph (subgraph 0). */
  tensors: TfliteTensor[];
  /** Operators of the main subgraph, in execution order. */
  operators: TfliteOperator[];
  /** Tensor indices of the graph's inputs and outputs. */
  inputs: number[];
  outputs: number[];
  /** How many subgraphs the file has (only the first is decoded). */
  subgraphCount: number;
}

/** Minimal FlatBuffers table access over a DataView. */
class Reader {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  check(pos: number, size: number, what: string): void {
    if (pos < 0 || pos + size > this.bytes.byteLength || !Number.isInteger(pos))
      throw new Error(
        `Corrupt TFLite file: ${what} at byte ${pos} lies outside the ${this.bytes.byteLength}-byte file.`,
      );
  }
  u8(pos: number): number {
    this.check(pos, 1, "byte");
    return this.view.getUint8(pos);
  }
  i8(pos: number): number {
    this.check(pos, 1, "byte");
    return this.view.getInt8(pos);
  }
  u16(pos: number): number {
    this.check(pos, 2, "uint16");
    return this.view.getUint16(pos, true);
  }
  i32(pos: number): number {
    this.check(pos, 4, "int32");
    return this.view.getInt32(pos, true);
  }
  u32(pos: number): number {
    this.check(pos, 4, "uint32");
    return this.view.getUint32(pos, true);
  }
  f32(pos: number): number {
    this.check(pos, 4, "float");
    return this.view.getFloat32(pos, true);
  }
  i64(pos: number): number {
    this.check(pos, 8, "int64");
    return Number(this.view.getBigInt64(pos, true));
  }
  /** Byte position of field `id` of the table at `table`, or 0 when absent. */
  field(table: number, id: number): number {
    const vtable = table - this.i32(table);
    const vlen = this.u16(vtable);
    const slot = 4 + 2 * id;
    if (slot + 2 > vlen) return 0;
    const off = this.u16(vtable + slot);
    return off === 0 ? 0 : table + off;
  }
  /** Follow the uoffset stored at `pos`. */
  deref(pos: number): number {
    return pos + this.u32(pos);
  }
  /** Field `id` read by `read` at its position, or `def` when absent. */
  private scalar<T>(table: number, id: number, def: T, read: (pos: number) => T): T {
    const p = this.field(table, id);
    return p === 0 ? def : read(p);
  }
  table(table: number, id: number): number {
    return this.scalar(table, id, 0, (p) => this.deref(p));
  }
  int(table: number, id: number, def = 0): number {
    return this.scalar(table, id, def, (p) => this.i32(p));
  }
  uint(table: number, id: number, def = 0): number {
    return this.scalar(table, id, def, (p) => this.u32(p));
  }
  byte(table: number, id: number, def = 0): number {
    return this.scalar(table, id, def, (p) => this.i8(p));
  }
  ubyte(table: number, id: number, def = 0): number {
    return this.scalar(table, id, def, (p) => this.u8(p));
  }
  bool(table: number, id: number, def = false): boolean {
    return this.scalar(table, id, def, (p) => this.u8(p) !== 0);
  }
  float(table: number, id: number, def = 0): number {
    return this.scalar(table, id, def, (p) => this.f32(p));
  }
  long(table: number, id: number, def = 0): number {
    return this.scalar(table, id, def, (p) => this.i64(p));
  }
  /** [position of the first element, length] of the vector in field `id`, or null when absent. */
  vector(table: number, id: number, elemSize: number): [number, number] | null {
    const p = this.field(table, id);
    if (p === 0) return null;
    const v = this.deref(p);
    const n = this.u32(v);
    this.check(v + 4, n * elemSize, "vector");
    return [v + 4, n];
  }
  /** The elements of the vector in field `id`, each `size` bytes read by `read` (empty when absent). */
  private elements<T>(table: number, id: number, size: number, read: (pos: number) => T): T[] {
    const v = this.vector(table, id, size);
    if (!v) return [];
    return Array.from({ length: v[1] }, (_, i) => read(v[0] + size * i));
  }
  string(table: number, id: number): string {
    const v = this.vector(table, id, 1);
    if (!v) return "";
    return new TextDecoder().decode(this.bytes.subarray(v[0], v[0] + v[1]));
  }
  ints(table: number, id: number): number[] {
    return this.elements(table, id, 4, (p) => this.i32(p));
  }
  floats(table: number, id: number): number[] {
    return this.elements(table, id, 4, (p) => this.f32(p));
  }
  longs(table: number, id: number): number[] {
    return this.elements(table, id, 8, (p) => this.i64(p));
  }
  /** Positions of the tables in a vector of tables. */
  tables(table: number, id: number): number[] {
    return this.elements(table, id, 4, (p) => this.deref(p));
  }
}

/** Decode the builtin options table `t` of an operator `opcode` (the fields a vision model uses). */
function decodeOptions(r: Reader, opcode: string, t: number): TfliteOptions {
  if (t === 0) return {};
  const padding = (id: number) => PADDINGS[r.byte(t, id)] ?? `unknown(${r.byte(t, id)})`;
  const activation = (id: number) => ACTIVATIONS[r.byte(t, id)] ?? `unknown(${r.byte(t, id)})`;
  switch (opcode) {
    case "CONV_2D": // Conv2DOptions
      return {
        padding: padding(0),
        strideW: r.int(t, 1),
        strideH: r.int(t, 2),
        activation: activation(3),
        dilationW: r.int(t, 4, 1),
        dilationH: r.int(t, 5, 1),
      };
    case "DEPTHWISE_CONV_2D": // DepthwiseConv2DOptions
      return {
        padding: padding(0),
        strideW: r.int(t, 1),
        strideH: r.int(t, 2),
        depthMultiplier: r.int(t, 3),
        activation: activation(4),
        dilationW: r.int(t, 5, 1),
        dilationH: r.int(t, 6, 1),
      };
    case "AVERAGE_POOL_2D":
    case "MAX_POOL_2D":
    case "L2_POOL_2D": // Pool2DOptions
      return {
        padding: padding(0),
        strideW: r.int(t, 1),
        strideH: r.int(t, 2),
        filterW: r.int(t, 3),
        filterH: r.int(t, 4),
        activation: activation(5),
      };
    case "FULLY_CONNECTED": // FullyConnectedOptions
      return { activation: activation(0), weightsFormat: r.byte(t, 1), keepNumDims: r.bool(t, 2) };
    case "SOFTMAX": // SoftmaxOptions
      return { beta: r.float(t, 0) };
    case "ADD":
    case "SUB": // AddOptions / SubOptions
      return { activation: activation(0), potScaleInt16: r.bool(t, 1, true) };
    case "MUL":
    case "DIV":
      return { activation: activation(0) };
    case "CONCATENATION":
      return { axis: r.int(t, 0), activation: activation(1) };
    case "RESHAPE": // ReshapeOptions
      return { newShape: r.ints(t, 0) };
    case "SQUEEZE":
      return { squeezeDims: r.ints(t, 0) };
    case "MEAN":
    case "SUM":
    case "REDUCE_MAX":
    case "REDUCE_MIN":
    case "REDUCE_PROD": // ReducerOptions
      return { keepDims: r.bool(t, 0) };
    default:
      return {};
  }
}

function decodeQuantization(r: Reader, q: number): TfliteQuantization | undefined {
  if (q === 0) return undefined;
  // QuantizationParameters: min 0, max 1, scale 2, zero_point 3, details (union: 4 type, 5 value), quantized_dimension 6
  const scale = r.floats(q, 2);
  if (scale.length === 0) return undefined;
  let zeroPoint = r.longs(q, 3);
  if (zeroPoint.length === 0) zeroPoint = scale.map(() => 0);
  return { scale, zeroPoint, axis: r.int(q, 6) };
}

/**
 * Parse a `.tflite` file. Throws an Error with a readable message for data that is not a TFLite flatbuffer.
 */
export function readTflite(data: Uint8Array | ArrayBuffer): TfliteModel {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.byteLength < 16) throw new Error(`Not a TFLite file: only ${bytes.byteLength} bytes.`);
  const ident = String.fromCharCode(...bytes.subarray(4, 8));
  if (ident !== "TFL3")
    throw new Error(
      `Not a TFLite file: expected the file identifier "TFL3" at bytes 4–7, found ${JSON.stringify(ident)}.`,
    );
  const r = new Reader(bytes);
  const model = r.u32(0);
  // Model: version 0, operator_codes 1, subgraphs 2, description 3, buffers 4
  const version = r.uint(model, 0);
  const description = r.string(model, 3);

  // OperatorCode: deprecated_builtin_code 0 (byte), custom_code 1, version 2, builtin_code 3 (int32).
  // Old files only set the byte field; new ones set both, and codes >= 127 only in builtin_code.
  const opcodes = r.tables(model, 1).map((oc) => {
    const deprecated = r.byte(oc, 0);
    const code = Math.max(deprecated, r.int(oc, 3));
    const name = builtinOperatorName(code);
    return name === "CUSTOM" ? `CUSTOM:${r.string(oc, 1)}` : name;
  });

  // Buffer: data 0 ([ubyte]), offset 1, size 2 (data stored after the flatbuffer, in files over 2 GB)
  const buffers = r.tables(model, 4).map((b): Uint8Array | null => {
    const v = r.vector(b, 0, 1);
    if (v && v[1] > 0) return bytes.subarray(v[0], v[0] + v[1]);
    const offset = r.long(b, 1);
    const size = r.long(b, 2);
    if (offset > 1 && size > 0) {
      r.check(offset, size, "external buffer");
      return bytes.subarray(offset, offset + size);
    }
    return null;
  });

  const subgraphs = r.tables(model, 2);
  if (subgraphs.length === 0) throw new Error("Not a usable TFLite file: it has no subgraph.");
  const g = subgraphs[0];
  // SubGraph: tensors 0, inputs 1, outputs 2, operators 3, name 4
  const tensors = r.tables(g, 0).map((t, index): TfliteTensor => {
    // Tensor: shape 0, type 1, buffer 2, name 3, quantization 4
    const typeCode = r.byte(t, 1);
    const bufferIndex = r.uint(t, 2);
    const tensor: TfliteTensor = {
      index,
      name: r.string(t, 3),
      shape: r.ints(t, 0),
      type: TENSOR_TYPES[typeCode] ?? `unknown(${typeCode})`,
      buffer: buffers[bufferIndex] ?? null,
    };
    const q = decodeQuantization(r, r.table(t, 4));
    if (q) tensor.quantization = q;
    return tensor;
  });
  const operators = r.tables(g, 3).map((op): TfliteOperator => {
    // Operator: opcode_index 0, inputs 1, outputs 2, builtin_options (union: 3 type, 4 value)
    const index = r.uint(op, 0);
    const opcode = opcodes[index];
    if (opcode === undefined) throw new Error(`Corrupt TFLite file: operator code index ${index} out of range.`);
    return { opcode, inputs: r.ints(op, 1), outputs: r.ints(op, 2), options: decodeOptions(r, opcode, r.table(op, 4)) };
  });
  return {
    version,
    description,
    tensors,
    operators,
    inputs: r.ints(g, 1),
    outputs: r.ints(g, 2),
    subgraphCount: subgraphs.length,
  };
}

/** Number of elements of a shape (1 for a scalar). */
function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** The raw stored values of a constant tensor as plain numbers (no scaling). */
function rawValues(tensor: TfliteTensor): Float64Array | Float32Array {
  const b = tensor.buffer;
  if (!b) throw new Error(`Tensor ${tensor.index} (${tensor.name}) has no constant data.`);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = elementCount(tensor.shape);
  const need = (size: number) => {
    if (b.byteLength < n * size)
      throw new Error(
        `Tensor ${tensor.name}: shape [${tensor.shape}] needs ${n * size} bytes of ${tensor.type}, the buffer has ${b.byteLength}.`,
      );
  };
  switch (tensor.type) {
    case "float32": {
      need(4);
      // Copy so the result is aligned and independent of the file.
      return new Float32Array(b.slice(0, n * 4).buffer);
    }
    case "float16": {
      need(2);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
      return out;
    }
    case "float64": {
      need(8);
      return new Float64Array(b.slice(0, n * 8).buffer);
    }
    case "int8":
    case "bool":
    case "uint8": {
      need(1);
      const src = tensor.type === "int8" ? new Int8Array(b.buffer, b.byteOffset, n) : b.subarray(0, n);
      return Float64Array.from(src);
    }
    case "int16":
    case "uint16": {
      need(2);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++)
        out[i] = tensor.type === "int16" ? view.getInt16(2 * i, true) : view.getUint16(2 * i, true);
      return out;
    }
    case "int32":
    case "uint32": {
      need(4);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++)
        out[i] = tensor.type === "int32" ? view.getInt32(4 * i, true) : view.getUint32(4 * i, true);
      return out;
    }
    case "int64": {
      need(8);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Number(view.getBigInt64(8 * i, true));
      return out;
    }
    default:
      throw new Error(`Tensor ${tensor.name}: cannot read values of type ${tensor.type}.`);
  }
}

/**
 * A constant tensor as float32. float32 passes through; float16 widens; quantized integers become
 * `(q - zeroPoint) * scale`, per tensor (one scale) or per channel along `quantization.axis` (one scale per
 * slice). Integer tensors without quantization (shapes, paddings) are converted as they are.
 */
export function dequantize(tensor: TfliteTensor): Float32Array {
  const raw = rawValues(tensor);
  const q = tensor.quantization;
  if (tensor.type === "float32" || tensor.type === "float16" || !q) return Float32Array.from(raw);
  const n = raw.length;
  const out = new Float32Array(n);
  if (q.scale.length === 1) {
    const s = q.scale[0];
    const z = q.zeroPoint[0] ?? 0;
    for (let i = 0; i < n; i++) out[i] = (raw[i] - z) * s;
    return out;
  }
  const shape = tensor.shape;
  const axis = q.axis;
  if (axis < 0 || axis >= shape.length || shape[axis] !== q.scale.length)
    throw new Error(
      `Tensor ${tensor.name}: ${q.scale.length} scales do not match dimension ${axis} of shape [${shape}].`,
    );
  const inner = elementCount(shape.slice(axis + 1));
  const channels = shape[axis];
  for (let i = 0; i < n; i++) {
    const c = Math.floor(i / inner) % channels;
    out[i] = (raw[i] - (q.zeroPoint[c] ?? q.zeroPoint[0] ?? 0)) * q.scale[c];
  }
  return out;
}
