/**
 * The site's one configuration model and its address (URL) form.
 *
 * - `SiteConfig`: the network every page talks about (width, resolution, classes, convention, the (t, c, n, s)
 *   rows, stem and last channels, head variant). It is an `ArchConfig`, so it goes straight into the trace and
 *   the builders.
 * - Knobs: a page's own controls (a block's input channels, a chosen photo, a seed…), declared as typed specs
 *   with `defineKnobs({...})`; they share the address with the configuration.
 * - `validate(config)`: one message per field (`field` names it: "width", "rows.3.c", …), for the controls.
 * - `parse(searchParams, {base, knobs})` → `{config, knobs, problems, unknown}`: never throws. A missing key takes
 *   the base (default) value; a bad one (garbage, markup, malformed rows, absurd sizes) takes it too, with a
 *   plain-text problem naming the key. Unknown keys are listed, not treated as problems.
 * - `serialize(config, {knobs, values})` → URLSearchParams with every default omitted; `toQuery` as a string.
 *
 * Address form: `?width=0.5&resolution=160&classes=10&convention=from-scratch&head=conv1x1&stem=32&last=1280
 * &rows=1-16-1-1_6-24-2-2` (each row t-c-n-s, rows joined by "_"). No DOM here: pages use
 * src/components/url-state.ts to read and write the address.
 */
import { formatInt, parseNumber } from "./format.js";
import {
  type BottleneckRow,
  type Convention,
  type HeadVariant,
  LAST_CHANNELS,
  LIMITS,
  PAPER_ROWS,
  STEM_CHANNELS,
  scaleChannels,
} from "./spec.js";

export type { BottleneckRow, Convention, HeadVariant };

/** The whole network as the site configures it; every field present. */
export interface SiteConfig {
  width: number;
  resolution: number;
  classes: number;
  convention: Convention;
  rows: BottleneckRow[];
  stemChannels: number;
  lastChannels: number;
  head: HeadVariant;
}

const CONVENTIONS: readonly Convention[] = ["reference", "from-scratch"];
const HEAD_VARIANTS: readonly HeadVariant[] = ["linear", "conv1x1"];

/** How many bottleneck rows a configuration may have (the paper has 7). */
const ROW_LIMITS = Object.freeze({ min: 1, max: 20 });
/** Stem and last-conv channels before scaling. */
const CHANNEL_LIMITS = Object.freeze({ stem: { min: 1, max: 1024 }, last: { min: 1, max: 8192 } });

/** The paper's network: width 1.0, 224×224, 1000 classes, Table 2's rows, a linear classifier. */
export function defaultConfig(): SiteConfig {
  return {
    width: 1,
    resolution: 224,
    classes: 1000,
    convention: "reference",
    rows: PAPER_ROWS.map((r) => ({ ...r })),
    stemChannels: STEM_CHANNELS,
    lastChannels: LAST_CHANNELS,
    head: "linear",
  };
}

/** A copy that shares no arrays or rows with `c`. */
function cloneConfig(c: SiteConfig): SiteConfig {
  return { ...c, rows: c.rows.map((r) => ({ ...r })) };
}

