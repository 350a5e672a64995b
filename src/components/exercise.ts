/**
 * Exercises on a walkthrough page, and the worksheet of the Teacher's guide.
 *
 *   display(exercises("depthwise-separable"));   // at the end of the page, under "## Exercises"
 *   display(worksheet());                         // the Teacher's guide: every page's questions, an answer key
 *
 * The numbers come from a question set number in the address (`?exercise=N`, a site-wide key: see SITE_KEYS in
 * src/lib/config.ts), so the same link shows the same questions; "New numbers" draws another set and writes it to
 * the address (history.replaceState, other keys kept). Each card checks the answer as the student types (after a
 * short pause, or at once on Enter), says right or wrong in words and why, in a polite live region, and has the
 * worked solution in a <details>. `data-verdict` on the verdict line (empty, pending, unreadable, right, wrong) and
 * `data-given` on each number of a question are what the tests read.
 */

import type { SiteConfig } from "../lib/config.js";
import {
  checkAnswer,
  EXERCISE_PAGES,
  type ExercisePage,
  exercisesFor,
  formatAnswer,
  networkExercises,
  networkGivens,
  newSeed,
  type PromptPart,
  type Question,
  seedFromAddress,
} from "../lib/exercises.js";
import { formatInt } from "../lib/format.js";
import { el } from "./dom.js";

const KEY = "exercise";
const PAUSE_MS = 400;
let uid = 0;

function readSeed(): { seed: number; problem: string | null } {
  return seedFromAddress(new URLSearchParams(location.search).get(KEY));
}

function writeSeed(seed: number): void {
  const p = new URLSearchParams(location.search);
  p.set(KEY, String(seed));
  history.replaceState(history.state, "", `${location.pathname}?${p}${location.hash}`);
}

/** Text with the paper's c_in / c_out written as subscripts. */
function rich(text: string): (Node | string)[] {
  return text.split(/\bc_(in|out)\b/).map((part, i) => (i % 2 ? el("span", {}, "c", el("sub", {}, part)) : part));
}

function promptNodes(parts: PromptPart[]): (Node | string)[] {
  return parts.flatMap((p) =>
    typeof p === "string" ? rich(p) : [el("b", { "data-given": p.given, "data-value": String(p.value) }, p.text)],
  );
}

/** One question: prompt, answer box, verdict as the student types, worked solution on request. */
function exerciseCard(q: Question, n: number): HTMLElement {
  const id = `ex-${++uid}`;
  const input = el("input", {
    id: `${id}-in`,
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": `${id}-prompt ${id}-hint`,
  });
  const verdict = el("p", {
    id: `${id}-verdict`,
    class: "exercise-verdict",
    role: "status",
    "aria-live": "polite",
    "data-verdict": "empty",
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    clearTimeout(timer);
    const v = checkAnswer(q, input.value);
    verdict.dataset.verdict = v.state;
    const mark = v.state === "right" ? "✓ " : v.state === "wrong" || v.state === "unreadable" ? "✗ " : "";
    verdict.replaceChildren(el("span", { "aria-hidden": "true", class: "exercise-mark" }, mark), v.message);
    input.setAttribute("aria-invalid", v.state === "wrong" || v.state === "unreadable" ? "true" : "false");
  };
  input.addEventListener("input", () => {
    verdict.dataset.verdict = input.value.trim() ? "pending" : "empty";
    clearTimeout(timer);
    timer = setTimeout(check, PAUSE_MS);
  });
  input.addEventListener("change", check);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") check();
  });
  return el(
    "section",
    { class: "exercise", "data-question": q.id, "aria-labelledby": `${id}-title` },
    el("h3", { id: `${id}-title` }, `Exercise ${n}: ${q.title}`),
    el("p", { id: `${id}-prompt`, class: "exercise-prompt" }, ...promptNodes(q.prompt)),
    el("div", { class: "exercise-answer" }, el("label", { for: `${id}-in` }, `Answer to exercise ${n}`), " ", input),
    el("p", { id: `${id}-hint`, class: "exercise-hint muted" }, q.hint),
    verdict,
    el(
      "details",
      { class: "exercise-solution" },
      el("summary", {}, "Show worked solution"),
      el("ol", {}, ...q.solution.map((s) => el("li", {}, ...rich(s)))),
      el("p", {}, el("strong", {}, "Answer: "), formatAnswer(q.answer)),
    ),
  );
}

