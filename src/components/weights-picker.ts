/**
 * Where the weights come from: the pretrained model installed with the site (if any), random initialisation,
 * a URL to a model.json, files the reader picks (model.json + .bin shards [+ labels.json]), and, with
 * `tflite: true`, installed .tflite files and a picked .tflite file [+ its labels .txt]. The value is a
 * WeightsChoice (model-loader.ts); it changes only when the reader commits a choice. The installed choices are
 * kept in the page's address as `weights` (page-address.ts): `random`, `model:<id>`, `tflite:<id>`; weights
 * from a URL or the reader's files cannot go in a link, and the page says so beside Copy link.
 */
import { assetURL, type Manifest, modelCreditLine } from "./assets.js";
import { el } from "./dom.js";
import type { WeightsChoice } from "./model-loader.js";
import { addressControl, addressInitial } from "./url-state.js";

/** The picker: its value is the committed choice. */
export type WeightsPicker = HTMLElement & {
  value: WeightsChoice;
  /**
   * The page could not load the committed choice: show why at the picker and put it back on `keep`, the choice
   * still in use (no "input" event: nothing needs recomputing).
   */
  refuse(message: string, keep: WeightsChoice | null): void;
};

/** `tflite: true` adds the TFLite choices (installed .tflite files and a .tflite file picker); set it only
 * when the page passes a TfliteImporter to loadModel. */
