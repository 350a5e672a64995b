/**
 * What the Activations explorer tests (activations.test.ts, tflite.test.ts) share: waiting for a forward pass
 * of the page, and the shapes every layer must have, written out independently of src/lib from Table 2
 * (test/references.ts).
 */
import type { Page } from "playwright-core";
import { makeDivisible, TABLE2 } from "../references.js";

/** Wait for the page's forward pass on `image` (optionally matching more attributes); returns its data-*. */
export async function waitRun(page: Page, image: string, extra = ""): Promise<Record<string, string>> {
  const sel = `#act-run-status[data-state="done"][data-image="${image}"]${extra}`;
  await page.waitForSelector(sel, { timeout: 120_000 });
  return page.locator(sel).evaluate((e) => ({ ...(e as HTMLElement).dataset }) as Record<string, string>);
}

/** The explorer's preprocessing step numbered `n` ("1. Original…", "2. Resized…"), found by its title. */
export const preprocessStep = (page: Page, n: number) =>
  page.locator(".act-step").filter({ has: page.locator(".act-step-title", { hasText: new RegExp(`^${n}\\. `) }) });

/** Expected [group id, {layer: shape}] for stem, 17 blocks and head of MobileNetV2 at a width and resolution. */
export function expectedShapes(width: number, resolution: number): [string, Record<string, string>][] {
  let size = Math.ceil(resolution / 2);
  let cin = makeDivisible(32 * width);
  const out: [string, Record<string, string>][] = [["stem", { Conv1_relu: `${size}×${size}×${cin}` }]];
  let i = 0;
  for (const { t, c, n, s } of TABLE2) {
    const cout = makeDivisible(c * width);
    for (let r = 0; r < n; r++) {
      const stride = r === 0 ? s : 1;
      const p = i === 0 ? "expanded_conv" : `block_${i}`;
      const sout = Math.ceil(size / stride);
      const shapes: Record<string, string> = {};
      if (t !== 1) shapes[`${p}_expand_relu`] = `${size}×${size}×${cin * t}`;
      shapes[`${p}_depthwise_relu`] = `${sout}×${sout}×${cin * t}`;
      shapes[`${p}_project`] = `${sout}×${sout}×${cout}`;
      if (stride === 1 && cin === cout) shapes[`${p}_add`] = `${sout}×${sout}×${cout}`;
      out.push([p, shapes]);
      size = sout;
      cin = cout;
      i++;
    }
  }
  const last = width > 1 ? makeDivisible(1280 * width) : 1280;
  out.push(["head", { out_relu: `${size}×${size}×${last}` }]);
  return out;
}

/**
 * Run `body` in the page with `tf` bound to the page's own tfjs: the module the site itself imports (found by its
 * modulepreload link), so tests need no global. Written as a string: the test runner rewrites dynamic imports in
 * functions it compiles.
 */
function withPageTf<T>(page: Page, body: string): Promise<T> {
  return page.evaluate(`(async () => {
    const href = [...document.querySelectorAll('link[rel="modulepreload"]')]
      .map((l) => l.href)
      .find((h) => /\\/_import\\/lib\\/tf\\.[0-9a-f]+\\.js$/.test(h));
    if (!href) throw new Error("the page does not load tfjs");
    const { tf } = await import(href);
    ${body}
  })()`) as Promise<T>;
}

/** Tensors alive in the page's tfjs. */
export function numTensors(page: Page): Promise<number> {
  return withPageTf(page, "return tf.memory().numTensors;");
}

/** Make every tensor's data() reject with `message` (as a backend out of memory would), until restoreTensorReads. */
export function failTensorReads(page: Page, message: string): Promise<void> {
  return withPageTf(
    page,
    `const proto = tf.Tensor.prototype;
     const original = proto.data;
     proto.data = Object.assign(() => Promise.reject(new Error(${JSON.stringify(message)})), { original });`,
  );
}

export function restoreTensorReads(page: Page): Promise<void> {
  return withPageTf(page, "const proto = tf.Tensor.prototype; proto.data = proto.data.original;");
}