/** The "New numbers" button and the line naming the question set; `redraw` is called with the new set. */
function setControls(seed: number, redraw: (seed: number) => void): { element: HTMLElement; show(seed: number): void } {
  const label = el("span", { class: "exercise-set", "data-testid": "exercise-set" });
  const status = el("span", { class: "visually-hidden", role: "status" });
  const button = el("button", { type: "button", class: "exercise-new" }, "New numbers");
  const show = (s: number) => {
    label.textContent = `Question set ${formatInt(s)}`;
    label.dataset.seed = String(s);
  };
  let current = seed;
  show(seed);
  button.addEventListener("click", () => {
    current = newSeed(current, Math.random());
    writeSeed(current);
    show(current);
    redraw(current);
    status.textContent = `New numbers: question set ${formatInt(current)}.`;
  });
  return {
    element: el("p", { class: "exercise-controls" }, label, " ", button, " ", status),
    show,
  };
}

/** A set of exercise cards for the question set in the address; `questions` draws them for a set. */
function exerciseSet(name: string, questions: (seed: number) => Question[], before: Node[] = []): HTMLElement {
  const { seed, problem } = readSeed();
  const cards = el("div", { class: "exercise-cards" });
  const root = el("div", { class: "exercises", "data-page": name, "data-seed": seed });
  const draw = (s: number) => {
    root.dataset.seed = String(s);
    cards.replaceChildren(...questions(s).map((q, i) => exerciseCard(q, i + 1)));
  };
  const controls = setControls(seed, draw);
  root.append(
    el(
      "p",
      { class: "exercise-intro" },
      "Work these out on paper, then type your answer: the page checks it as you type. Every number comes from the question set named below; ",
      el("em", {}, "New numbers"),
      " draws another set and puts its number in the page's address, so the same link always shows the same questions.",
    ),
    ...(problem ? [el("p", { class: "address-notice", role: "status" }, problem)] : []),
    ...before,
    controls.element,
    cards,
  );
  draw(seed);
  return root;
}

/** The exercises of one walkthrough page, for the question set in the address. */
export function exercises(page: ExercisePage): HTMLElement {
  return exerciseSet(page, (s) => exercisesFor(page, s));
}

/** Questions on the network the reader configured (the Playground): redraw it whenever the network changes. */
export function networkExerciseSet(cfg: SiteConfig): HTMLElement {
  return exerciseSet("playground", (s) => networkExercises(cfg, s), [
    el("p", { class: "exercise-network" }, ...promptNodes(networkGivens(cfg))),
  ]);
}

/** Every page's questions for one question set, as a printable worksheet, with an answer key on request. */
export function worksheet(): HTMLElement {
  const { seed, problem } = readSeed();
  const body = el("div", { class: "worksheet-pages" });
  const key = el("div", { class: "worksheet-key", hidden: true, "data-testid": "worksheet-key" });
  const toggle = el("button", { type: "button", "aria-pressed": "false" }, "Show the answer key");
  const root = el("div", { class: "worksheet", "data-seed": seed });
  const draw = (s: number) => {
    root.dataset.seed = String(s);
    const sections = (Object.keys(EXERCISE_PAGES) as ExercisePage[]).map((page) => ({
      page,
      questions: exercisesFor(page, s),
    }));
    body.replaceChildren(
      ...sections.map(({ page, questions }) =>
        el(
          "section",
          { class: "worksheet-page", "data-page": page },
          el(
            "h3",
            {},
            el("a", { href: `${page === "overview" ? "../" : `./${page}`}?${KEY}=${s}` }, EXERCISE_PAGES[page].title),
          ),
          el(
            "ol",
            {},
            ...questions.map((q) =>
              el("li", { "data-question": q.id }, ...promptNodes(q.prompt), el("span", { class: "worksheet-line" })),
            ),
          ),
        ),
      ),
    );
    key.replaceChildren(
      el("h3", {}, `Answer key, question set ${formatInt(s)}`),
      ...sections.map(({ page, questions }) =>
        el(
          "p",
          { "data-page": page },
          el("strong", {}, `${EXERCISE_PAGES[page].title}: `),
          questions.map((q, i) => `${i + 1}. ${formatAnswer(q.answer)}`).join("; "),
        ),
      ),
    );
  };
  key.id = `worksheet-key-${++uid}`;
  toggle.setAttribute("aria-controls", key.id);
  toggle.addEventListener("click", () => {
    key.hidden = !key.hidden;
    toggle.setAttribute("aria-pressed", String(!key.hidden));
    toggle.textContent = key.hidden ? "Show the answer key" : "Hide the answer key";
  });
  const controls = setControls(seed, draw);
  controls.element.append(" ", toggle);
  root.append(
    ...(problem ? [el("p", { class: "address-notice", role: "status" }, problem)] : []),
    controls.element,
    el(
      "p",
      { class: "muted" },
      "Each heading links to its page with the same question set, where a student can check an answer and open a worked solution. The answer key prints only while it is shown.",
    ),
    body,
    key,
  );
  draw(seed);
  return root;
}
