/**
 * What the page address (its query string) may say, read without ever throwing. Only the site reads the
 * address: tfjs's own reader of `?tfjsflags=` is removed from the bundle (scripts/vendor.mjs). Whatever the
 * site cannot use is collected as a short, plain-text problem for the reader instead of breaking the page.
 */
import { BACKEND_LABELS, type BackendName, isBackendName } from "./backend.js";
import { CONFIG_KEYS, SITE_KEYS } from "./config.js";

/**
 * Query keys the site understands: the configuration's (config.ts) and the site's own (backend). Pages with
 * their own settings add theirs (addAddressKeys).
 */
const KNOWN_KEYS = new Set<string>([...CONFIG_KEYS, ...SITE_KEYS]);

export function addAddressKeys(...keys: string[]): void {
  for (const k of keys) KNOWN_KEYS.add(k);
}

export interface AddressReading {
  /** Every well-formed key=value pair, decoded (the last one wins for a repeated key). */
  params: Map<string, string>;
  /** The backend asked for with ?backend=, when it is one the site knows. */
  backend: BackendName | null;
  /** What was ignored, one sentence each, for the reader. */
  problems: string[];
}

/** Long or odd text quoted back to the reader, kept short and printable. */
function quote(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, "?");
  return `“${clean.length > 40 ? `${clean.slice(0, 40)}…` : clean}”`;
}

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/**
 * Read a query string such as location.search ("?a=1&b=2", with or without the "?"). Never throws.
 */
export function readAddress(search: string): AddressReading {
  const params = new Map<string, string>();
  const problems: string[] = [];
  const unknown: string[] = [];
  const raw = search.startsWith("?") ? search.slice(1) : search;
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    if (key === null || value === null) {
      problems.push(`The address part ${quote(part)} is not valid percent-encoding, so it was ignored.`);
      continue;
    }
    if (key === "tfjsflags") {
      problems.push("TensorFlow.js debug flags (tfjsflags) cannot be set from the address; they were ignored.");
      continue;
    }
    if (!KNOWN_KEYS.has(key)) {
      unknown.push(quote(key));
      continue;
    }
    params.set(key, value);
  }
  if (unknown.length)
    problems.push(
      `This page has no setting called ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ""}, so ${unknown.length > 1 ? "they were" : "it was"} ignored.`,
    );
  let backend: BackendName | null = null;
  const asked = params.get("backend");
  if (asked !== undefined) {
    const name = asked.trim().toLowerCase();
    if (isBackendName(name)) backend = name;
    else
      problems.push(
        `${quote(`backend=${asked}`)} names no backend this site has (${Object.keys(BACKEND_LABELS).join(", ")}), so the page chose one itself.`,
      );
  }
  return { params, backend, problems };
}
