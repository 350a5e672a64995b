import type { Browser } from "playwright-core";
export function launchChromium(opts?: { webgpu?: boolean; args?: string[] }): Promise<Browser>;
