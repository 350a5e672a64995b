import { describe, expect, it } from "vitest";
import {
  type Capabilities,
  chooseBackend,
  chooseThreads,
  isSoftwareRenderer,
  MAX_WASM_THREADS,
  threadsNote,
} from "../../src/lib/backend.js";

const none: Capabilities = { webgpu: { available: false }, webgl: { available: false }, wasm: { available: true } };

describe("chooseBackend", () => {
  it("uses WebGPU on a hardware adapter", () => {
    const c = chooseBackend({ ...none, webgpu: { available: true, software: false, adapter: "nvidia hopper" } });
    expect(c.order[0]).toBe("webgpu");
    expect(c.reason).toMatch(/hardware WebGPU adapter.*nvidia hopper/);
  });
  it("prefers WASM over WebGPU and WebGL that are software-emulated (SwiftShader)", () => {
    const c = chooseBackend({
      webgpu: { available: true, software: true, adapter: "google swiftshader" },
      webgl: { available: true, software: true, renderer: "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))" },
      wasm: { available: true },
    });
    expect(c.order).toEqual(["wasm", "cpu"]);
    expect(c.reason).toMatch(/software-emulated/);
  });
  it("uses hardware WebGL when WebGPU is missing", () => {
    const c = chooseBackend({ ...none, webgl: { available: true, software: false, renderer: "ANGLE (Intel)" } });
    expect(c.order).toEqual(["webgl", "wasm", "cpu"]);
  });
  it("falls back to WASM without any GPU, and to CPU without WebAssembly", () => {
    expect(chooseBackend(none).order).toEqual(["wasm", "cpu"]);
    expect(chooseBackend({ ...none, wasm: { available: false } }).order).toEqual(["cpu"]);
  });
  it("honours an explicit request and ignores a bogus one", () => {
    expect(chooseBackend(none, "webgpu").order).toEqual(["webgpu", "wasm", "cpu"]);
    expect(chooseBackend(none, "cuda").order).toEqual(["wasm", "cpu"]);
  });
  it("recognises software renderers", () => {
    expect(isSoftwareRenderer("ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)))")).toBe(true);
    expect(isSoftwareRenderer("llvmpipe (LLVM 15.0.6, 256 bits)")).toBe(true);
    expect(isSoftwareRenderer("NVIDIA GeForce RTX 4090")).toBe(false);
  });
});

describe("chooseThreads", () => {
  it("uses one thread per reported core when the page is cross-origin isolated, up to the cap", () => {
    expect(chooseThreads(2, true)).toBe(2); // tfjs' own default would be 1 here (half the cores)
    expect(chooseThreads(1, true)).toBe(1);
    expect(chooseThreads(6, true)).toBe(6);
    expect(chooseThreads(64, true)).toBe(MAX_WASM_THREADS);
    expect(chooseThreads(undefined, true)).toBe(1);
  });
  it("uses one thread without isolation (no SharedArrayBuffer), whatever is asked", () => {
    expect(chooseThreads(8, false)).toBe(1);
    expect(chooseThreads(8, false, "4")).toBe(1);
  });
  it("honours ?threads=N within 1..cap and ignores nonsense", () => {
    expect(chooseThreads(2, true, "1")).toBe(1);
    expect(chooseThreads(2, true, "4")).toBe(4);
    expect(chooseThreads(2, true, "99")).toBe(MAX_WASM_THREADS);
    expect(chooseThreads(2, true, "0")).toBe(2);
    expect(chooseThreads(2, true, "two")).toBe(2);
  });
  it("says why there is only one thread", () => {
    expect(threadsNote(1, false)).toMatch(/cross-origin-isolated/);
    expect(threadsNote(2, true)).toMatch(/^2 WASM threads/);
  });
});
