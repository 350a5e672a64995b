/** A horizontal colour legend with numbers (SVG, d3), for the feature-map colour scales. */
import * as d3 from "d3";
import { fitWidth } from "./chart.js";

/** Rough width of one character of 11 px sans-serif, to wrap the title without measuring it. */
const CHAR_PX = 6.2;

/** `text` cut into lines of at most `chars` characters, at spaces. */
function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= chars) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

export function colourLegend(
  interpolator: (t: number) => string,
  domain: [number, number],
  title: string,
  opts: { width?: number; ticks?: number[]; tickFormat?: (v: number) => string } = {},
): SVGSVGElement {
  // No wider than the text column (a phone); a title too long for the width wraps onto more lines.
  const width = fitWidth(opts.width ?? 260);
  const m = { l: 12, r: 12 };
  const lines = wrap(title, Math.floor((width - m.l - m.r) / CHAR_PX));
  const top = (lines.length - 1) * 13;
  const height = 44 + top;
  const id = `lg-${Math.random().toString(36).slice(2, 9)}`;
  const svg = d3
    .create("svg")
    .attr("width", width)
    .attr("height", height)
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("class", "act-legend")
    .style("font-family", "var(--sans-serif)");
  svg
    .attr("role", "img")
    .attr("aria-label", `${title}: colour scale from ${domain[0].toPrecision(3)} to ${domain[1].toPrecision(3)}`);
  const grad = svg.append("defs").append("linearGradient").attr("id", id);
  for (let i = 0; i <= 10; i++)
    grad
      .append("stop")
      .attr("offset", `${i * 10}%`)
      .attr("stop-color", interpolator(i / 10));
  const label = svg.append("text").attr("x", m.l).attr("y", 11).attr("font-size", 11).attr("fill", "currentColor");
  for (const [i, line] of lines.entries())
    label
      .append("tspan")
      .attr("x", m.l)
      .attr("dy", i ? 13 : 0)
      .text(line);
  svg
    .append("rect")
    .attr("x", m.l)
    .attr("y", 15 + top)
    .attr("width", width - m.l - m.r)
    .attr("height", 10)
    .attr("fill", `url(#${id})`)
    .attr("stroke", "currentColor")
    .attr("stroke-opacity", 0.3);
  const x = d3
    .scaleLinear()
    .domain(domain)
    .range([m.l, width - m.r]);
  const fmt =
    opts.tickFormat ??
    ((v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)));
  const ticks =
    opts.ticks ??
    (domain[0] < 0 && domain[1] > 0 ? [domain[0], 0, domain[1]] : [domain[0], (domain[0] + domain[1]) / 2, domain[1]]);
  svg
    .append("g")
    .attr("transform", `translate(0,${25 + top})`)
    .call(
      d3
        .axisBottom(x)
        .tickValues(ticks)
        .tickFormat((v) => fmt(Number(v)))
        .tickSize(4),
    )
    .call((g) => g.select(".domain").remove())
    .attr("font-size", 10);
  return svg.node()!;
}
