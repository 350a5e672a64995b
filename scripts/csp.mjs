// The site's Content-Security-Policy, in one place: sent as a header by scripts/serve.mjs and written into every
// page's <head> as a <meta http-equiv> by observablehq.config.ts, so that a plain static host enforces it too.
// Only the site's own origin, plus what the pages genuinely need:
// - inline scripts by their SHA-256 hash only: Framework writes each page's cells, its sidebar and the presenter
//   script (scripts/presenter.mjs) inline, different on every page, so each built page gets the hashes of its own
//   inline scripts (pageCsp, applied to dist/**/*.html by scripts/page-template.mjs after the build and computed
//   again by scripts/serve.mjs for the header); any other inline script (an injected one) is refused. The preview
//   server (`npm run dev`) injects scripts of its own, so pages served by it carry DEV_CSP ('unsafe-inline');
// - 'unsafe-inline' styles: Observable Plot writes a <style> element into every chart and legend it draws, and
//   Inputs.table one per table (with the table's own id): their text depends on the chart's options (legend
//   columns, colour ramps) and the table, so a hash list would break whenever a page gains a legend or a table.
//   (Checked in Chromium with style-src 'self': the only refusals were those <style> elements; the pages set no
//   style="…" in their HTML, and styles set from script through the CSSOM are not inline styles for CSP.) Styles
//   cannot run code, and img-src, font-src and connect-src still keep every request on the site's origin;
// - 'wasm-unsafe-eval': compiling the WebAssembly backend (not JavaScript eval);
// - blob: workers and scripts: the WASM backend's threads start from blob: URLs;
// - data: and blob: images: the favicon, canvases turned into images, a picked photo;
// - mediastream:/blob: media: the webcam.
// Nothing else: no request, script, style, font or frame may come from another origin. frame-ancestors is a
// header-only directive (browsers ignore it, with an error, in a <meta>), so only the server adds it.
import { createHash } from "node:crypto";

const SCRIPT_SRC = "script-src 'self' 'wasm-unsafe-eval' blob:";

/** The policy with `scriptSources` (hashes, 'unsafe-inline') added to script-src. */
const policy = (/** @type {string[]} */ scriptSources) =>
  [
    "default-src 'self'",
    [SCRIPT_SRC, ...scriptSources].join(" "),
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self' data:",
    "connect-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");

/** The policy of anything that is not a built page (scripts, data, images): no inline script at all. */
export const CSP = policy([]);

/** The policy written into pages by observablehq.config.ts, kept on the preview server's pages (see above). */
export const DEV_CSP = policy(["'unsafe-inline'"]);

/** Inline <script> elements (no src attribute) of an HTML page, their text exactly as the browser hashes it. */
const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/**
 * The policy of one built page: its own inline scripts, by hash, and no other.
 * @param {string} html
 */
export function pageCsp(html) {
  const hashes = [...html.matchAll(INLINE_SCRIPT)].map(
    (m) => `'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`,
  );
  return policy([...new Set(hashes)]);
}

const META = /(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")/;

/**
 * The page with its <meta> policy set to pageCsp (running it twice changes nothing).
 * @param {string} html
 */
export function withPageCsp(html) {
  return html.replace(META, (_, open, close) => `${open}${pageCsp(html)}${close}`);
}

/** Directives a <meta> cannot carry, for the server's header only. */
export const CSP_HEADER_ONLY = "frame-ancestors 'self'";
