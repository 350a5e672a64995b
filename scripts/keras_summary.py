#!/usr/bin/env python3
"""Keras' own summary of MobileNetV2, for test/unit/keras-summary.test.ts (the Playground's Keras summary text).

Run by hand (CI never runs Python), with TensorFlow 2 and Keras installed (pip install tensorflow-cpu keras):

    python3 scripts/keras_summary.py > test/fixtures/keras-summary.json

For each configuration it builds keras.applications.MobileNetV2(alpha=..., input_shape=..., weights=None,
classes=...) and records what model.summary() prints for every layer: name, class, output shape (without the
batch) and parameter count, and the three totals (Total, Trainable, Non-trainable params), also as the lines
summary() prints them.
"""
import json
import sys

import keras

CONFIGS = [
    {"width": 1.0, "resolution": 224, "classes": 1000},
    {"width": 0.35, "resolution": 96, "classes": 1000},
    {"width": 1.4, "resolution": 224, "classes": 1000},
    {"width": 0.5, "resolution": 160, "classes": 10},
    {"width": 0.75, "resolution": 128, "classes": 37},
]


def count(weights):
    return int(sum(int(w.numpy().size) for w in weights))


def summary(cfg):
    r = cfg["resolution"]
    keras.backend.clear_session()  # layer names without the _1, _2 a second model in one session would get
    model = keras.applications.MobileNetV2(
        alpha=cfg["width"], input_shape=(r, r, 3), weights=None, classes=cfg["classes"]
    )
    layers = []
    for layer in model.layers:
        shape = layer.output.shape
        layers.append(
            {
                "name": layer.name,
                "class": type(layer).__name__,
                "shape": [int(d) for d in shape[1:]],
                "params": int(layer.count_params()),
            }
        )
    printed = []
    model.summary(print_fn=lambda line, **_: printed.append(line))
    totals = [t.strip() for line in printed for t in line.split("\n") if "params:" in t]
    trainable = count(model.trainable_weights)
    non_trainable = count(model.non_trainable_weights)
    return {
        **cfg,
        "name": model.name,
        "layers": layers,
        "total": int(model.count_params()),
        "trainable": trainable,
        "nonTrainable": non_trainable,
        "totalsText": totals,
    }


def main():
    out = {
        "generator": "scripts/keras_summary.py",
        "keras": keras.__version__,
        "configs": [summary(c) for c in CONFIGS],
    }
    # One layer a line: readable in a diff, a third of the size of an indented dump.
    layers = {}
    for i, c in enumerate(out["configs"]):
        layers[f"@layers{i}@"] = ",\n    ".join(json.dumps(layer) for layer in c["layers"])
        c["layers"] = f"@layers{i}@"
    text = json.dumps(out, indent=1)
    for mark, rows in layers.items():
        text = text.replace(f'"{mark}"', f"[\n    {rows}\n   ]")
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
