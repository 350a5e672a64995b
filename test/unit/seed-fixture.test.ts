import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { haveAssets, SEEDS_DIR } from "../assets.js";
import { SEED001 as fixture } from "../references.js";

// The fixture is data copied out of ../shared/seeds/001_*.txt; where the seed is present, prove the copy.
const seedFile = existsSync(SEEDS_DIR) ? readdirSync(SEEDS_DIR).find((f) => f.startsWith("001_")) : undefined;
const haveSeed = haveAssets(
  "seed 001 fixture check",
  seedFile ? join(SEEDS_DIR, seedFile) : join(SEEDS_DIR, "001_*.txt"),
);

describe.skipIf(!haveSeed)("seed 001 fixture", () => {
  it("equals the torchinfo rows printed in the seed", () => {
    const text = readFileSync(join(SEEDS_DIR, seedFile!), "utf8");
    const rows = [...text.matchAll(/[└├]─(Conv2d|BatchNorm2d|Linear): [\d-]+\s+\[([\d, ]+)\]\s+([\d,]+)/g)].map(
      (m) => ({
        type: m[1],
        shape: m[2].split(",").map(Number),
        params: Number(m[3].replaceAll(",", "")),
      }),
    );
    expect(rows).toEqual(fixture.layers);
    expect(text).toContain(`params: ${fixture.totalParams.toLocaleString("en-US")}`);
  });
});
