/**
 * The Playground's editor for a whole network (a SiteConfig, src/lib/config.ts): presets; width, resolution,
 * classes, stem and last channels; convention and head; and Table 2's bottleneck rows (t, c, n, s) with buttons
 * to add, remove, duplicate and move each row. Every button and box is reachable by keyboard.
 *
 * Its `value` is the last valid configuration: while anything typed is invalid, a message stands at that field and
 * the value (and every result that depends on it) stays as it was. An "input" event fires on each new value.
 */
import { FIELD_RULES, type SiteConfig, validate } from "../lib/config.js";
import { parseNumber } from "../lib/format.js";
import type { Preset } from "../lib/playground.js";
import { el } from "./dom.js";
import { dataTable } from "./table.js";

type Editor = HTMLElement & { value: SiteConfig; set(c: SiteConfig): void };

type RowDraft = { t: string; c: string; n: string; s: string };
interface Draft {
  width: string;
  resolution: string;
  classes: string;
  stemChannels: string;
  lastChannels: string;
  convention: SiteConfig["convention"];
  head: SiteConfig["head"];
  rows: RowDraft[];
}

const toDraft = (c: SiteConfig): Draft => ({
  width: String(c.width),
  resolution: String(c.resolution),
  classes: String(c.classes),
  stemChannels: String(c.stemChannels),
  lastChannels: String(c.lastChannels),
  convention: c.convention,
  head: c.head,
  rows: c.rows.map((r) => ({ t: String(r.t), c: String(r.c), n: String(r.n), s: String(r.s) })),
});

let uid = 0;
const nextId = () => `ce-${++uid}-${Math.random().toString(36).slice(2, 6)}`;

/**
 * A text box for a number with its own message line (aria-describedby), as numberInput has: the network's fields
 * (a visible label and a help line) and each row's t, c, n, s (named by aria-label in the rows table) alike.
 */
function numberBox(o: {
  label: string;
  /** Help under the label: a field of its own; without it the box is a table cell, named by `label`. */
  help?: string;
  value?: string;
  size: number;
  inputmode: "decimal" | "numeric";
  /** data-* of the box and the key of its message (`data-field-error`). */
  data: Record<string, string | number>;
  errorKey: string;
}) {
  const id = nextId();
  const input = el("input", {
    id,
    type: "text",
    inputmode: o.inputmode,
    size: o.size,
    value: o.value,
    "aria-label": o.help === undefined ? o.label : null,
    "aria-describedby": o.help === undefined ? `${id}-msg` : `${id}-help ${id}-msg`,
    ...Object.fromEntries(Object.entries(o.data).map(([k, v]) => [`data-${k}`, v])),
  });
  if (o.value !== undefined) input.value = o.value;
  const msg = el("div", { id: `${id}-msg`, class: "input-error", role: "alert", "data-field-error": o.errorKey });
  return { input, msg, id };
}

/** A labelled field of the network (width, resolution, …): numberInput's layout. */
function field(label: string, help: string, key: string) {
  const { input, msg, id } = numberBox({
    label,
    help,
    size: 7,
    inputmode: "decimal",
    data: { field: key },
    errorKey: key,
  });
  const box = el(
    "div",
    { class: "number-input" },
    el("div", { class: "number-input-row" }, el("label", { for: id }, label), input),
    el("div", { class: "number-input-help", id: `${id}-help` }, help),
    msg,
  );
  return { box, input, msg };
}

function radios<T extends string>(legend: string, name: string, options: [T, string][], key: string) {
  const inputs = options.map(([v, text]) => {
    const id = nextId();
    const input = el("input", { type: "radio", name, value: v, id, "data-field": key });
    return { v, input, label: el("label", { for: id }, input, ` ${text}`) };
  });
  const box = el(
    "fieldset",
    { class: "radio-field" },
    el("legend", {}, legend),
    inputs.map((i) => i.label),
  );
  return { box, inputs };
}

