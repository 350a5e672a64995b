import { describe, expect, it } from "vitest";
import {
  defaultConfig,
  defineKnobs,
  parse,
  parseRows,
  serialize,
  toQuery,
  totalStride,
  validate,
} from "../../src/lib/config.js";
import { PAPER_ROWS } from "../../src/lib/spec.js";
import { int, pick, randomConfig, rng } from "./random-config.js";

describe("configuration: validate", () => {
  it("accepts the paper's network and names every bad field", () => {
    expect(validate(defaultConfig())).toEqual([]);
    const bad = {
      ...defaultConfig(),
      width: 0,
      resolution: 33.5,
      rows: [
        { t: 0, c: 16, n: 1.5, s: 3 },
        { t: 6, c: -1, n: 2, s: 2 },
      ],
    };
    const fields = validate(bad).map((p) => p.field);
    expect(fields).toEqual(["width", "resolution", "rows.0.t", "rows.0.n", "rows.0.s", "rows.1.c"]);
    for (const p of validate(bad)) expect(p.message).toMatch(/\.$/);
  });
  it("refuses an empty table, too many rows, and a resolution too small for the strides", () => {
    expect(validate({ ...defaultConfig(), rows: [] })[0].field).toBe("rows");
    const many = Array.from({ length: 100 }, () => ({ t: 6, c: 16, n: 1, s: 1 }));
    expect(validate({ ...defaultConfig(), rows: many })[0].message).toContain("100");
    // Stem + 7 stride-2 rows: 256× downsampling, so 224 px is too small.
    const strided = Array.from({ length: 7 }, () => ({ t: 6, c: 16, n: 1, s: 2 }));
    expect(totalStride(strided)).toBe(256);
    const p = validate({ ...defaultConfig(), rows: strided });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ field: "resolution" });
    expect(p[0].message).toContain("256");
  });
});

describe("configuration: address form", () => {
  it("the paper's network is the empty address", () => {
    expect(serialize(defaultConfig()).toString()).toBe("");
    expect(toQuery(defaultConfig())).toBe("");
    const r = parse("");
    expect(r.config).toEqual(defaultConfig());
    expect(r.problems).toEqual([]);
  });
  it("writes only what differs from the defaults", () => {
    const c = { ...defaultConfig(), width: 0.35, resolution: 96 };
    expect(toQuery(c)).toBe("?width=0.35&resolution=96");
    const rows = [...PAPER_ROWS, { t: 6, c: 480, n: 1, s: 1 }];
    expect(serialize({ ...defaultConfig(), rows }).get("rows")).toBe(
      "1-16-1-1_6-24-2-2_6-32-3-2_6-64-4-2_6-96-3-1_6-160-3-2_6-320-1-1_6-480-1-1",
    );
  });
  it("round-trips 500 random configurations exactly", () => {
    const r = rng(8);
    for (let i = 0; i < 500; i++) {
      const c = randomConfig(r);
      expect(validate(c)).toEqual([]);
      const back = parse(serialize(c).toString());
      expect(back.problems).toEqual([]);
      expect(back.config).toEqual(c);
    }
  });
  it("round-trips page knobs and omits their defaults", () => {
    const knobs = defineKnobs({
      cin: { kind: "number", label: "Input channels", default: 24, min: 1, max: 2048, integer: true },
      photo: { kind: "choice", label: "Photo", default: "cat", options: ["cat", "dog", "rocket"] },
      grid: { kind: "flag", label: "Show the grid", default: false },
    });
    const values = { cin: 96, photo: "rocket" as const, grid: true };
    const q = serialize(defaultConfig(), { knobs, values });
    expect(q.toString()).toBe("cin=96&photo=rocket&grid=1");
    const back = parse(q, { knobs });
    expect(back.knobs).toEqual(values);
    expect(back.problems).toEqual([]);
    expect(serialize(defaultConfig(), { knobs, values: { cin: 24 } }).toString()).toBe("");
    expect(() => defineKnobs({ width: { kind: "flag", label: "x", default: false } })).toThrow(/already used/);
  });
  it("keeps the site's backend key and lists unknown keys without treating them as problems", () => {
    const r = parse("width=0.5&backend=wasm&utm_source=mail");
    expect(r.config.width).toBe(0.5);
    expect(r.unknown).toEqual(["utm_source"]);
    expect(r.problems).toEqual([]);
    expect(toQuery(r.config, { keep: new URLSearchParams("backend=wasm&x=1") })).toBe("?width=0.5&backend=wasm");
  });
  it("parses rows and explains each malformed one", () => {
    expect(parseRows("1-16-1-1")).toEqual({ rows: [{ t: 1, c: 16, n: 1, s: 1 }] });
    const bad = parseRows("1-16-1_6-x-2-2_6-24-2-3");
    expect("errors" in bad && bad.errors).toEqual([
      "row 1 (“1-16-1”) is not four numbers t-c-n-s",
      "row 2 c: “x” is not a number",
      "row 3 s: must be 1 or 2 (got 3)",
    ]);
  });
});

