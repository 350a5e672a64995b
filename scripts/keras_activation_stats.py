#!/usr/bin/env python3
"""Reference activations of the trained MobileNetV2, made with Keras/TensorFlow, for test/unit/reference-activations.test.ts.

Run by hand (CI never runs Python), with TensorFlow 2 (Keras 3), NumPy and Pillow installed:

    python3 scripts/keras_activation_stats.py ../shared/models > test/fixtures/keras-activations.json
    python3 scripts/keras_activation_stats.py ../shared/models --tflite data/models/mobilenet_v2_1.0_224_int8/tf2_mobilenet_v2_1.0_224_ptq.tflite > test/fixtures/tflite-activations.json

Float model: keras.applications cannot download its weights here, so the script builds the same functional
network in Keras from the TF.js model's own topology (model.json: Conv2D, DepthwiseConv2D, ReLU(max 6), Add,
GlobalAveragePooling2D, Dense, softmax; BatchNorm already folded) and loads the TF.js weight shards into it by
layer name. int8 model: tf.lite.Interpreter with every intermediate tensor kept.

Photos: every sample photo in data/images, preprocessed as the site does: the largest centred square, a
bilinear resize to 224 with TensorFlow.js's convention (tf.compat.v1 resize_bilinear, no half-pixel centres), then
x / 127.5 - 1. Per layer (or TFLite tensor) the JSON holds mean, std, min, max and 8 values sampled at fixed
positions of the flattened NHWC tensor, plus the top-5 classes.
"""
import json
import os
import sys

import numpy as np
import tensorflow as tf
from PIL import Image

import keras
from keras import layers

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGES = os.path.join(ROOT, "data", "images")
SAMPLES = 8


def photos():
    out = []
    for f in sorted(os.listdir(IMAGES)):
        if not f.lower().endswith((".jpg", ".jpeg", ".png")):
            continue
        img = np.asarray(Image.open(os.path.join(IMAGES, f)).convert("RGB"))
        h, w = img.shape[:2]
        s = min(h, w)
        y0, x0 = (h - s) // 2, (w - s) // 2
        crop = img[y0 : y0 + s, x0 : x0 + s].astype(np.float32)[None]
        x = tf.compat.v1.image.resize_bilinear(crop, [224, 224], align_corners=False, half_pixel_centers=False)
        out.append((f, (x.numpy() / 127.5 - 1).astype(np.float32)))
    return out


def stats(a):
    a = np.asarray(a, dtype=np.float64).ravel()
    idx = [int((k + 0.5) * a.size / SAMPLES) for k in range(SAMPLES)]
    return {
        "mean": float(a.mean()),
        "std": float(a.std()),
        "min": float(a.min()),
        "max": float(a.max()),
        "samples": [[i, float(a[i])] for i in idx],
    }


def keras_from_tfjs(models_dir):
    d = os.path.join(models_dir, "mobilenet_v2_1.0_224")
    mj = json.load(open(os.path.join(d, "model.json")))
    cfg = mj["modelTopology"]["config"]
    tensors = {}
    built = {}
    for spec in cfg["layers"]:
        c, name, k = spec["config"], spec["name"], spec["class_name"]
        if k == "InputLayer":
            tensors[name] = keras.Input(shape=tuple(c["batch_input_shape"][1:]), name=name)
            continue
        if k == "Conv2D":
            layer = layers.Conv2D(c["filters"], c["kernel_size"], strides=c["strides"], padding=c["padding"], use_bias=c["use_bias"], activation=c["activation"], name=name)
        elif k == "DepthwiseConv2D":
            layer = layers.DepthwiseConv2D(c["kernel_size"], strides=c["strides"], padding=c["padding"], use_bias=c["use_bias"], depth_multiplier=c.get("depth_multiplier", 1), activation=c["activation"], name=name)
        elif k == "ReLU":
            layer = layers.ReLU(max_value=c.get("max_value"), name=name)
        elif k == "Add":
            layer = layers.Add(name=name)
        elif k == "GlobalAveragePooling2D":
            layer = layers.GlobalAveragePooling2D(name=name)
        elif k == "Dense":
            layer = layers.Dense(c["units"], activation=c["activation"], name=name)
        elif k == "Activation":
            layer = layers.Activation(c["activation"], name=name)
        else:
            raise SystemExit(f"unsupported layer {k}")
        ins = [tensors[n[0]] for n in spec["inbound_nodes"][0]]
        tensors[name] = layer(ins if len(ins) > 1 else ins[0])
        built[name] = layer
    model = keras.Model(tensors[cfg["input_layers"][0][0]], tensors[cfg["output_layers"][0][0]])
    # Weights: the shards concatenated, float32, in manifest order.
    specs = [w for g in mj["weightsManifest"] for w in g["weights"]]
    data = b"".join(open(os.path.join(d, p), "rb").read() for g in mj["weightsManifest"] for p in g["paths"])
    values, off = {}, 0
    for w in specs:
        n = int(np.prod(w["shape"]))
        values[w["name"]] = np.frombuffer(data, dtype="<f4", count=n, offset=off).reshape(w["shape"])
        off += 4 * n
    loaded = 0
    for name, layer in built.items():
        if not layer.weights:
            continue
        # The TF.js names are <layer>/kernel (depthwise_kernel) then <layer>/bias, Keras' order too.
        ws = [values[w["name"]] for w in specs if w["name"].rsplit("/", 1)[0] == name]
        assert [w.shape for w in ws] == [tuple(v.shape) for v in layer.weights], name
        layer.set_weights(ws)
        loaded += len(ws)
    assert loaded == len(specs), (loaded, len(specs))
    return model, json.load(open(os.path.join(d, "labels.json")))


