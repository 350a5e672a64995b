import { describe, expect, it } from "vitest";
import {
  BACKEND_THROUGHPUT,
  describeEstimate,
  LIVE_LIMITS,
  liveEstimate,
  liveLimitProblem,
} from "../../src/lib/live-limits.js";
import { torchvision } from "../references.js";

describe("live limits", () => {
  it("lets ordinary sizes run", () => {
    // MobileNetV2 1.0 at 224: 300.8M multiply-adds, twice (first and warm pass), 3.5M weights.
    const { madds, params } = torchvision();
    expect(liveLimitProblem({ madds: 2 * madds, params, values: 112 * 112 * 96 })).toBeNull();
    expect(liveLimitProblem({ madds: LIVE_LIMITS.madds })).toBeNull();
  });
  it("names every limit that is exceeded, with the figures", () => {
    // ResNet bottleneck 2048→2048→2048 at 98×98: 98²·(2·2048² + 9·2048²) multiply-adds.
    const madds = 98 * 98 * 11 * 2048 * 2048;
    expect(madds).toBeGreaterThan(4e11);
    expect(liveLimitProblem({ madds })).toBe(
      `Not run live: it would need ${(madds / 1e9).toFixed(1)}G multiply-adds (the limit here is 2.0G), too much to run in this page without freezing it`,
    );
    const p = liveLimitProblem({ madds: 1e6, params: 1.3e8, values: 5e7 });
    expect(p).toContain("130.0M weights (the limit here is 50.0M)");
    expect(p).toContain("a tensor of 50.0M values (the limit here is 30.0M)");
    expect(p).not.toContain("multiply-adds");
  });
  it("takes page-specific limits and refuses non-numbers", () => {
    expect(liveLimitProblem({ madds: 2e9 }, { madds: 1e9 })).toContain("(the limit here is 1.0G)");
    expect(liveLimitProblem({ madds: Number.NaN })).toContain("multiply-adds");
  });
});

describe("live time and memory estimate", () => {
  // The measurements the estimate is stated from: one MobileNetV2 1.0 forward pass at 224×224 (2-core machine).
  const MADDS_224 = 300_774_272;
  const MEASURED_MS = { wasm: 42, webgl: 380, cpu: 700, webgpu: 2000 } as const;
  it("time = multiply-adds ÷ the backend's measured throughput; memory = 4 bytes a value", () => {
    for (const [backend, ms] of Object.entries(MEASURED_MS) as [keyof typeof MEASURED_MS, number][]) {
      expect(BACKEND_THROUGHPUT[backend]).toBeCloseTo(MADDS_224 / ms, 6);
      const e = liveEstimate({ madds: 3 * MADDS_224, params: 3_538_984, values: 112 * 112 * 96 }, backend);
      expect(e.ms).toBeCloseTo(3 * ms, 6);
      expect(e.weightBytes).toBe(3_538_984 * 4);
      expect(e.tensorBytes).toBe(112 * 112 * 96 * 4);
    }
  });
  it("the sentence gives the time, the throughput and the megabytes", () => {
    const e = liveEstimate({ madds: 2 * MADDS_224, params: 3_538_984, values: 112 * 112 * 96 }, "wasm");
    const s = describeEstimate(e);
    expect(s).toContain(`about ${2 * 42} ms on WebAssembly (WASM)`);
    expect(s).toContain(`at ${(MADDS_224 / 42 / 1e6).toFixed(1)}G multiply-adds a second`);
    expect(s).toContain(`${((3_538_984 * 4) / 2 ** 20).toFixed(1)} MB of weights`);
    expect(s).toContain(`${((112 * 112 * 96 * 4) / 2 ** 20).toFixed(1)} MB for the largest tensor`);
  });
  it("refuses work that would hold the page's thread too long on WASM or CPU, with the numbers", () => {
    // 1.5G multiply-adds: under the multiply-add limit, but about 3.5 s on plain JavaScript.
    const madds = 1.5e9;
    const cpuMs = madds / (MADDS_224 / 700);
    expect(cpuMs).toBeGreaterThan(LIVE_LIMITS.ms * 0.5);
    expect(liveLimitProblem({ madds })).toBeNull();
    const slow = liveLimitProblem({ madds }, { ms: 3000 }, "cpu");
    expect(slow).toContain(
      `about ${(cpuMs / 1000).toFixed(2)} s of work on the page's thread (the limit here is 3.00 s)`,
    );
    expect(slow).toContain("(estimate: about");
    // WebGL and WebGPU work off the page's thread: no time limit there, and WASM is fast enough.
    expect(liveLimitProblem({ madds }, { ms: 3000 }, "webgl")).toBeNull();
    expect(liveLimitProblem({ madds }, { ms: 3000 }, "wasm")).toBeNull();
    // A refusal for size also carries the estimate when the backend is known.
    const big = liveLimitProblem({ madds: 2e10 }, {}, "wasm");
    expect(big).toContain("20.0G multiply-adds (the limit here is 2.0G)");
    expect(big).toContain(`(estimate: about ${((2e10 * 42) / MADDS_224 / 1000).toFixed(2)} s on WebAssembly (WASM)`);
  });
});
