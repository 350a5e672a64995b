/**
 * A minimal PNG decoder for tests (8-bit grey/RGB/RGBA, non-interlaced), so Node tests can run the sample
 * photos without an image dependency: chunks → zlib inflate (node:zlib) → undo the per-row filters.
 */
import { deflateSync, inflateSync } from "node:zlib";

export interface DecodedImage {
  width: number;
  height: number;
  /** RGB, row-major, 3 bytes per pixel. */
  rgb: Uint8Array;
}

export function decodePng(file: Uint8Array): DecodedImage {
  const sig = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!sig.every((b, i) => file[i] === b)) throw new Error("not a PNG file");
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Uint8Array[] = [];
  while (pos < file.length) {
    const len = view.getUint32(pos);
    const type = String.fromCharCode(...file.subarray(pos + 4, pos + 8));
    const data = file.subarray(pos + 8, pos + 8 + len);
    if (type === "IHDR") {
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
      const depth = data[8];
      colorType = data[9];
      if (depth !== 8 || data[12] !== 0 || ![0, 2, 6].includes(colorType))
        throw new Error(`unsupported PNG (depth ${depth}, colour type ${colorType}, interlace ${data[12]})`);
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    pos += 12 + len;
  }
  const channels = colorType === 0 ? 1 : colorType === 2 ? 3 : 4;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels] : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + x] = (line[x] + pred) & 0xff;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++)
    for (let k = 0; k < 3; k++) rgb[i * 3 + k] = px[i * channels + (channels === 1 ? 0 : k)];
  return { width, height, rgb };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export interface PngSpec {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 6 RGBA. */
  colourType: 0 | 2 | 6;
  bitDepth: 8 | 16;
  /** Sample values (0..2^bitDepth−1) of pixel (x, y), one per channel, for each frame. */
  pixel: (x: number, y: number, frame: number) => number[];
  /** More than 1: an animated PNG (APNG) whose frames each show for a second. */
  frames?: number;
}

/** A PNG file (or APNG) for tests, written with node:zlib: no filter, one IDAT per frame. */
export function encodePng(spec: PngSpec): Buffer {
  const { width, height, colourType, bitDepth } = spec;
  const frames = spec.frames ?? 1;
  const channels = colourType === 0 ? 1 : colourType === 2 ? 3 : 4;
  const bps = bitDepth / 8;
  const rowBytes = 1 + width * channels * bps;
  const frameData = (f: number) => {
    const raw = Buffer.alloc(rowBytes * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const v = spec.pixel(x, y, f);
        for (let c = 0; c < channels; c++) {
          const at = y * rowBytes + 1 + (x * channels + c) * bps;
          if (bps === 2) raw.writeUInt16BE(v[c], at);
          else raw[at] = v[c];
        }
      }
    return deflateSync(raw, { level: 1 });
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colourType;
  const parts = [Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr)];
  let seq = 0;
  const fctl = () => {
    const d = Buffer.alloc(26);
    d.writeUInt32BE(seq++, 0);
    d.writeUInt32BE(width, 4);
    d.writeUInt32BE(height, 8);
    d.writeUInt16BE(1, 20); // delay 1/1 s
    d.writeUInt16BE(1, 22);
    return chunk("fcTL", d);
  };
  if (frames > 1) {
    const actl = Buffer.alloc(8);
    actl.writeUInt32BE(frames, 0);
    parts.push(chunk("acTL", actl), fctl());
  }
  parts.push(chunk("IDAT", frameData(0)));
  for (let f = 1; f < frames; f++) {
    const n = Buffer.alloc(4);
    parts.push(fctl());
    n.writeUInt32BE(seq++, 0);
    parts.push(chunk("fdAT", Buffer.concat([n, frameData(f)])));
  }
  parts.push(chunk("IEND", new Uint8Array(0)));
  return Buffer.concat(parts);
}