TAP_SUFFIXES = ("_relu", "_project", "_add")


def float_fixture(models_dir):
    model, labels = keras_from_tfjs(models_dir)
    names = [l.name for l in model.layers if l.name.endswith(TAP_SUFFIXES) or l.name in ("out_relu", "logits", "predictions")]
    probe = keras.Model(model.input, [model.get_layer(n).output for n in names])
    out = {
        "source": "scripts/keras_activation_stats.py: Keras "
        + keras.__version__
        + ", TensorFlow "
        + tf.__version__
        + "; the TF.js layers model mobilenet_v2_1.0_224 (TF-slim float checkpoint, BatchNorm folded) rebuilt in Keras from its model.json, weights loaded by layer name",
        "preprocessing": "centred square, tf.compat.v1.image.resize_bilinear to 224 (align_corners=False, half_pixel_centers=False), x / 127.5 - 1",
        "samplePositions": "value i of the flattened NHWC tensor for i = floor((k + 0.5) * size / 8), k = 0..7",
        "photos": {},
    }
    for f, x in photos():
        ys = probe.predict(x, verbose=0)
        p = ys[-1][0]
        top = np.argsort(-p)[:5]
        out["photos"][f] = {
            "input": stats(x),
            "layers": {n: stats(y) for n, y in zip(names, ys)},
            "top5": [[int(i), labels[i], float(p[i])] for i in top],
        }
    return out


def tflite_fixture(path):
    # Without the XNNPACK delegate, so that every intermediate tensor is computed (and kept) by the interpreter.
    it = tf.lite.Interpreter(
        model_path=path,
        experimental_preserve_all_tensors=True,
        experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES,
    )
    it.allocate_tensors()
    inp = it.get_input_details()[0]
    scale, zp = inp["quantization"]
    details = {d["index"]: d for d in it.get_tensor_details()}
    ops = it._get_ops_details()
    outs = sorted({o for op in ops for o in op["outputs"]})
    out = {
        "source": "scripts/keras_activation_stats.py: tf.lite.Interpreter (TensorFlow "
        + tf.__version__
        + ", experimental_preserve_all_tensors) on "
        + os.path.basename(path),
        "preprocessing": "as keras-activations.json, then q = clip(round(x / scale) + zero point) for the uint8 input",
        "input": {"scale": float(scale), "zeroPoint": int(zp), "dtype": str(np.dtype(inp["dtype"]))},
        "photos": {},
    }
    for f, x in photos():
        info = np.iinfo(inp["dtype"])
        q = np.clip(np.round(x / scale) + zp, info.min, info.max).astype(inp["dtype"])
        it.set_tensor(inp["index"], q)
        it.invoke()
        tensors = {}
        for t in outs:
            d = details[t]
            v = it.get_tensor(t).astype(np.float64)
            s, z = d["quantization"]
            if s:
                v = (v - z) * s
            tensors[str(t)] = {"name": d["name"].split(";")[0], **stats(v)}
        o = it.get_output_details()[0]
        pv = it.get_tensor(o["index"]).astype(np.float64)[0]
        s, z = o["quantization"]
        if s:
            pv = (pv - z) * s
        top = np.argsort(-pv, kind="stable")[:5]
        out["photos"][f] = {"tensors": tensors, "top5": [[int(i), float(pv[i])] for i in top]}
    return out


if __name__ == "__main__":
    models = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "models")
    if "--tflite" in sys.argv:
        result = tflite_fixture(sys.argv[sys.argv.index("--tflite") + 1])
    else:
        result = float_fixture(models)
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")
