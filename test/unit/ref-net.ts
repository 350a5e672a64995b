/**
 * An independent float64 forward pass for small tfjs models made of the layers MobileNetV2 uses (Conv2D,
 * DepthwiseConv2D, ReLU with maxValue, Add, GlobalAveragePooling2D, Dense, Softmax), written from the textbook
 * definitions with loops, for tests: gradients by finite differences on it check the gradient tools, which
 * never use it. Layer outputs can be overridden (to differentiate with respect to an intermediate map).
 */
import type * as tf from "@tensorflow/tfjs";

export interface RefTensor {
  /** [h, w, c] or [c]. */
  shape: number[];
  data: Float64Array;
}

interface RefLayer {
  name: string;
  cls: string;
  inputs: string[];
  cfg: Record<string, unknown>;
  weights: Float64Array[];
  shapes: number[][];
}

export interface RefNet {
  layers: RefLayer[];
}

export function refNet(model: tf.LayersModel): RefNet {
  return {
    layers: model.layers.map((l) => ({
      name: l.name,
      cls: l.getClassName(),
      inputs: l.inboundNodes[0]?.inboundLayers.map((x) => x.name) ?? [],
      cfg: l.getConfig() as Record<string, unknown>,
      weights: l.getWeights().map((w) => Float64Array.from(w.dataSync())),
      shapes: l.getWeights().map((w) => w.shape),
    })),
  };
}

/** TensorFlow "same" padding before, for one axis (the definition in TensorFlow's documentation). */
export function padBefore(size: number, k: number, s: number): number {
  const out = Math.ceil(size / s);
  return Math.floor(Math.max((out - 1) * s + k - size, 0) / 2);
}

function conv(
  x: RefTensor,
  w: Float64Array,
  wShape: number[],
  b: Float64Array | undefined,
  s: number,
  depthwise: boolean,
): RefTensor {
  const [h, wd, c] = x.shape;
  const k = wShape[0];
  const cout = depthwise ? c : wShape[3];
  const oh = Math.ceil(h / s);
  const ow = Math.ceil(wd / s);
  const pt = padBefore(h, k, s);
  const pl = padBefore(wd, k, s);
  const out = new Float64Array(oh * ow * cout);
  for (let i = 0; i < oh; i++)
    for (let j = 0; j < ow; j++)
      for (let o = 0; o < cout; o++) {
        let acc = b ? b[o] : 0;
        for (let di = 0; di < k; di++)
          for (let dj = 0; dj < k; dj++) {
            const y = i * s - pt + di;
            const xx = j * s - pl + dj;
            if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
            if (depthwise) acc += x.data[(y * wd + xx) * c + o] * w[(di * k + dj) * c + o];
            else
              for (let ci = 0; ci < c; ci++)
                acc += x.data[(y * wd + xx) * c + ci] * w[((di * k + dj) * c + ci) * cout + o];
          }
        out[(i * ow + j) * cout + o] = acc;
      }
  return { shape: [oh, ow, cout], data: out };
}

/** Every layer's output for input x ([h, w, 3]); `override` replaces a layer's output by a given tensor. */
export function refForward(net: RefNet, x: RefTensor, override?: Map<string, RefTensor>): Map<string, RefTensor> {
  const v = new Map<string, RefTensor>();
  for (const l of net.layers) {
    const ins = l.inputs.map((i) => v.get(i)!);
    let y: RefTensor;
    switch (l.cls) {
      case "InputLayer":
        y = x;
        break;
      case "Conv2D":
      case "DepthwiseConv2D":
        y = conv(
          ins[0],
          l.weights[0],
          l.shapes[0],
          l.weights[1],
          (l.cfg.strides as number[])[0],
          l.cls === "DepthwiseConv2D",
        );
        break;
      case "ReLU": {
        const max = l.cfg.maxValue == null ? Infinity : Number(l.cfg.maxValue);
        y = { shape: ins[0].shape, data: ins[0].data.map((t) => Math.min(Math.max(t, 0), max)) };
        break;
      }
      case "Add":
        y = { shape: ins[0].shape, data: ins[0].data.map((t, i) => t + ins[1].data[i]) };
        break;
      case "GlobalAveragePooling2D": {
        const [h, w, c] = ins[0].shape;
        const d = new Float64Array(c);
        for (let p = 0; p < h * w; p++) for (let ch = 0; ch < c; ch++) d[ch] += ins[0].data[p * c + ch] / (h * w);
        y = { shape: [c], data: d };
        break;
      }
      case "Dense": {
        const [n, u] = l.shapes[0];
        const d = new Float64Array(u);
        for (let o = 0; o < u; o++) {
          d[o] = l.weights[1]?.[o] ?? 0;
          for (let i = 0; i < n; i++) d[o] += ins[0].data[i] * l.weights[0][i * u + o];
        }
        y = { shape: [u], data: d };
        break;
      }
      case "Softmax": {
        const m = Math.max(...ins[0].data);
        const e = ins[0].data.map((t) => Math.exp(t - m));
        const s = e.reduce((a, b) => a + b, 0);
        y = { shape: ins[0].shape, data: e.map((t) => t / s) };
        break;
      }
      default:
        throw new Error(`refForward: ${l.cls}`);
    }
    v.set(l.name, override?.get(l.name) ?? y);
  }
  return v;
}

/** Central finite differences of f at every entry of x. */
export function finiteGradient(x: RefTensor, f: (x: RefTensor) => number, eps = 1e-5): Float64Array {
  const g = new Float64Array(x.data.length);
  for (let i = 0; i < x.data.length; i++) {
    const plus = Float64Array.from(x.data);
    const minus = Float64Array.from(x.data);
    plus[i] += eps;
    minus[i] -= eps;
    g[i] = (f({ shape: x.shape, data: plus }) - f({ shape: x.shape, data: minus })) / (2 * eps);
  }
  return g;
}
