/**
 * The exercises' answers recomputed here, independently of src/lib: from the numbers a question shows (its
 * `data-given` values) and the paper's formulas, written out again. Shared by the unit test (givens read from the
 * question's prompt) and the browser test (givens read from the page). Returns the text a student would type.
 */
import { makeDivisible, TABLE2 } from "./references.js";

type Givens = Record<string, string>;

const n = (g: Givens, k: string) => {
  if (!(k in g)) throw new Error(`the question shows no “${k}”`);
  return Number(g[k]);
};
const list = (g: Givens, k: string) => g[k].split(",").map(Number);

/** Blocks of a network given as rows t-c-n-s (stem 32 channels): input and output channels, stride, t. */
function walkBlocks(rows: readonly (readonly number[])[]) {
  const blocks: { cin: number; cout: number; stride: number; t: number }[] = [];
  let cin = 32;
  for (const [t, c, reps, s] of rows)
    for (let i = 0; i < reps; i++) {
      blocks.push({ cin, cout: c, stride: i === 0 ? s : 1, t });
      cin = c;
    }
  return blocks;
}

/** A configured network from its givens: channels scaled as the convention says, blocks walked with the rules. */
function network(g: Givens) {
  const alpha = n(g, "alpha");
  const reference = g.convention === "reference";
  const scale = (c: number) => (reference ? makeDivisible(c * alpha) : Math.floor(c * alpha + 1e-9));
  const rows = g.rows.split("_").map((r) => r.split("-").map(Number));
  const blocks: { cin: number; cout: number; stride: number; t: number; row: number }[] = [];
  let cin = scale(n(g, "stem"));
  rows.forEach(([t, c, reps, s], r) => {
    for (let i = 0; i < reps; i++) {
      blocks.push({ cin, cout: scale(c), stride: i === 0 ? s : 1, t, row: r + 1 });
      cin = scale(c);
    }
  });
  return { rows, blocks, scale, reference };
}