export function configEditor(initial: SiteConfig, opts: { presets?: readonly Preset[] } = {}): Editor {
  let value = initial;
  let draft = toDraft(initial);
  const width = field("Width multiplier α", "scales every layer's channels (0.1 to 2)", "width");
  const resolution = field("Input resolution (px)", "height = width of the image", "resolution");
  const classes = field("Classes", "1000 for ImageNet, 1001 with TF-slim's background class", "classes");
  const stem = field("Stem channels", "the first 3×3 conv's c before scaling (32)", "stemChannels");
  const last = field("Last conv channels", "the 1×1 conv before pooling, before scaling (1280)", "lastChannels");
  const convention = radios(
    "Convention",
    nextId(),
    [
      ["reference", "reference (torchvision / Keras / TF-slim)"],
      ["from-scratch", "from-scratch tutorial"],
    ],
    "convention",
  );
  const head = radios(
    "Classifier",
    nextId(),
    [
      ["linear", "linear layer"],
      ["conv1x1", "1×1 conv on the pooled map"],
    ],
    "head",
  );
  const numbers = { width, resolution, classes, stemChannels: stem, lastChannels: last } as const;

  const rowsHolder = el("div", { class: "rows-editor-scroll" });
  const rowsMsg = el("div", { class: "input-error", role: "alert", "data-field-error": "rows" });
  const addButton = el("button", { type: "button", class: "row-add" }, "+ Add a row");

  const root = el(
    "div",
    { class: "config-editor", "data-state": "valid" },
    opts.presets?.length
      ? el(
          "div",
          { class: "preset-buttons", role: "group", "aria-label": "Presets" },
          el("span", { class: "muted" }, "Presets: "),
          opts.presets.map((p) => {
            const b = el("button", { type: "button", "data-preset": p.id, title: p.note }, p.label);
            b.addEventListener("click", () => root.set(p.config));
            return b;
          }),
        )
      : null,
    el("div", { class: "config-fields" }, width.box, resolution.box, classes.box, stem.box, last.box),
    el("div", { class: "config-fields" }, convention.box, head.box),
    rowsHolder,
    rowsMsg,
    el("div", { class: "rows-actions" }, addButton),
  ) as unknown as Editor;

  const rowCells: Record<string, { input: HTMLInputElement; msg: HTMLElement }>[] = [];

  /** The rows table (the site's `dataTable`): each row's t, c, n, s boxes with their messages, and its buttons. */
  function renderRows(focus?: { row: number; action: string }) {
    rowCells.length = 0;
    const n = draft.rows.length;
    const box = (i: number, k: "t" | "c" | "n" | "s") => {
      const { input, msg } = numberBox({
        label: `Row ${i + 1}, ${FIELD_RULES[k].label}`,
        value: draft.rows[i][k],
        size: 4,
        inputmode: "numeric",
        data: { row: i, key: k },
        errorKey: `rows.${i}.${k}`,
      });
      input.addEventListener("input", () => {
        draft.rows[i][k] = input.value;
        commit();
      });
      rowCells[i] ??= {};
      rowCells[i][k] = { input, msg };
      return [input, msg];
    };
    const action = (name: string, text: string, label: string, disabled: boolean, run: () => void) => {
      const b = el("button", { type: "button", "data-action": name, "aria-label": label, title: label }, text);
      b.disabled = disabled;
      b.addEventListener("click", () => {
        run();
        commit();
      });
      return b;
    };
    const buttons = (i: number) => [
      action("up", "↑", `Move row ${i + 1} up`, i === 0, () => {
        [draft.rows[i - 1], draft.rows[i]] = [draft.rows[i], draft.rows[i - 1]];
        renderRows({ row: i - 1, action: i - 1 === 0 ? "down" : "up" });
      }),
      action("down", "↓", `Move row ${i + 1} down`, i === n - 1, () => {
        [draft.rows[i + 1], draft.rows[i]] = [draft.rows[i], draft.rows[i + 1]];
        renderRows({ row: i + 1, action: i + 1 === n - 1 ? "up" : "down" });
      }),
      action("duplicate", "Duplicate", `Duplicate row ${i + 1}`, false, () => {
        draft.rows.splice(i + 1, 0, { ...draft.rows[i] });
        renderRows({ row: i + 1, action: "duplicate" });
      }),
      action("remove", "Remove", `Remove row ${i + 1}`, false, () => {
        draft.rows.splice(i, 1);
        renderRows(draft.rows.length ? { row: Math.min(i, draft.rows.length - 1), action: "remove" } : undefined);
        if (!draft.rows.length) addButton.focus();
      }),
    ];
    const keys = ["t", "c", "n", "s"] as const;
    rowsHolder.replaceChildren(
      dataTable(
        [
          { label: "Row", rowHeader: true, value: (i: number) => String(i + 1) },
          ...keys.map((k) => ({ label: k, value: (i: number) => box(i, k) })),
          { label: "Edit the row", value: buttons, cls: () => "row-buttons" },
        ],
        draft.rows.map((_, i) => i),
        {
          cls: "rows-editor",
          caption:
            "Bottleneck rows of Table 2. t: expansion factor, c: output channels (before the width multiplier), n: repeats, s: stride of the first repeat (1 or 2).",
          rowData: (i) => ({ row: i }),
        },
      ),
    );
    if (focus)
      rowsHolder.querySelector<HTMLElement>(`tr[data-row="${focus.row}"] [data-action="${focus.action}"]`)?.focus();
  }

  addButton.addEventListener("click", () => {
    const lastRow = draft.rows[draft.rows.length - 1] ?? { t: "6", c: "32", n: "1", s: "1" };
    draft.rows.push({ ...lastRow, s: "1" });
    renderRows();
    rowsHolder.querySelector<HTMLInputElement>(`tr[data-row="${draft.rows.length - 1}"] input`)?.focus();
    commit();
  });

  function fillFields() {
    for (const [k, f] of Object.entries(numbers)) f.input.value = draft[k as keyof typeof numbers];
    for (const i of convention.inputs) i.input.checked = i.v === draft.convention;
    for (const i of head.inputs) i.input.checked = i.v === draft.head;
  }

  for (const [k, f] of Object.entries(numbers))
    f.input.addEventListener("input", () => {
      draft[k as keyof typeof numbers] = f.input.value;
      commit();
    });
  for (const i of convention.inputs)
    i.input.addEventListener("change", () => {
      draft.convention = i.v;
      commit();
    });
  for (const i of head.inputs)
    i.input.addEventListener("change", () => {
      draft.head = i.v;
      commit();
    });
  // Keep Framework's view() from seeing the boxes' own input events: the editor fires its own.
  root.addEventListener("input", (e) => {
    if (e.target !== root) e.stopPropagation();
  });

  /** Parse the draft; show a message at each bad field; adopt it as the value when all is well. */
  function commit() {
    const problems = new Map<string, string>();
    const num = (key: string, text: string, rule: (typeof FIELD_RULES)[keyof typeof FIELD_RULES]) => {
      const r = parseNumber(text, rule);
      if ("error" in r) problems.set(key, `${r.error} Keeping the last valid network.`);
      return "error" in r ? Number.NaN : r.value;
    };
    const c: SiteConfig = {
      width: num("width", draft.width, FIELD_RULES.width),
      resolution: num("resolution", draft.resolution, FIELD_RULES.resolution),
      classes: num("classes", draft.classes, FIELD_RULES.classes),
      stemChannels: num("stemChannels", draft.stemChannels, FIELD_RULES.stemChannels),
      lastChannels: num("lastChannels", draft.lastChannels, FIELD_RULES.lastChannels),
      convention: draft.convention,
      head: draft.head,
      rows: draft.rows.map((r, i) => ({
        t: num(`rows.${i}.t`, r.t, { ...FIELD_RULES.t, label: `Row ${i + 1} t` }),
        c: num(`rows.${i}.c`, r.c, { ...FIELD_RULES.c, label: `Row ${i + 1} c` }),
        n: num(`rows.${i}.n`, r.n, { ...FIELD_RULES.n, label: `Row ${i + 1} n` }),
        s: num(`rows.${i}.s`, r.s, { ...FIELD_RULES.s, label: `Row ${i + 1} s` }),
      })),
    };
    if (problems.size === 0)
      for (const p of validate(c)) problems.set(p.field, `${p.message} Keeping the last valid network.`);
    for (const [k, f] of Object.entries(numbers)) show(f.input, f.msg, problems.get(k));
    rowCells.forEach((cells, i) => {
      for (const [k, cell] of Object.entries(cells)) show(cell.input, cell.msg, problems.get(`rows.${i}.${k}`));
    });
    rowsMsg.textContent = problems.get("rows") ?? "";
    addButton.disabled = draft.rows.length >= 20;
    root.dataset.state = problems.size ? "invalid" : "valid";
    root.dataset.problems = String(problems.size);
    if (problems.size) return;
    value = c;
    root.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function show(input: HTMLInputElement, msg: HTMLElement, text: string | undefined) {
    msg.textContent = text ?? "";
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  Object.defineProperty(root, "value", { get: () => value });
  root.set = (c: SiteConfig) => {
    draft = toDraft(c);
    fillFields();
    renderRows();
    commit();
  };
  fillFields();
  renderRows();
  return root;
}
