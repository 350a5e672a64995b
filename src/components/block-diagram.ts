/**
 * A residual block drawn to scale as an SVG: every tensor a box whose height is proportional to its channels
 * (one scale shared by all diagrams given the same `maxChannels`, so two blocks can be compared by eye), the
 * layer that makes it on the arrow before it, coloured by role, the linear layer outlined with dashes, and the
 * shortcut as an arc into ⊕ (or a note saying why there is none).
 */
import * as d3 from "d3";
import type { BlockSummary, BlockUnit } from "../lib/block-units.js";
import { formatShape } from "../lib/format.js";

export interface BlockDiagramOptions {
  title: string;
  /** Channels that map to the full box height; use the same value for diagrams meant to be compared. */
  maxChannels: number;
  /** Sentence shown where the shortcut would be when the block has none. */
  noShortcutReason?: string;
  width?: number;
}

const ROLE_COLOR: Record<string, string> = {
  input: "var(--theme-foreground-faint, #999)",
  expansion: "var(--role-expansion)",
  restore: "var(--role-expansion)",
  depthwise: "var(--role-depthwise)",
  spatial: "var(--role-head)",
  projection: "var(--role-projection)",
  reduce: "var(--role-projection)",
  shortcut: "var(--role-stem)",
  add: "var(--role-add)",
};

const ROLE_LEGEND: Record<string, string> = {
  expansion: "1×1 expansion (widens)",
  restore: "1×1 restore (widens)",
  depthwise: "3×3 depthwise",
  spatial: "3×3 full conv",
  projection: "1×1 projection (narrows)",
  reduce: "1×1 reduce (narrows)",
  shortcut: "1×1 conv on the shortcut",
  add: "add (shortcut joins)",
};

function unitRoleName(u: BlockUnit): string {
  return u.role;
}

/** Average glyph width of the diagram's 12 px sans-serif, in px (a little generous, so text never overruns). */
const CHAR_W = 6.9;

/**
 * `text` broken into lines of at most `max` characters: after an underscore or at a space (Keras names such as
 * expanded_conv_project break into expanded_conv_ / project), a word longer than a line cut where it must.
 */
function wrapLabel(text: string, max: number): string[] {
  const m = Math.max(4, Math.floor(max));
  const words = text.match(/[^_\s]+_*|\s+/g) ?? [text];
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (/^\s+$/.test(w)) {
      if (line) line += " ";
      continue;
    }
    if ((line + w).length <= m) {
      line += w;
      continue;
    }
    if (line.trim()) lines.push(line.trimEnd());
    line = "";
    let rest = w;
    while (rest.length > m) {
      lines.push(rest.slice(0, m));
      rest = rest.slice(m);
    }
    line = rest;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.length ? lines : [text];
}

/** Lines of text, one <tspan> each, starting at `y`, `dy` apart. */
function addLines<E extends SVGElement>(
  parent: d3.Selection<E, undefined, null, undefined>,
  lines: string[],
  x: number,
  y: number,
  dy: number,
) {
  const t = parent.append("text").attr("x", x).attr("y", y).attr("fill", "currentColor");
  for (const [j, line] of lines.entries())
    t.append("tspan")
      .attr("x", x)
      .attr("dy", j === 0 ? 0 : dy)
      .text(line);
  return t;
}

