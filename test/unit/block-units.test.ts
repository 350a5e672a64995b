import { describe, expect, it } from "vitest";
import { blockUnits } from "../../src/lib/block-units.js";
import { invertedResidualGraph, resnetBottleneckGraph } from "../../src/lib/graph.js";
import { traceGraph } from "../../src/lib/trace.js";

const summarize = (g: ReturnType<typeof invertedResidualGraph>) => blockUnits(g, traceGraph(g));

describe("blockUnits", () => {
  it("condenses 24→144→24 at 56 (stride 1) with an identity add and a linear projection", () => {
    const b = summarize(invertedResidualGraph({ cin: 24, cout: 24, t: 6, stride: 1, size: 56 }));
    expect(b.units.map((u) => [u.name, u.role, u.outShape[2], u.activation])).toEqual([
      ["block_expand", "expansion", 144, "ReLU6"],
      ["block_depthwise", "depthwise", 144, "ReLU6"],
      ["block_project", "projection", 24, null],
    ]);
    expect(b.add).toBe(true);
    expect(b.shortcut).toBe("identity");
    expect(b.afterAdd).toBeNull();
    // params: expand 24·144 + BN 2·144; depthwise 9·144 + 2·144; project 144·24 + 2·24
    expect(b.units.map((u) => u.params)).toEqual([24 * 144 + 288, 9 * 144 + 288, 144 * 24 + 48]);
    expect(b.params).toBe(24 * 144 + 288 + 9 * 144 + 288 + 144 * 24 + 48);
    expect(b.madds).toBe(56 * 56 * (24 * 144 + 9 * 144 + 144 * 24));
  });

  it("drops the add for stride 2 (block_1: 16→24 at 112)", () => {
    const b = summarize(invertedResidualGraph({ cin: 16, cout: 24, t: 6, stride: 2, size: 112 }));
    expect(b.add).toBe(false);
    expect(b.shortcut).toBeNull();
    expect(b.units[1].stride).toBe(2);
    expect(b.units[1].outShape).toEqual([56, 56, 96]);
    expect(b.output).toEqual([56, 56, 24]);
    expect(b.madds).toBe(112 * 112 * 16 * 96 + 56 * 56 * 9 * 96 + 56 * 56 * 96 * 24);
  });

  it("ResNet 256→64→256: ReLU inside, linear restore, identity add then ReLU; projection shortcut at stride 2", () => {
    const g = resnetBottleneckGraph({ cin: 256, mid: 64, cout: 256, stride: 1, size: 56 });
    const b = blockUnits(g, traceGraph(g));
    expect(b.units.map((u) => [u.role, u.outShape[2], u.activation])).toEqual([
      ["reduce", 64, "ReLU"],
      ["spatial", 64, "ReLU"],
      ["restore", 256, null],
    ]);
    expect(b.shortcut).toBe("identity");
    expect(b.afterAdd).toBe("ReLU");
    expect(b.madds).toBe(56 * 56 * (256 * 64 + 9 * 64 * 64 + 64 * 256));
    const g2 = resnetBottleneckGraph({ cin: 256, mid: 64, cout: 256, stride: 2, size: 56 });
    const b2 = blockUnits(g2, traceGraph(g2));
    expect(b2.shortcut).toBe("projection");
    expect(b2.units.find((u) => u.branch === "shortcut")?.outShape).toEqual([28, 28, 256]);
  });
});