export function weightsPicker(manifest: Manifest, opts: { tflite?: boolean } = {}): WeightsPicker {
  const root = el("fieldset", { class: "act-weights" }) as unknown as WeightsPicker;
  root.append(el("legend", {}, "Weights"));
  const name = `w-${Math.random().toString(36).slice(2, 8)}`;
  const msg = el("div", { class: "input-error" });
  msg.setAttribute("role", "alert");
  let value: WeightsChoice;
  // The radio button of each choice made so far, to put the picker back on a choice (refuse).
  const radios = new Map<WeightsChoice, HTMLInputElement>();
  // The installed choices by their address text.
  const named = new Map<string, WeightsChoice>();
  const commit = (v: WeightsChoice, input?: HTMLInputElement) => {
    if (input) radios.set(v, input);
    value = v;
    msg.textContent = "";
    root.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const radio = (label: string, checked: boolean, onPick: () => void, extra?: Node) => {
    const input = el("input", { type: "radio", name, checked });
    input.addEventListener("change", () => input.checked && onPick());
    // A radio's own "input" event fires before "change", while the value is still the previous choice: without
    // this, every click would reload the previous weights before loading the new ones.
    input.addEventListener("input", (e) => e.stopPropagation());
    const lab = el("label", { class: "act-radio" }, input, ` ${label}`);
    root.append(el("div", {}, lab, ...(extra ? [" ", extra] : [])));
    return input;
  };
  for (const [i, m] of manifest.models.entries()) {
    const choice: WeightsChoice = {
      kind: "installed",
      id: m.id,
      url: assetURL(manifest, m.url),
      labels: m.labels ? assetURL(manifest, m.labels) : null,
      ...(m.weights ? { weights: m.weights.map((w) => assetURL(manifest, w)) } : {}),
    };
    if (i === 0) value = choice;
    named.set(`model:${m.id}`, choice);
    const r = radio(`Pretrained: ${m.id} (installed with this site, ${(m.bytes / 1e6).toFixed(1)} MB)`, i === 0, () =>
      commit(choice),
    );
    radios.set(choice, r);
  }
  const random: WeightsChoice = { kind: "random" };
  value ??= random;
  const randomRadio = radio("Random initialisation (no training)", manifest.models.length === 0, () => commit(random));
  randomRadio.dataset.choice = "random";
  radios.set(random, randomRadio);
  named.set("random", random);

  const urlBox = el("input", { type: "url", placeholder: "https://…/model.json", size: 36 });
  urlBox.setAttribute("aria-label", "URL of a model.json");
  const urlGo = el("button", { type: "button" }, "Load");
  const urlRadio = radio("From a URL:", false, () => urlBox.focus(), el("span", {}, urlBox, " ", urlGo));
  const loadUrl = () => {
    const u = urlBox.value.trim();
    try {
      const url = new URL(u, location.href);
      if (!/\.json$/.test(url.pathname)) throw new Error("the address should end in model.json");
      urlRadio.checked = true;
      commit({ kind: "url", url: url.href }, urlRadio);
    } catch (e) {
      msg.textContent = `Not a usable address (${e instanceof Error ? e.message : String(e)}).`;
    }
  };
  urlGo.addEventListener("click", loadUrl);
  urlBox.addEventListener("keydown", (e) => e.key === "Enter" && loadUrl());
  urlBox.addEventListener("input", (e) => e.stopPropagation());

  /**
   * A choice of the reader's own files: the radio opens the file picker; `choose` makes the picked files a choice,
   * or says (a message at the picker) why they are not one.
   */
  const filesRadio = (
    label: string,
    file: { choice: string; accept: string; ariaLabel: string },
    choose: (list: File[]) => WeightsChoice | string,
  ) => {
    const input = el("input", { type: "file", multiple: true, accept: file.accept });
    input.dataset.choice = file.choice;
    input.setAttribute("aria-label", file.ariaLabel);
    const r = radio(label, false, () => input.click(), input);
    input.addEventListener("input", (e) => e.stopPropagation());
    input.addEventListener("change", () => {
      const v = choose([...(input.files ?? [])]);
      if (typeof v === "string") {
        msg.textContent = v;
        return;
      }
      r.checked = true;
      commit(v, r);
    });
  };

  filesRadio(
    "From files (model.json + .bin shards, optionally labels.json):",
    { choice: "files", accept: ".json,.bin,.txt", ariaLabel: "Model files: model.json and its .bin weight shards" },
    (list) =>
      list.some((f) => f.name.endsWith(".json") && f.name !== "labels.json")
        ? { kind: "files", files: list }
        : "Pick the model.json together with its .bin shards (select them all at once).",
  );
  if (opts.tflite) {
    for (const [i, t] of manifest.tflite.entries()) {
      const file = t.url.split("/").pop() ?? t.id;
      const choice: WeightsChoice = {
        kind: "tflite",
        name: file,
        url: assetURL(manifest, t.url),
        labels: t.labels ? assetURL(manifest, t.labels) : null,
        ...(t.licence ? { credit: `${t.author ?? t.title}, ${t.licence}` } : {}),
      };
      // With no layers model installed, the first TFLite file is the default (trained weights beat random ones).
      const first = i === 0 && manifest.models.length === 0;
      if (first) {
        value = choice;
        randomRadio.checked = false;
      }
      const size = t.bytes ? `, ${(t.bytes / 1e6).toFixed(1)} MB` : "";
      const where = t.shipped ? "ships with this site" : "installed with this site";
      const r = radio(
        t.title
          ? `${t.title}: TFLite file ${file} (${where}${size}; imported in the page)`
          : `TFLite: ${t.id} (${where}${size}; imported in the page)`,
        first,
        () => commit(choice),
      );
      r.dataset.choice = `tflite:${t.id}`;
      radios.set(choice, r);
      named.set(`tflite:${t.id}`, choice);
      if (t.licence) root.append(modelCreditLine(t, manifest.base, "model-credit act-model-credit"));
    }
    filesRadio(
      "From a .tflite file (float32 or int8 MobileNetV2, any width and resolution; optionally with its labels .txt):",
      {
        choice: "tflite-file",
        accept: ".tflite,.txt,.json",
        ariaLabel: "A MobileNetV2 .tflite file, optionally with its labels file",
      },
      (list) => {
        const isLabels = (f: File) => /\.(txt|json)$/i.test(f.name);
        const model = list.find((f) => !isLabels(f));
        if (model) return { kind: "tflite", name: model.name, file: model, labelsFile: list.find(isLabels) };
        return list.length
          ? `${list.map((f) => f.name).join(", ")}: no model file. Pick a .tflite file (and, if you like, its labels .txt at the same time).`
          : "";
      },
    );
  }
  root.append(msg);
  Object.defineProperty(root, "value", { get: () => value });
  const textOf = (v: WeightsChoice) => [...named].find(([, c]) => c === v)?.[0];
  const fallback = textOf(value) ?? "random";
  // Start with the address's choice when it names an installed one (no reload of the default first).
  const start = named.get(addressInitial("weights", (t) => named.has(t), fallback));
  if (start && start !== value) {
    value = start;
    for (const [c, r] of radios) r.checked = c === start;
  }
  const address = addressControl(root, "weights", {
    default: fallback,
    get: () => textOf(value),
    set: (text) => {
      const c = named.get(text);
      const r = c && radios.get(c);
      if (!c || !r || c === value) return;
      r.checked = true;
      commit(c, r);
    },
    note: `A link cannot carry weights from your own files or another address: it opens with ${fallback === "random" ? "random weights" : "the weights installed with this site"}.`,
  });
  root.refuse = (message: string, keep: WeightsChoice | null) => {
    if (keep) {
      value = keep;
      const r = radios.get(keep);
      if (r) r.checked = true;
    }
    msg.textContent = message;
    address.changed();
  };
  return root;
}
