import { describe, expect, it } from "vitest";
import { type Capabilities, chooseBackend, isSoftwareRenderer } from "../../src/lib/backend.js";

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
