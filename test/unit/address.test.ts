import { describe, expect, it } from "vitest";
import { addAddressKeys, readAddress } from "../../src/lib/address.js";

describe("readAddress", () => {
  it("reads a known backend", () => {
    const r = readAddress("?backend=wasm");
    expect(r.backend).toBe("wasm");
    expect(r.problems).toEqual([]);
  });
  it("never throws on malformed percent-encoding, and names the part it ignored", () => {
    for (const q of ["?x=%ff", "?%", "?a=%E0%A4%A", "?backend=%zz", "?%ff=1&backend=cpu"]) {
      const r = readAddress(q);
      expect(
        r.problems.some((p) => p.includes("percent-encoding")),
        q,
      ).toBe(true);
    }
    expect(readAddress("?%ff=1&backend=cpu").backend).toBe("cpu");
  });
  it("ignores tfjs debug flags with a notice", () => {
    const r = readAddress("?tfjsflags=DEBUG:true,WEBGL_VERSION:1");
    expect(r.params.has("tfjsflags")).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toContain("tfjsflags");
  });
  it("names an unknown backend and chooses none", () => {
    const r = readAddress("?backend=quantum");
    expect(r.backend).toBeNull();
    expect(r.problems[0]).toContain("backend=quantum");
  });
  it("names unknown keys, shortened, without control characters", () => {
    const r = readAddress(`?foo=1&bar&${"k".repeat(100)}=2&%0a=3`);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toContain("“foo”");
    expect(r.problems[0]).toContain("“bar”");
    expect(r.problems[0]).toContain("…");
    expect(r.problems[0]).not.toMatch(/\n/);
  });
  it("knows the configuration's keys (config.ts)", () => {
    expect(readAddress("?width=0.5&resolution=160&rows=1-16-1-1").problems).toEqual([]);
  });
  it("accepts keys a page registers", () => {
    addAddressKeys("t-test-key");
    expect(readAddress("?t-test-key=6").problems).toEqual([]);
  });
  it("treats an empty query as nothing to say", () => {
    for (const q of ["", "?", "?&&"]) expect(readAddress(q)).toMatchObject({ backend: null, problems: [] });
  });
});
