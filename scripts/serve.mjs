#!/usr/bin/env node
// A plain static file server for the built site (dist/): no network, no dependencies.
// Usage: node scripts/serve.mjs [dir] [--port N]   (port 0 picks a free one; default 3000)
//
// It survives any request: a request line it cannot decode, a path that climbs out of the site, a NUL byte, an
// over-long address or an unknown method each get a 4xx answer, and a failure reading a file a 500; the server
// itself never throws. Headers are bounded (Node's 16 KB limit) and so is the time a client may take to send them.
// Every answer carries X-Content-Type-Options: nosniff and the site's Content-Security-Policy (scripts/csp.mjs);
// a page's policy allows its own inline scripts by their hashes, the same as the <meta> the build wrote into it.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { CSP, CSP_HEADER_ONLY, pageCsp } from "./csp.mjs";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
  ".tflite": "application/octet-stream",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".ico": "image/x-icon",
};

/**
 * Sent with every answer. COOP same-origin + COEP require-corp make the page cross-origin isolated: the browser
 * then gives it SharedArrayBuffer, which the multi-threaded WASM backend needs. Everything the site loads is
 * same-origin, so require-corp blocks nothing.
 */
const HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": `${CSP}; ${CSP_HEADER_ONLY}`,
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
};

/** Longest request target served; longer ones get 414. */
const MAX_URL = 4096;

/**
 * The file under root for a request target, the way Framework's clean URLs expect (/page → /page.html), or an
 * HTTP status explaining why there is none. Never throws.
 * @param {string} root
 * @param {unknown} target
 * @returns {string | 400 | 404 | 414}
 */
export function resolveFile(root, target) {
  if (typeof target !== "string" || target.length > MAX_URL) return 414;
  let path;
  try {
    path = decodeURIComponent(target.split(/[?#]/)[0]);
  } catch {
    return 400; // malformed %-encoding
  }
  if (!path.startsWith("/") || path.includes("\0")) return 400;
  const base = resolve(root, `.${path}`);
  if (base !== root && !base.startsWith(root + sep)) return 404; // climbs out of the site
  for (const candidate of [base, `${base}.html`, join(base, "index.html")]) {
    try {
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    } catch {
      // a name the file system refuses (too long, not a directory): not found
    }
  }
  return 404;
}

const REASONS = { 400: "Bad request", 404: "Not found", 405: "Method not allowed", 414: "Address too long" };

/**
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {string} file
 * @param {boolean} head
 */
function sendFile(res, status, file, head) {
  if (extname(file) === ".html") return sendPage(res, status, file, head);
  const stream = createReadStream(file);
  stream.on("open", () => {
    res.writeHead(status, {
      ...HEADERS,
      "content-type": TYPES[/** @type {keyof typeof TYPES} */ (extname(file))] ?? "application/octet-stream",
      "cache-control": "no-cache",
    });
    if (head) {
      stream.destroy();
      res.end();
    } else stream.pipe(res);
  });
  stream.on("error", () => {
    if (!res.headersSent) res.writeHead(500, { ...HEADERS, "content-type": TYPES[".txt"] });
    res.end("Could not read the file");
  });
}

/**
 * A page, with the policy that allows its inline scripts (pages are small: read whole, hashed on each request, so
 * a rebuilt page is served with its new hashes).
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {string} file
 * @param {boolean} head
 */
function sendPage(res, status, file, head) {
  let html;
  try {
    html = readFileSync(file, "utf8");
  } catch {
    res.writeHead(500, { ...HEADERS, "content-type": TYPES[".txt"] });
    res.end("Could not read the file");
    return;
  }
  res.writeHead(status, {
    ...HEADERS,
    "content-security-policy": `${pageCsp(html)}; ${CSP_HEADER_ONLY}`,
    "content-type": TYPES[".html"],
    "cache-control": "no-cache",
  });
  res.end(head ? undefined : html);
}

/**
 * @param {string} dir
 * @returns {Promise<import("node:http").Server>}
 */
export function serve(dir, port = 0) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    try {
      const head = req.method === "HEAD";
      if (req.method !== "GET" && !head) {
        res.writeHead(405, { ...HEADERS, allow: "GET, HEAD", "content-type": TYPES[".txt"] });
        res.end(REASONS[405]);
        return;
      }
      const found = resolveFile(root, req.url ?? "/");
      if (typeof found === "string") return sendFile(res, 200, found, head);
      const notFound = join(root, "404.html");
      if (found === 404 && existsSync(notFound)) return sendFile(res, 404, notFound, head);
      res.writeHead(found, { ...HEADERS, "content-type": TYPES[".txt"] });
      res.end(head ? undefined : REASONS[found]);
    } catch {
      if (!res.headersSent) res.writeHead(500, { ...HEADERS, "content-type": TYPES[".txt"] });
      res.end();
    }
  });
  // Unparseable requests (bad request line, headers over the limit) get 400/431 and a closed connection.
  server.on("clientError", (err, socket) => {
    if (socket.writable && !socket.destroyed) {
      const code =
        /** @type {NodeJS.ErrnoException} */ (err).code === "HPE_HEADER_OVERFLOW"
          ? "431 Request Header Fields Too Large"
          : "400 Bad Request";
      socket.end(`HTTP/1.1 ${code}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    } else socket.destroy();
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  return new Promise((ok) => server.listen(port, "127.0.0.1", () => ok(server)));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const portFlag = args.indexOf("--port");
  const port = portFlag >= 0 ? Number(args[portFlag + 1]) : Number(process.env.PORT ?? 3000);
  const dir = args.find((a, i) => !a.startsWith("--") && i !== portFlag + 1) ?? "dist";
  if (!existsSync(dir)) {
    console.error(`${dir}/ does not exist: run "npm run build" first.`);
    process.exit(1);
  }
  const server = await serve(dir, port);
  console.log(
    `Serving ${dir}/ at http://localhost:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}/`,
  );
}
