import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The fixture is data copied out of ../shared/seeds/001_*.txt; where the seed is present, prove the copy.
const seeds = new URL("../../../shared/seeds/", import.meta.url);
const seedFile = existsSync(seeds) ? readdirSync(seeds).find((f) => f.startsWith("001_")) : undefined;

describe.skipIf(!seedFile)("seed 001 fixture", () => {
  it("equals the torchinfo rows printed in the seed", () => {
    const text = readFileSync(new URL(seedFile!, seeds), "utf8");
    const fixture = JSON.parse(readFileSync(new URL("../fixtures/seed001-torchinfo.json", import.meta.url), "utf8"));
    const rows = [...text.matchAll(/[└├]─(Conv2d|BatchNorm2d|Linear): [\d-]+\s+\[([\d, ]+)\]\s+([\d,]+)/g)].map((m) => ({
      type: m[1],
      shape: m[2].split(",").map(Number),
      params: Number(m[3].replaceAll(",", "")),
    }));
    expect(rows).toEqual(fixture.layers);
    expect(text).toContain(`params: ${fixture.totalParams.toLocaleString("en-US")}`);
  });
});