export function blockDiagram(block: BlockSummary, o: BlockDiagramOptions): SVGSVGElement {
  const width = o.width ?? 860;
  const H = 150; // full box height
  const boxW = 30;
  // Long text wraps to the width: the title (14 px, bold) and the note where the shortcut would be (12 px).
  const titleLines = wrapLabel(o.title, width / 8.2);
  const noteLines = block.add ? [] : wrapLabel(o.noShortcutReason ?? "no shortcut", (width - 30) / CHAR_W);
  const top = 72 + (titleLines.length - 1) * 18 + Math.max(0, noteLines.length - 1) * 14;
  const mid = top + H / 2;
  const main = block.units.filter((u) => u.branch === "main");
  const shortcutUnit = block.units.find((u) => u.branch === "shortcut");
  type Col = { channels: number; shape: number[]; role: string; linear: boolean; caption: string; op?: BlockUnit };
  const cols: Col[] = [
    { channels: block.input[2], shape: block.input, role: "input", linear: false, caption: "input" },
    ...main.map((u) => ({
      channels: u.outShape[2],
      shape: u.outShape,
      role: unitRoleName(u),
      linear: u.activation === null,
      caption: u.name.replace(/^(block|resnet)_/, ""),
      op: u,
    })),
  ];
  if (block.add)
    cols.push({ channels: block.output[2], shape: block.output, role: "add", linear: false, caption: "output" });
  const left = 30;
  const right = 40;
  const step = (width - left - right - boxW) / Math.max(1, cols.length - 1);
  const x = (i: number) => left + i * step;
  // A column's caption (the layer's Keras name) wraps to the room between its neighbours and the diagram's edges.
  const captionLines = cols.map((c, i) => {
    const centre = x(i) + boxW / 2;
    const room = Math.min(step - 6, 2 * Math.min(centre, width - centre) - 4);
    const lines = wrapLabel(c.caption, room / CHAR_W);
    return c.linear ? [...lines, "(linear)"] : lines;
  });
  const captionRows = Math.max(...captionLines.map((l) => l.length));
  const h = (c: number) => Math.max(3, (Math.min(c, o.maxChannels) / o.maxChannels) * H);
  const height = top + H + 100; // replaced below once the legend is laid out

  const widths = cols.map((c) => c.channels);
  const describe =
    `${o.title}. Channels along the block: ${widths.join(" → ")}. ` +
    main
      .map(
        (u) =>
          `${u.name}: ${u.label}${u.stride > 1 ? ` stride ${u.stride}` : ""}, ${u.activation ?? "linear (no activation)"}`,
      )
      .join("; ") +
    `. ${block.add ? `Shortcut: ${block.shortcut === "identity" ? "the input" : "a 1×1 conv of the input"} is added to the output${block.afterAdd ? `, then ${block.afterAdd}` : ""}.` : (o.noShortcutReason ?? "No shortcut.")}`;

  const svg = d3
    .create("svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", width)
    .attr("height", height)
    .attr("role", "img")
    .attr("aria-label", describe)
    .attr("class", "block-diagram")
    .style("max-width", "100%")
    .style("height", "auto")
    .style("font", "12px var(--sans-serif)");
  svg.append("title").text(describe);
  addLines(svg, titleLines, 0, 16, 18).attr("font-weight", 600).attr("font-size", 14);

  const defs = svg.append("defs");
  const markerId = `arrow-${Math.random().toString(36).slice(2, 8)}`;
  defs
    .append("marker")
    .attr("id", markerId)
    .attr("viewBox", "0 0 10 10")
    .attr("refX", 9)
    .attr("refY", 5)
    .attr("markerWidth", 7)
    .attr("markerHeight", 7)
    .attr("orient", "auto")
    .append("path")
    .attr("d", "M0,0L10,5L0,10z")
    .attr("fill", "currentColor");

  // Arrows between tensors, each labelled with the layer that makes the next tensor.
  cols.forEach((c, i) => {
    if (i === 0) return;
    const x0 = x(i - 1) + boxW + 4;
    const x1 = x(i) - 4;
    const g = svg.append("g").attr("class", "block-diagram-op");
    g.append("line")
      .attr("x1", x0)
      .attr("x2", x1)
      .attr("y1", mid)
      .attr("y2", mid)
      .attr("stroke", "currentColor")
      .attr("stroke-opacity", 0.6)
      .attr("marker-end", `url(#${markerId})`);
    const cx = (x0 + x1) / 2 - (c.role === "add" ? 12 : 0); // keep clear of the shortcut's arrow into ⊕
    const parts =
      c.role === "add"
        ? ["add", block.afterAdd ? `then ${block.afterAdd}` : "no activation"]
        : [
            `${c.op!.label}${c.op!.stride > 1 ? `, stride ${c.op!.stride}` : ""}`,
            c.op!.activation ? `BN, ${c.op!.activation}` : "BN, linear",
          ];
    // Each part wraps to the arrow's length (bold text is a little wider); the first part stays bold.
    const room = (x1 - x0 + 8) / (CHAR_W + 0.6);
    const lines = parts.flatMap((p, k) => wrapLabel(p, room).map((t) => (k === 0 ? t : `\u200b${t}`)));
    const firstNormal = lines.findIndex((t) => t.startsWith("\u200b"));
    for (const [j, raw] of lines.entries()) {
      const t = raw.replace("\u200b", "");
      const bold = firstNormal < 0 || j < firstNormal;
      g.append("text")
        .attr("x", cx)
        .attr("y", mid - 8 - (lines.length - 1 - j) * 14)
        .attr("text-anchor", "middle")
        .attr("fill", "currentColor")
        .attr("font-weight", bold ? 600 : 400)
        .attr("class", !bold && !c.op?.activation && c.role !== "add" ? "block-diagram-linear" : null)
        .text(t);
    }
  });

  // Tensors as boxes.
  cols.forEach((c, i) => {
    const bh = h(c.channels);
    const g = svg.append("g").attr("class", "block-diagram-tensor").attr("data-role", c.role);
    // The full name on hover (the diagram's own label, read by screen readers, names every layer too).
    g.append("title").text(
      `${c.op ? c.op.name : c.caption}: ${formatShape(c.shape)}${c.linear ? ", linear (no activation)" : ""}`,
    );
    g.append("rect")
      .attr("x", x(i))
      .attr("y", mid - bh / 2)
      .attr("width", boxW)
      .attr("height", bh)
      .attr("rx", 2)
      .attr("fill", ROLE_COLOR[c.role] ?? "#888")
      .attr("fill-opacity", c.role === "input" ? 0.5 : 0.85)
      .attr("stroke", c.linear ? "currentColor" : "none")
      .attr("stroke-width", c.linear ? 2 : 0)
      .attr("stroke-dasharray", c.linear ? "4 3" : null);
    const below = mid + H / 2 + 16;
    g.append("text")
      .attr("x", x(i) + boxW / 2)
      .attr("y", below)
      .attr("text-anchor", "middle")
      .attr("fill", "currentColor")
      .attr("font-weight", 600)
      .text(`${c.channels} ch`);
    g.append("text")
      .attr("x", x(i) + boxW / 2)
      .attr("y", below + 14)
      .attr("text-anchor", "middle")
      .attr("fill", "currentColor")
      .attr("fill-opacity", 0.7)
      .text(formatShape(c.shape.slice(0, 2)));
    addLines(g, captionLines[i], x(i) + boxW / 2, below + 28, 14)
      .attr("class", "block-diagram-caption")
      .attr("text-anchor", "middle")
      .attr("fill-opacity", 0.7);
  });

  // The shortcut: an arc from the input over the block into the add, or a note why there is none.
  const arcY = top - 22;
  if (block.add) {
    const addIdx = cols.length - 1;
    const x0 = x(0) + boxW / 2;
    const x1 = x(addIdx) - 14;
    const g = svg.append("g").attr("class", "block-diagram-shortcut");
    g.append("path")
      .attr(
        "d",
        `M${x0},${mid - h(cols[0].channels) / 2} V${arcY} H${x1 - 10} Q${x1},${arcY} ${x1},${arcY + 10} V${mid - 16}`,
      )
      .attr("fill", "none")
      .attr("stroke", ROLE_COLOR.add)
      .attr("stroke-width", 2)
      .attr("marker-end", `url(#${markerId})`);
    if (block.shortcut === "projection") {
      const bx = (x0 + x1) / 2;
      g.append("rect")
        .attr("x", bx - 9)
        .attr("y", arcY - 9)
        .attr("width", 18)
        .attr("height", 18)
        .attr("rx", 2)
        .attr("fill", ROLE_COLOR.shortcut)
        .attr("fill-opacity", 0.9);
    }
    const label =
      block.shortcut === "identity"
        ? `shortcut: the input itself (identity), joining the ${block.input[2] < Math.max(...main.map((u) => u.outShape[2])) ? "narrow" : "wide"} ends`
        : `shortcut through ${shortcutUnit ? `${shortcutUnit.label}, stride ${shortcutUnit.stride}` : "a 1×1 conv"} (shapes differ)`;
    // Centred over the arc, wrapped to its length; extra lines go upwards, into the room the title left.
    const shortcutLines = wrapLabel(label, Math.max(x1 - x0, width * 0.6) / CHAR_W).slice(0, 2);
    const cxs = Math.min(Math.max((x0 + x1) / 2, width * 0.3), width * 0.7);
    addLines(
      g,
      shortcutLines,
      cxs,
      arcY - (block.shortcut === "projection" ? 13 : 5) - (shortcutLines.length - 1) * 14,
      14,
    ).attr("text-anchor", "middle");
    g.append("circle")
      .attr("cx", x1)
      .attr("cy", mid)
      .attr("r", 10)
      .attr("fill", "var(--theme-background, white)")
      .attr("stroke", ROLE_COLOR.add)
      .attr("stroke-width", 2);
    g.append("text")
      .attr("x", x1)
      .attr("y", mid + 4.5)
      .attr("text-anchor", "middle")
      .attr("font-size", 15)
      .attr("fill", "currentColor")
      .text("+");
  } else {
    addLines(svg, noteLines, x(0), arcY - (noteLines.length - 1) * 14, 14)
      .attr("class", "block-diagram-noshortcut")
      .attr("fill-opacity", 0.8)
      .attr("font-style", "italic");
  }

  // Legend: the roles present and the linear marker, wrapped onto as many rows as the width needs.
  const roles = [...new Set(block.units.map((u) => u.role as string).concat(block.add ? ["add"] : []))];
  const items = [
    ...roles.map((r) => ({ role: r, text: ROLE_LEGEND[r] ?? r })),
    { role: "linear", text: "dashed: linear, no activation after it" },
  ];
  let lx = 0;
  let row = 0;
  const placed = items.map((it) => {
    const w = 30 + it.text.length * CHAR_W;
    if (lx > 0 && lx + w > width) {
      lx = 0;
      row++;
    }
    const p = { ...it, x: lx, row };
    lx += w;
    return p;
  });
  const legendTop = top + H + 62 + (captionRows - 1) * 14;
  svg.attr("viewBox", `0 0 ${width} ${legendTop + (row + 1) * 18}`).attr("height", legendTop + (row + 1) * 18);
  const legend = svg.append("g").attr("class", "block-diagram-legend");
  for (const it of placed) {
    const g = legend.append("g").attr("transform", `translate(${it.x}, ${legendTop + it.row * 18 + 10})`);
    const swatch = g.append("rect").attr("y", -10).attr("width", 12).attr("height", 12);
    if (it.role === "linear")
      swatch
        .attr("fill", "none")
        .attr("stroke", "currentColor")
        .attr("stroke-width", 1.5)
        .attr("stroke-dasharray", "3 2");
    else swatch.attr("fill", ROLE_COLOR[it.role]).attr("fill-opacity", 0.85);
    g.append("text").attr("x", 16).attr("fill", "currentColor").text(it.text);
  }
  return svg.node()!;
}