/** The right answer to question `id` of `page`, as text to type. */
export function rightAnswer(page: string, id: string, g: Givens): string {
  switch (`${page}/${id}`) {
    case "playground/row-shape": {
      const { rows, scale } = network(g);
      let size = Math.ceil(n(g, "res") / 2);
      for (const [, , , s] of rows.slice(0, n(g, "row"))) size = Math.ceil(size / s);
      return `${size}x${size}x${scale(rows[n(g, "row") - 1][1])}`;
    }
    case "playground/shortcuts": {
      const ids = network(g).blocks.flatMap((b, i) => (b.stride === 1 && b.cin === b.cout ? [i] : []));
      return ids.length ? ids.join(", ") : "none";
    }
    case "playground/block-params": {
      const { blocks, reference } = network(g);
      const b = blocks[n(g, "block")];
      const e = b.cin * b.t;
      const expansion = reference && b.t === 1 ? 0 : b.cin * e + 2 * e;
      return String(expansion + 9 * e + 2 * e + e * b.cout + 2 * b.cout);
    }
    case "overview/model-size":
      return ((n(g, "params") * n(g, "bytes")) / 1e6).toFixed(3);
    case "overview/frame-time":
      return ((n(g, "madds") / (n(g, "speed") * 1e9)) * 1000).toFixed(3);
    case "depthwise-separable/standard-madds":
      return String(n(g, "h") * n(g, "w") * n(g, "k") ** 2 * n(g, "cin") * n(g, "cout"));
    case "depthwise-separable/separable-madds":
      return String(n(g, "h") * n(g, "w") * n(g, "cin") * (n(g, "k") ** 2 + n(g, "cout")));
    case "depthwise-separable/saving": {
      const [k2, cout] = [n(g, "k") ** 2, n(g, "cout")];
      return ((k2 * cout) / (k2 + cout)).toFixed(4);
    }
    case "inverted-residual/block-cost":
      return String(n(g, "h") * n(g, "w") * n(g, "d1") * n(g, "t") * (n(g, "d1") + n(g, "k") ** 2 + n(g, "d2")));
    case "inverted-residual/block-params": {
      const [d1, t, d2, k] = [n(g, "d1"), n(g, "t"), n(g, "d2"), n(g, "k")];
      const e = t * d1;
      return String(d1 * e + 2 * e + k * k * e + 2 * e + e * d2 + 2 * d2);
    }
    case "inverted-residual/shortcut":
      return n(g, "s") === 1 && n(g, "cin") === n(g, "cout") ? "yes" : "no";
    case "linear-bottleneck/relu-zeros":
      return String(list(g, "v").filter((x) => x < 0).length);
    case "linear-bottleneck/survive":
      return (1 - (n(g, "n") + 1) / 2 ** n(g, "n")).toFixed(4);
    case "linear-bottleneck/projection-weights":
      return String(n(g, "t") * n(g, "d1") * n(g, "d2"));
    case "relu6/relu6-values":
      return list(g, "x")
        .map((x) => Math.min(Math.max(x, 0), 6))
        .join(", ");
    case "relu6/step":
      return (6 / (2 ** n(g, "bits") - 1)).toFixed(5);
    case "relu6/coarser":
      return (n(g, "max") / 6).toFixed(4);
    case "width-resolution/estimate":
      return String(Math.round(n(g, "base") * n(g, "alpha") ** 2 * (n(g, "res") / 224) ** 2));
    case "width-resolution/row-channels":
      return String(makeDivisible(n(g, "c") * n(g, "alpha")));
    case "width-resolution/params-resolution":
      return g.params; // weights are shared by every position: the resolution does not change them
    case "architecture/row-shape": {
      let size = Math.ceil(n(g, "res") / 2);
      for (const { s } of TABLE2.slice(0, n(g, "row"))) size = Math.ceil(size / s);
      return `${size}x${size}x${TABLE2[n(g, "row") - 1].c}`;
    }
    case "architecture/shortcuts": {
      const rows = g.rows.split("_").map((r) => r.split("-").map(Number));
      const ids = walkBlocks(rows).flatMap((b, i) => (b.stride === 1 && b.cin === b.cout ? [i] : []));
      return ids.length ? ids.join(", ") : "none";
    }
    case "architecture/block-params": {
      const b = walkBlocks(TABLE2.map(({ t, c, n, s }) => [t, c, n, s]))[n(g, "block")];
      const e = b.cin * b.t;
      const expansion = b.t === 1 ? 0 : b.cin * e + 2 * e;
      return String(expansion + 9 * e + 2 * e + e * b.cout + 2 * b.cout);
    }
    case "activations/pixel":
      return (n(g, "p") / 127.5 - 1).toFixed(5);
    case "activations/crop":
      return String((n(g, "w") - n(g, "h")) / 2);
    case "activations/expansion-shape": {
      const b = walkBlocks(TABLE2.map(({ t, c, n, s }) => [t, c, n, s]));
      let size = Math.ceil(n(g, "res") / 2);
      for (const x of b.slice(0, n(g, "block"))) size = Math.ceil(size / x.stride);
      const k = b[n(g, "block")];
      return `${size}x${size}x${k.cin * k.t}`;
    }
    case "inside/last-map": {
      let size = n(g, "res");
      for (let i = 0; i < 5; i++) size = Math.ceil(size / 2);
      return String(size);
    }
    case "inside/field": {
      let [rf, jump] = [3, 2];
      for (const b of walkBlocks(TABLE2.map(({ t, c, n, s }) => [t, c, n, s])).slice(0, n(g, "block") + 1)) {
        rf += 2 * jump;
        jump *= b.stride;
      }
      return String(rf);
    }
    case "inside/int8-weight":
      return String(Math.max(-127, Math.min(127, Math.round(n(g, "w") / n(g, "scale")))));
    case "transfer/head-params":
      return String(n(g, "features") * n(g, "classes") + n(g, "classes"));
    case "transfer/held-out":
      return String(list(g, "counts").reduce((sum, c) => sum + Math.min(c - 1, Math.max(1, Math.round(c / 4))), 0));
    case "transfer/cache-size":
      return ((n(g, "images") * (1 + n(g, "copies")) * 1280 * 4) / 1e6).toFixed(5);
  }
  throw new Error(`no reference for ${page}/${id}`);
}

/** A wrong answer for the same question, as text to type. */
export function wrongAnswer(page: string, id: string, g: Givens): string {
  const right = rightAnswer(page, id, g);
  if (right === "yes") return "no";
  if (right === "no") return "yes";
  if (/^\d+x\d+x\d+$/.test(right)) return right.replace(/x(\d+)$/, (_, c) => `x${Number(c) + 8}`);
  if (right === "none") return "0";
  if (right.includes(",")) return right.split(",").slice(0, -1).join(",") || "99";
  return String(Number(right) * 2 + 1);
}
