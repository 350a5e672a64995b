/**
 * A minimal baseline JPEG decoder for tests (8-bit, Huffman, one interleaved scan, any chroma subsampling,
 * restart intervals), so Node tests can run the sample photos without an image dependency. Chroma is
 * upsampled by nearest neighbour; the colour conversion is JFIF's. Not for production use.
 */
import type { DecodedImage } from "./png.js";

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47,
  55, 62, 63,
];

interface Huffman {
  maxcode: Int32Array;
  valptr: Int32Array;
  mincode: Int32Array;
  values: Uint8Array;
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const maxcode = new Int32Array(18).fill(-1);
  const valptr = new Int32Array(17);
  const mincode = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    valptr[len] = k;
    mincode[len] = code;
    code += counts[len - 1];
    k += counts[len - 1];
    maxcode[len] = counts[len - 1] ? code - 1 : -1;
    code <<= 1;
  }
  return { maxcode, valptr, mincode, values };
}

// Cosine table for the separable float IDCT.
const COS = new Float64Array(64);
for (let x = 0; x < 8; x++)
  for (let u = 0; u < 8; u++)
    COS[x * 8 + u] = (u === 0 ? Math.SQRT1_2 : 1) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);

function idct(coef: Float64Array, out: Uint8ClampedArray | Float64Array, tmp: Float64Array): void {
  for (let y = 0; y < 8; y++)
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let v = 0; v < 8; v++) s += COS[y * 8 + v] * coef[v * 8 + u];
      tmp[y * 8 + u] = s / 2;
    }
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++) {
      let s = 0;
      for (let u = 0; u < 8; u++) s += COS[x * 8 + u] * tmp[y * 8 + u];
      out[y * 8 + x] = s / 2 + 128;
    }
}