function sameRows(a: readonly BottleneckRow[], b: readonly BottleneckRow[]): boolean {
  return (
    a.length === b.length && a.every((r, i) => r.t === b[i].t && r.c === b[i].c && r.n === b[i].n && r.s === b[i].s)
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Validation, one message per field

/** A problem with one field of a configuration: `field` is "width", "rows", "rows.2.t" (0-based row), … */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The rules of the numeric fields: labels as a reader sees them, ranges, whole numbers. */
export const FIELD_RULES = Object.freeze({
  width: { label: "Width multiplier", min: LIMITS.width.min, max: LIMITS.width.max },
  resolution: { label: "Input resolution", min: LIMITS.resolution.min, max: LIMITS.resolution.max, integer: true },
  classes: { label: "Classes", min: LIMITS.classes.min, max: LIMITS.classes.max, integer: true },
  stemChannels: { label: "Stem channels", ...CHANNEL_LIMITS.stem, integer: true },
  lastChannels: { label: "Last conv channels", ...CHANNEL_LIMITS.last, integer: true },
  t: { label: "t (expansion)", min: LIMITS.t.min, max: LIMITS.t.max, integer: true },
  c: { label: "c (channels)", min: LIMITS.c.min, max: LIMITS.c.max, integer: true },
  n: { label: "n (repeats)", min: LIMITS.n.min, max: LIMITS.n.max, integer: true },
  s: { label: "s (stride)", min: 1, max: 2, integer: true, oneOf: [1, 2] as readonly number[] },
});

type NumberField = keyof typeof FIELD_RULES;

/** Why `v` breaks `rule`, or null. */
function numberProblem(v: unknown, rule: (typeof FIELD_RULES)[NumberField]): string | null {
  if (typeof v !== "number" || !Number.isFinite(v)) return `${rule.label} must be a number.`;
  if ("integer" in rule && rule.integer && !Number.isInteger(v))
    return `${rule.label} must be a whole number (got ${v}).`;
  if ("oneOf" in rule && !rule.oneOf.includes(v)) return `${rule.label} must be ${rule.oneOf.join(" or ")} (got ${v}).`;
  if (v < rule.min || v > rule.max) return `${rule.label} must be between ${rule.min} and ${rule.max} (got ${v}).`;
  return null;
}

/** Downsampling of the whole network: the stem's stride 2 times every row's first stride. */
export function totalStride(rows: readonly BottleneckRow[]): number {
  return rows.reduce((p, r) => p * (r.s === 2 ? 2 : 1), 2);
}

/** Every problem with `c`, one per field; empty when the configuration is valid. */
export function validate(c: SiteConfig): FieldProblem[] {
  const out: FieldProblem[] = [];
  const num = (field: string, v: unknown, rule: (typeof FIELD_RULES)[NumberField], prefix = "") => {
    const m = numberProblem(v, rule);
    if (m) out.push({ field, message: prefix + m });
  };
  num("width", c.width, FIELD_RULES.width);
  num("resolution", c.resolution, FIELD_RULES.resolution);
  num("classes", c.classes, FIELD_RULES.classes);
  num("stemChannels", c.stemChannels, FIELD_RULES.stemChannels);
  num("lastChannels", c.lastChannels, FIELD_RULES.lastChannels);
  if (!CONVENTIONS.includes(c.convention))
    out.push({ field: "convention", message: `Convention must be ${CONVENTIONS.join(" or ")}.` });
  if (!HEAD_VARIANTS.includes(c.head))
    out.push({ field: "head", message: `Head must be ${HEAD_VARIANTS.join(" or ")}.` });
  const rows = Array.isArray(c.rows) ? c.rows : [];
  if (rows.length < ROW_LIMITS.min)
    out.push({ field: "rows", message: "The table needs at least one bottleneck row." });
  else if (rows.length > ROW_LIMITS.max)
    out.push({
      field: "rows",
      message: `At most ${ROW_LIMITS.max} bottleneck rows are allowed here (got ${rows.length}).`,
    });
  else
    rows.forEach((r, i) => {
      for (const k of ["t", "c", "n", "s"] as const) num(`rows.${i}.${k}`, r?.[k], FIELD_RULES[k], `Row ${i + 1}: `);
    });
  if (out.length) return out;
  // Whole-network rules, checked once every field is sound.
  const stride = totalStride(rows);
  if (c.resolution < stride)
    out.push({
      field: "resolution",
      message: `Input resolution ${c.resolution} is too small for the strides: the network downsamples ${stride}× (the stem and ${Math.log2(stride) - 1} stride-2 rows), so the input must be at least ${stride} px.`,
    });
  if (c.convention === "from-scratch") {
    const narrowest = Math.min(c.stemChannels, ...rows.map((r) => r.c));
    if (scaleChannels(narrowest, c.width, c.convention) < 1)
      out.push({
        field: "width",
        message: `Width multiplier ${c.width} is too small for the from-scratch convention: int(${narrowest} × ${c.width}) = 0 channels.`,
      });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Page knobs

export type KnobSpec =
  | {
      kind: "number";
      label: string;
      default: number;
      min: number;
      max: number;
      integer?: boolean;
      oneOf?: readonly number[];
    }
  | { kind: "choice"; label: string; default: string; options: readonly string[] }
  | { kind: "flag"; label: string; default: boolean };

export type KnobSpecs = Record<string, KnobSpec>;

export type KnobValue<S extends KnobSpec> = S extends { kind: "number" }
  ? number
  : S extends { kind: "flag" }
    ? boolean
    : S extends { options: readonly (infer O)[] }
      ? O
      : never;

export type KnobValues<K extends KnobSpecs> = { -readonly [P in keyof K]: KnobValue<K[P]> };

/** Address keys the configuration itself uses. */
export const CONFIG_KEYS = ["width", "resolution", "classes", "convention", "rows", "stem", "last", "head"] as const;
/**
 * Keys that belong to the whole site, not to a page (e.g. `backend` and `threads`, read by the runtime; `present`,
 * presenter mode; `exercise`, the seed of a page's exercises).
 */
export const SITE_KEYS: readonly string[] = ["backend", "threads", "present", "exercise"];

const KNOB_KEY = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Declare a page's knobs (address key → spec). Keys are lower-case words and must not clash with the
 * configuration's keys; `const` keeps choice options as literal types:
 *   const KNOBS = defineKnobs({cin: {kind: "number", label: "Input channels", default: 24, min: 1, max: 2048, integer: true}});
 */
export function defineKnobs<const K extends KnobSpecs>(specs: K): K {
  for (const [key, s] of Object.entries(specs)) {
    if (!KNOB_KEY.test(key)) throw new Error(`knob key "${key}": use lower-case letters, digits and "-"`);
    if ((CONFIG_KEYS as readonly string[]).includes(key) || SITE_KEYS.includes(key))
      throw new Error(`knob key "${key}" is already used by the site configuration`);
    if (s.kind === "choice" && !s.options.includes(s.default)) throw new Error(`knob "${key}": default not an option`);
  }
  return specs;
}

function knobDefaults<K extends KnobSpecs>(specs: K): KnobValues<K> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default])) as KnobValues<K>;
}

