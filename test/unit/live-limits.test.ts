import { describe, expect, it } from "vitest";
import { LIVE_LIMITS, liveLimitProblem } from "../../src/lib/live-limits.js";

describe("live limits", () => {
  it("lets ordinary sizes run", () => {
    // MobileNetV2 1.0 at 224: 300.8M multiply-adds, twice (first and warm pass), 3.5M weights.
    expect(liveLimitProblem({ madds: 2 * 300_774_272, params: 3_504_872, values: 112 * 112 * 96 })).toBeNull();
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