export function decodeJpeg(file: Uint8Array): DecodedImage {
  if (file[0] !== 0xff || file[1] !== 0xd8) throw new Error("not a JPEG file");
  const qt: Int32Array[] = [];
  const dc: Huffman[] = [];
  const ac: Huffman[] = [];
  let width = 0;
  let height = 0;
  let restart = 0;
  let comps: {
    id: number;
    h: number;
    v: number;
    tq: number;
    td: number;
    ta: number;
    data: Uint8Array;
    bw: number;
    bh: number;
    pred: number;
  }[] = [];
  let pos = 2;
  for (;;) {
    if (file[pos] !== 0xff) throw new Error(`JPEG: expected a marker at ${pos}`);
    const marker = file[pos + 1];
    const len = (file[pos + 2] << 8) | file[pos + 3];
    const seg = file.subarray(pos + 4, pos + 2 + len);
    if (marker === 0xdb) {
      for (let p = 0; p < seg.length; ) {
        const precision = seg[p] >> 4;
        const id = seg[p] & 15;
        const t = new Int32Array(64);
        for (let k = 0; k < 64; k++) t[k] = precision ? (seg[p + 1 + 2 * k] << 8) | seg[p + 2 + 2 * k] : seg[p + 1 + k];
        qt[id] = t;
        p += 1 + 64 * (precision ? 2 : 1);
      }
    } else if (marker === 0xc0 || marker === 0xc1) {
      height = (seg[1] << 8) | seg[2];
      width = (seg[3] << 8) | seg[4];
      comps = Array.from({ length: seg[5] }, (_, i) => ({
        id: seg[6 + 3 * i],
        h: seg[7 + 3 * i] >> 4,
        v: seg[7 + 3 * i] & 15,
        tq: seg[8 + 3 * i],
        td: 0,
        ta: 0,
        data: new Uint8Array(0),
        bw: 0,
        bh: 0,
        pred: 0,
      }));
    } else if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      throw new Error("JPEG: only baseline JPEGs are supported");
    } else if (marker === 0xc4) {
      for (let p = 0; p < seg.length; ) {
        const cls = seg[p] >> 4;
        const id = seg[p] & 15;
        const counts = seg.subarray(p + 1, p + 17);
        const n = counts.reduce((a, b) => a + b, 0);
        const table = buildHuffman(counts, seg.slice(p + 17, p + 17 + n));
        (cls ? ac : dc)[id] = table;
        p += 17 + n;
      }
    } else if (marker === 0xdd) {
      restart = (seg[0] << 8) | seg[1];
    } else if (marker === 0xda) {
      const n = seg[0];
      if (n !== comps.length) throw new Error("JPEG: only one interleaved scan is supported");
      for (let i = 0; i < n; i++) {
        const c = comps.find((c) => c.id === seg[1 + 2 * i])!;
        c.td = seg[2 + 2 * i] >> 4;
        c.ta = seg[2 + 2 * i] & 15;
      }
      pos += 2 + len;
      break;
    } else if (marker === 0xd9) throw new Error("JPEG: no scan");
    pos += 2 + len;
  }
  const hmax = Math.max(...comps.map((c) => c.h));
  const vmax = Math.max(...comps.map((c) => c.v));
  const mcusX = Math.ceil(width / (8 * hmax));
  const mcusY = Math.ceil(height / (8 * vmax));
  for (const c of comps) {
    c.bw = mcusX * c.h * 8;
    c.bh = mcusY * c.v * 8;
    c.data = new Uint8Array(c.bw * c.bh);
  }
  // Entropy-coded data: a bit reader that skips stuffed zero bytes and stops at markers.
  let bitBuf = 0;
  let bitCount = 0;
  const readBit = (): number => {
    if (bitCount === 0) {
      let b = file[pos++];
      if (b === 0xff) {
        if (file[pos] === 0)
          pos++; // stuffed zero byte
        else {
          b = 0; // a marker: feed zeros and stay on it
          pos--;
        }
      }
      bitBuf = b;
      bitCount = 8;
    }
    bitCount--;
    return (bitBuf >> bitCount) & 1;
  };
  const receive = (s: number) => {
    let v = 0;
    for (let i = 0; i < s; i++) v = (v << 1) | readBit();
    return v;
  };
  const extend = (v: number, s: number) => (s === 0 ? 0 : v < 1 << (s - 1) ? v - (1 << s) + 1 : v);
  const decode = (t: Huffman) => {
    let code = 0;
    for (let len = 1; len <= 16; len++) {
      code = (code << 1) | readBit();
      if (t.maxcode[len] >= 0 && code <= t.maxcode[len]) return t.values[t.valptr[len] + code - t.mincode[len]];
    }
    throw new Error("JPEG: bad Huffman code");
  };
  const coef = new Float64Array(64);
  const tmp = new Float64Array(64);
  const block = new Float64Array(64);
  for (let m = 0; m < mcusX * mcusY; m++) {
    if (restart && m > 0 && m % restart === 0) {
      bitCount = 0;
      while (pos < file.length && !(file[pos] === 0xff && file[pos + 1] >= 0xd0 && file[pos + 1] <= 0xd7)) pos++;
      pos += 2;
      for (const c of comps) c.pred = 0;
    }
    const mx = m % mcusX;
    const my = Math.floor(m / mcusX);
    for (const c of comps) {
      const q = qt[c.tq];
      for (let by = 0; by < c.v; by++)
        for (let bx = 0; bx < c.h; bx++) {
          coef.fill(0);
          const t = decode(dc[c.td]);
          c.pred += extend(receive(t), t);
          coef[0] = c.pred * q[0];
          for (let k = 1; k < 64; ) {
            const rs = decode(ac[c.ta]);
            const r = rs >> 4;
            const s = rs & 15;
            if (s === 0) {
              if (r !== 15) break;
              k += 16;
              continue;
            }
            k += r;
            coef[ZIGZAG[k]] = extend(receive(s), s) * q[k];
            k++;
          }
          idct(coef, block, tmp);
          const x0 = (mx * c.h + bx) * 8;
          const y0 = (my * c.v + by) * 8;
          for (let y = 0; y < 8; y++)
            for (let x = 0; x < 8; x++)
              c.data[(y0 + y) * c.bw + x0 + x] = Math.max(0, Math.min(255, Math.round(block[y * 8 + x])));
        }
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  const sample = (c: (typeof comps)[number], x: number, y: number) =>
    c.data[Math.floor((y * c.v) / vmax) * c.bw + Math.floor((x * c.h) / hmax)];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (comps.length === 1) {
        rgb[i] = rgb[i + 1] = rgb[i + 2] = sample(comps[0], x, y);
        continue;
      }
      const Y = sample(comps[0], x, y);
      const cb = sample(comps[1], x, y) - 128;
      const cr = sample(comps[2], x, y) - 128;
      rgb[i] = Math.max(0, Math.min(255, Math.round(Y + 1.402 * cr)));
      rgb[i + 1] = Math.max(0, Math.min(255, Math.round(Y - 0.344136 * cb - 0.714136 * cr)));
      rgb[i + 2] = Math.max(0, Math.min(255, Math.round(Y + 1.772 * cb)));
    }
  return { width, height, rgb };
}
