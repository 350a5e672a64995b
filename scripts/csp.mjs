// The site's Content-Security-Policy, in one place: sent as a header by scripts/serve.mjs and written into every
// page's <head> as a <meta http-equiv> by observablehq.config.ts, so that a plain static host enforces it too.
// Only the site's own origin, plus what the pages genuinely need:
// - 'unsafe-inline' scripts and styles: Framework writes each page's cells and its sidebar as inline scripts
//   (different on every page, so no hash list), and Plot and Inputs set inline styles;
// - 'wasm-unsafe-eval': compiling the WebAssembly backend (not JavaScript eval);
// - blob: workers and scripts: the WASM backend's threads start from blob: URLs;
// - data: and blob: images: the favicon, canvases turned into images, a picked photo;
// - mediastream:/blob: media: the webcam.
// Nothing else: no request, script, style, font or frame may come from another origin. frame-ancestors is a
// header-only directive (browsers ignore it, with an error, in a <meta>), so only the server adds it.
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' blob:",
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

/** Directives a <meta> cannot carry, for the server's header only. */
export const CSP_HEADER_ONLY = "frame-ancestors 'self'";