// ---------------------------------------------------------------------------------------------------------------
// Address form

/** A problem found in the address: `key` is the address key, `message` a plain-text sentence naming it. */
export interface AddressProblem {
  key: string;
  message: string;
}

export interface ParseResult<K extends KnobSpecs> {
  config: SiteConfig;
  knobs: KnobValues<K>;
  problems: AddressProblem[];
  /** Keys neither the configuration, the site nor the page's knobs use (ignored). */
  unknown: string[];
}

/** Longest value read from the address; anything longer is refused unread. */
const MAX_VALUE_CHARS = 4000;

/** A value as it may be quoted back to a reader: control characters dropped, shortened. */
function quote(v: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = v.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
  return `“${clean.length > 40 ? `${clean.slice(0, 40)}…` : clean}”`;
}

/** Plain text fit to show: control characters dropped, at most 400 characters. */
function clean(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
  return t.length > 400 ? `${t.slice(0, 400)}…` : t;
}

/** Rows as written in the address: "1-16-1-1_6-24-2-2". */
function formatRows(rows: readonly BottleneckRow[]): string {
  return rows.map((r) => `${r.t}-${r.c}-${r.n}-${r.s}`).join("_");
}

/** Parse the address form of rows; each bad part is a message. */
export function parseRows(text: string): { rows: BottleneckRow[] } | { errors: string[] } {
  if (text.trim() === "") return { errors: ["the table is empty: it needs at least one row (t-c-n-s)"] };
  const parts = text.split("_");
  if (parts.length > ROW_LIMITS.max)
    return { errors: [`${formatInt(parts.length)} rows is more than the ${ROW_LIMITS.max} allowed here`] };
  const rows: BottleneckRow[] = [];
  const errors: string[] = [];
  parts.forEach((p, i) => {
    const f = p.split("-");
    if (f.length !== 4) {
      errors.push(`row ${i + 1} (${quote(p)}) is not four numbers t-c-n-s`);
      return;
    }
    const row: Partial<BottleneckRow> = {};
    (["t", "c", "n", "s"] as const).forEach((k, j) => {
      const rule = FIELD_RULES[k];
      const r = parseNumber(f[j], { ...rule, label: `row ${i + 1} ${k}` });
      if ("error" in r) errors.push(r.error.replace(/\.$/, ""));
      else row[k] = r.value;
    });
    rows.push(row as BottleneckRow);
  });
  return errors.length ? { errors } : { rows };
}

