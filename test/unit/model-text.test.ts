import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/lib/config.js";
import { mobilenetV2Graph } from "../../src/lib/graph.js";
import { kerasSummary, torchvisionPrint } from "../../src/lib/model-text.js";
import { traceMobileNetV2 } from "../../src/lib/trace.js";
import { COUNTS, TORCHVISION_RANDOM_ROWS } from "../references.js";

// print(model) as torchvision itself prints it (scripts/torchvision_fixtures.py).
const printed = TORCHVISION_RANDOM_ROWS.configs.filter((c) => c.print);

describe("torchvision's print(model)", () => {
  it(`is reproduced character for character for ${printed.length} random row tables`, () => {
    expect(printed.length).toBeGreaterThanOrEqual(3);
    for (const c of printed) {
      const text = torchvisionPrint({
        width: c.width,
        resolution: c.resolution,
        classes: c.classes,
        convention: "reference",
        rows: c.rows.map(([t, ch, n, s]) => ({ t, c: ch, n, s })),
      });
      expect(text).toBe(c.print);
    }
  });
});

describe("Keras summary()", () => {
  it("lists every layer and totals as Keras counts them (3,538,984 = 3,504,872 + 34,112)", () => {
    const cfg = defaultConfig();
    const graph = mobilenetV2Graph(cfg);
    const text = kerasSummary("mobilenetv2_1.00_224", graph, traceMobileNetV2(cfg));
    const count = (n: number) => n.toLocaleString("en-US");
    expect(text).toContain(`Total params: ${count(COUNTS.keras.total)}`); // 3,538,984
    expect(text).toContain(`Trainable params: ${count(COUNTS.keras.trainable)}`); // 3,504,872
    expect(text).toContain(`Non-trainable params: ${count(COUNTS.keras.nonTrainable)}`); // 34,112
    expect(text).toMatch(/ Conv1 \(Conv2D\)\s+\(None, 112, 112, 32\)\s+864\s+\['input_layer\[0\]\[0\]'\]/);
    expect(text).toMatch(/ bn_Conv1 \(BatchNormalization\)\s+\(None, 112, 112, 32\)\s+128 /);
    // Keras' Dense "predictions" holds the softmax: the site's separate logits layer is not a row of its own.
    for (const n of graph.nodes) if (n.name !== "logits") expect(text).toContain(` ${n.name} (`);
    expect(text).not.toContain(" logits (");
    // The ZeroPadding2D Keras puts before a stride-2 depthwise conv, and the conv reading it.
    expect(text).toMatch(
      / block_1_pad \(ZeroPadding2D\)\s+\(None, 113, 113, 96\)\s+0\s+\['block_1_expand_relu\[0\]\[0\]'\]/,
    );
    expect(text).toMatch(
      / block_1_depthwise \(DepthwiseConv2D\)\s+\(None, 56, 56, 96\)\s+864\s+\['block_1_pad\[0\]\[0\]'\]/,
    );
  });
});