describe("configuration: hostile addresses", () => {
  const hostile = [
    "width=abc",
    "width=<script>alert(1)</script>",
    "width=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    "resolution=1e400",
    "resolution=-5&classes=0",
    "width=Infinity&resolution=NaN",
    "width=0x10",
    "rows=",
    "rows=____",
    `rows=${Array.from({ length: 100 }, () => "6-24-2-2").join("_")}`,
    "rows=6-24-2-2_6-24-2-2_6-24-2-2_6-24-2-2_6-24-2-2_6-24-2-2_6-24-2-2_6-24-2-2",
    "rows=1.5-16-1-1",
    "rows=6-16-0.5-1",
    "rows=6-0-1-1",
    "rows=0-16-1-1",
    "rows=6-16-1-3",
    `width=${"9".repeat(5000)}`,
    "width=1&width=2&width=<b>",
    "convention=<b>bold</b>&head=\u0000\u0007",
    "head=CONV1X1&convention=From-Scratch",
    "%E0%A4%A&width=%",
    "&&&==&=&width",
    "stem=0&last=999999",
    "resolution=40&rows=6-16-1-2_6-16-1-2_6-16-1-2_6-16-1-2_6-16-1-2",
    "width=0.1&convention=from-scratch",
    "constructor=1&__proto__=2&toString=3",
  ];
  it("never throws, falls back to defaults, and explains in plain text naming the key", () => {
    for (const q of hostile) {
      const r = parse(q);
      expect(validate(r.config), q).toEqual([]);
      for (const p of r.problems) {
        expect(p.message).toContain(p.key);
        expect([...p.message].some((ch) => ch.charCodeAt(0) < 32)).toBe(false);
        expect(p.message.length).toBeLessThan(420);
      }
    }
    expect(parse("width=abc").problems).toEqual([
      { key: "width", message: "Address key “width”: “abc” is not a number; using 1." },
    ]);
    expect(parse("width=abc").config.width).toBe(1);
    expect(parse(`rows=${Array.from({ length: 100 }, () => "6-24-2-2").join("_")}`).problems[0].message).toContain(
      "100 rows",
    );
    // Eight stride-2 rows downsample 512×: 224 px is too small, so the rows fall back and the page says why.
    const strided = parse("rows=6-24-2-2_6-24-2-2_6-24-2-2_6-24-2-2_6-24-2-2_6-24-2-2_6-24-2-2_6-24-2-2");
    expect(strided.config.rows).toEqual(defaultConfig().rows);
    expect(strided.problems.map((p) => p.key)).toContain("resolution");
    expect(parse("head=CONV1X1&convention=From-Scratch").config).toMatchObject({
      head: "conv1x1",
      convention: "from-scratch",
    });
    expect(parse("width=0.5&width=0.75").config.width).toBe(0.75);
  });
  it("falls back to a given base (the last good configuration), not only the defaults", () => {
    const base = { ...defaultConfig(), width: 0.5, resolution: 160 };
    const r = parse("width=zzz&classes=10", { base });
    expect(r.config).toEqual({ ...base, classes: 10 });
    expect(r.problems[0].message).toContain("using 0.5");
  });
  it("never throws on random bytes", () => {
    const r = rng(99);
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789=&_-.%<>\"'/\\ ;:{}[]()\u0000\u00e9\u{1f600}";
    const keys = ["width", "resolution", "classes", "convention", "rows", "stem", "last", "head", "x"];
    for (let i = 0; i < 2000; i++) {
      const parts = Array.from({ length: int(r, 0, 6) }, () => {
        const v = Array.from({ length: int(r, 0, 30) }, () => pick(r, [...alphabet])).join("");
        return r() < 0.7 ? `${pick(r, keys)}=${v}` : v;
      });
      const q = parts.join(r() < 0.5 ? "&" : "");
      const out = parse(q);
      expect(validate(out.config), q).toEqual([]);
    }
  });
});