const lower = (s: string) => s.toLowerCase().trim();

/** Read the configuration and a page's knobs from an address; never throws. */
export function parse<K extends KnobSpecs = Record<never, KnobSpec>>(
  search: URLSearchParams | string | null | undefined,
  opts: { base?: SiteConfig; knobs?: K; knobBase?: Partial<KnobValues<K>> } = {},
): ParseResult<K> {
  const config = cloneConfig(opts.base ?? defaultConfig());
  const specs = (opts.knobs ?? {}) as K;
  const knobs = { ...knobDefaults(specs), ...(opts.knobBase ?? {}) } as KnobValues<K>;
  const problems: AddressProblem[] = [];
  let params: URLSearchParams;
  try {
    params = search instanceof URLSearchParams ? search : new URLSearchParams(typeof search === "string" ? search : "");
  } catch {
    return {
      config,
      knobs,
      problems: [{ key: "address", message: "The address could not be read; using the defaults." }],
      unknown: [],
    };
  }
  const keys = [...new Set([...params.keys()])];
  const fallback = (v: unknown) => (Array.isArray(v) ? "the previous rows" : String(v));
  const refuse = (key: string, why: string, kept: unknown) =>
    problems.push({ key, message: `Address key “${key}”: ${why}; using ${fallback(kept)}.` });
  // The value of `key` (the last one if repeated), or null when absent or unreadable.
  const get = (key: string): string | null => {
    const all = params.getAll(key);
    if (all.length === 0) return null;
    const v = all[all.length - 1];
    if (v.length > MAX_VALUE_CHARS) {
      problems.push({
        key,
        message: `Address key “${key}”: a value ${formatInt(v.length)} characters long was ignored.`,
      });
      return null;
    }
    if (all.length > 1)
      problems.push({ key, message: `Address key “${key}” is given ${all.length} times; using the last.` });
    return v;
  };
  const numberKey = (key: string, field: "width" | "resolution" | "classes" | "stemChannels" | "lastChannels") => {
    const v = get(key);
    if (v === null) return;
    if (v.length > 40) return refuse(key, `${quote(v)} is not a number`, config[field]);
    const r = parseNumber(v, FIELD_RULES[field]);
    if ("error" in r) refuse(key, r.error.replace(/^[^:]*: /, "").replace(/\.$/, ""), config[field]);
    else config[field] = r.value;
  };
  numberKey("width", "width");
  numberKey("resolution", "resolution");
  numberKey("classes", "classes");
  numberKey("stem", "stemChannels");
  numberKey("last", "lastChannels");
  const conv = get("convention");
  if (conv !== null) {
    if ((CONVENTIONS as readonly string[]).includes(lower(conv))) config.convention = lower(conv) as Convention;
    else refuse("convention", `${quote(conv)} is not ${CONVENTIONS.join(" or ")}`, config.convention);
  }
  const head = get("head");
  if (head !== null) {
    if ((HEAD_VARIANTS as readonly string[]).includes(lower(head))) config.head = lower(head) as HeadVariant;
    else refuse("head", `${quote(head)} is not ${HEAD_VARIANTS.join(" or ")}`, config.head);
  }
  const rows = get("rows");
  if (rows !== null) {
    const r = parseRows(rows);
    if ("errors" in r)
      refuse("rows", `${r.errors.slice(0, 3).join("; ")}${r.errors.length > 3 ? "; …" : ""}`, config.rows);
    else config.rows = r.rows;
  }
  // Whole-network rules: a combination that fails falls back to the base for the offending field.
  const base = opts.base ?? defaultConfig();
  for (const p of validate(config)) {
    const field = p.field.split(".")[0] as keyof SiteConfig;
    const key = field === "stemChannels" ? "stem" : field === "lastChannels" ? "last" : field;
    (config as unknown as Record<string, unknown>)[field] =
      field === "rows" ? base.rows.map((r) => ({ ...r })) : base[field];
    if (!problems.some((q) => q.key === key))
      problems.push({
        key,
        message: `Address key “${key}”: ${p.message.replace(/\.$/, "")}; using ${fallback(base[field])}.`,
      });
  }
  if (validate(config).length) Object.assign(config, cloneConfig(base));
  for (const [key, s] of Object.entries(specs)) {
    const v = get(key);
    if (v === null) continue;
    let value: unknown;
    if (s.kind === "number") {
      if (v.length > 40) {
        refuse(key, `${quote(v)} is not a number`, knobs[key]);
        continue;
      }
      const r = parseNumber(v, { label: s.label, min: s.min, max: s.max, integer: s.integer, oneOf: s.oneOf });
      if ("error" in r) {
        refuse(key, r.error.replace(/^[^:]*: /, "").replace(/\.$/, ""), knobs[key]);
        continue;
      }
      value = r.value;
    } else if (s.kind === "flag") {
      const t = lower(v);
      value = ["1", "true", "on", "yes", ""].includes(t)
        ? true
        : ["0", "false", "off", "no"].includes(t)
          ? false
          : null;
      if (value === null) {
        refuse(key, `${quote(v)} is not on or off`, knobs[key]);
        continue;
      }
    } else {
      value = s.options.find((o) => lower(o) === lower(v));
      if (value === undefined) {
        refuse(key, `${quote(v)} is not one of ${s.options.join(", ")}`, knobs[key]);
        continue;
      }
    }
    (knobs as Record<string, unknown>)[key] = value;
  }
  const known = new Set<string>([...CONFIG_KEYS, ...SITE_KEYS, ...Object.keys(specs)]);
  const unknown = keys.filter((k) => !known.has(k)).map(clean);
  return { config, knobs, problems: problems.map((p) => ({ key: clean(p.key), message: clean(p.message) })), unknown };
}

