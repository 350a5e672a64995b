/**
 * Live convolutions in tfjs for the depthwise separable page: a standard conv, the depthwise + pointwise pair,
 * and a grouped conv (tfjs' conv2d has no `groups` argument, so the channels are split with tf.split, each
 * group convolved with its own kernel, and the results joined with tf.concat). The caller passes its tfjs
 * namespace; this module only imports types. Every tensor and model created here is disposed before returning.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { type ConvShape, groupsError } from "./conv-cost.js";
import { yieldToEventLoop } from "./steps.js";
import type { TF } from "./tf-type.js";

/** One kernel per group, each [k, k, cin/groups, cout/groups]. */
export function groupedKernels(
  tf: TF,
  o: { k: number; cin: number; cout: number; groups: number; seed?: number },
): tfjs.Tensor4D[] {
  const err = groupsError(o.cin, o.cout, o.groups);
  if (err) throw new Error(err);
  const shape: [number, number, number, number] = [o.k, o.k, o.cin / o.groups, o.cout / o.groups];
  const std = Math.sqrt(2 / (o.k * o.k * shape[2]));
  return Array.from({ length: o.groups }, (_, g) =>
    tf.randomNormal(shape, 0, std, "float32", o.seed === undefined ? undefined : o.seed + g),
  );
}

/**
 * Grouped convolution of x [batch, h, w, cin] with one kernel per group ("same" padding): group g convolves
 * input channels [g·cin/G, (g+1)·cin/G) into output channels [g·cout/G, (g+1)·cout/G).
 */
export function groupedConv2d(tf: TF, x: tfjs.Tensor4D, kernels: tfjs.Tensor4D[], stride = 1): tfjs.Tensor4D {
  return tf.tidy(() => {
    if (kernels.length === 1) return tf.conv2d(x, kernels[0], stride, "same");
    const parts = tf.split(x, kernels.length, 3) as tfjs.Tensor4D[];
    const outs = parts.map((p, g) => tf.conv2d(p, kernels[g], stride, "same"));
    return tf.concat(outs, 3) as tfjs.Tensor4D;
  });
}

export interface LiveLayer {
  /** What ran, e.g. "standard conv 3×3". */
  name: string;
  /** Output shape as tfjs reports it, batch dimension dropped. */
  outShape: number[];
  /** Parameters as tfjs counts them (model.countParams() or the kernels' sizes). */
  params: number;
  /** Time of one forward pass after a warm-up run, in milliseconds. */
  ms: number;
}

export interface LiveComparison {
  inShape: number[];
  standard: LiveLayer;
  depthwise: LiveLayer;
  pointwise: LiveLayer;
  /** Depthwise followed by pointwise, timed together. */
  separable: LiveLayer;
  grouped: LiveLayer & { groups: number };
}

/**
 * Time fn after one warm-up call; fn returns a tensor that is read back (so the work really happens) and disposed.
 * Each pass is its own task (the page can paint and respond between them, and the timed pass starts afresh).
 */
async function timed(fn: () => tfjs.Tensor): Promise<{ shape: number[]; ms: number }> {
  await yieldToEventLoop();
  const warm = fn();
  await warm.data();
  warm.dispose();
  await yieldToEventLoop();
  const t0 = performance.now();
  const y = fn();
  await y.data();
  const ms = performance.now() - t0;
  const shape = y.shape.slice(1);
  y.dispose();
  return { shape, ms };
}

/**
 * Build and run, on one random input of size height × width × cin: a standard k×k conv cin → cout (a tfjs
 * layer), a depthwise k×k conv (tf.layers.depthwiseConv2d), a pointwise 1×1 conv cin → cout, and a grouped
 * k×k conv with `groups` groups. Reports each output shape, parameter count and time.
 */
export async function runConvComparison(
  tf: TF,
  s: ConvShape & { groups: number; seed?: number },
): Promise<LiveComparison> {
  const stride = s.stride ?? 1;
  const seed = s.seed ?? 1;
  const inShape = [s.height, s.width, s.cin];
  const x = tf.randomNormal([1, s.height, s.width, s.cin], 0, 1, "float32", seed) as tfjs.Tensor4D;
  const noBias = { useBias: false, padding: "same" as const };
  const standardModel = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: inShape,
        filters: s.cout,
        kernelSize: s.k,
        strides: stride,
        ...noBias,
        name: "standard",
      }),
    ],
  });
  const dwLayer = tf.layers.depthwiseConv2d({
    inputShape: inShape,
    kernelSize: s.k,
    strides: stride,
    ...noBias,
    name: "depthwise",
  });
  const pwLayer = tf.layers.conv2d({ filters: s.cout, kernelSize: 1, ...noBias, name: "pointwise" });
  const separableModel = tf.sequential({ layers: [dwLayer, pwLayer] });
  const depthwiseModel = tf.model({ inputs: separableModel.inputs, outputs: dwLayer.output as tfjs.SymbolicTensor });
  const kernels = groupedKernels(tf, { k: s.k, cin: s.cin, cout: s.cout, groups: s.groups, seed: seed + 1 });
  try {
    const std = await timed(() => standardModel.predict(x) as tfjs.Tensor);
    const dw = await timed(() => depthwiseModel.predict(x) as tfjs.Tensor);
    const sep = await timed(() => separableModel.predict(x) as tfjs.Tensor);
    const grp = await timed(() => groupedConv2d(tf, x, kernels, stride));
    const dwParams = dwLayer.countParams();
    const pwParams = pwLayer.countParams();
    return {
      inShape,
      standard: {
        name: `standard conv ${s.k}×${s.k}`,
        outShape: std.shape,
        params: standardModel.countParams(),
        ms: std.ms,
      },
      depthwise: { name: `depthwise ${s.k}×${s.k}`, outShape: dw.shape, params: dwParams, ms: dw.ms },
      pointwise: { name: "pointwise 1×1", outShape: sep.shape, params: pwParams, ms: NaN },
      separable: {
        name: "depthwise + pointwise",
        outShape: sep.shape,
        params: separableModel.countParams(),
        ms: sep.ms,
      },
      grouped: {
        name: `grouped conv ${s.k}×${s.k}, ${s.groups} group${s.groups === 1 ? "" : "s"}`,
        outShape: grp.shape,
        params: kernels.reduce((n, t) => n + t.size, 0),
        ms: grp.ms,
        groups: s.groups,
      },
    };
  } finally {
    x.dispose();
    for (const k of kernels) k.dispose();
    standardModel.dispose();
    separableModel.dispose();
  }
}