/** The address form of a configuration and knobs, every default omitted (so the paper's network is ""). */
export function serialize<K extends KnobSpecs = Record<never, KnobSpec>>(
  config: SiteConfig,
  opts: { knobs?: K; values?: Partial<KnobValues<K>> } = {},
): URLSearchParams {
  const d = defaultConfig();
  const p = new URLSearchParams();
  if (config.width !== d.width) p.set("width", String(config.width));
  if (config.resolution !== d.resolution) p.set("resolution", String(config.resolution));
  if (config.classes !== d.classes) p.set("classes", String(config.classes));
  if (config.convention !== d.convention) p.set("convention", config.convention);
  if (config.head !== d.head) p.set("head", config.head);
  if (config.stemChannels !== d.stemChannels) p.set("stem", String(config.stemChannels));
  if (config.lastChannels !== d.lastChannels) p.set("last", String(config.lastChannels));
  if (!sameRows(config.rows, d.rows)) p.set("rows", formatRows(config.rows));
  for (const [key, s] of Object.entries(opts.knobs ?? {})) {
    const v = opts.values?.[key];
    if (v === undefined || v === s.default) continue;
    p.set(key, typeof v === "boolean" ? (v ? "1" : "0") : String(v));
  }
  return p;
}

/** `serialize` as a query string: "" for all defaults, else "?width=0.5&…". */
export function toQuery<K extends KnobSpecs = Record<never, KnobSpec>>(
  config: SiteConfig,
  opts: { knobs?: K; values?: Partial<KnobValues<K>>; keep?: URLSearchParams } = {},
): string {
  const p = serialize(config, opts);
  // Site-wide keys (e.g. a forced backend) ride along unchanged.
  for (const k of SITE_KEYS) {
    const v = opts.keep?.get(k);
    if (v !== null && v !== undefined) p.set(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** A short description: "width 0.5, 160 px, 10 classes, from-scratch, 8 rows". */
export function describeConfig(c: SiteConfig): string {
  const d = defaultConfig();
  const parts = [
    `width ${c.width}`,
    `${c.resolution}×${c.resolution} input`,
    `${formatInt(c.classes)} classes`,
    `${c.convention} convention`,
  ];
  if (!sameRows(c.rows, d.rows)) parts.push(`${c.rows.length} custom row${c.rows.length > 1 ? "s" : ""}`);
  if (c.head !== d.head) parts.push("1×1 conv classifier");
  return parts.join(", ");
}
