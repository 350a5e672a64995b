/**
 * The Width and resolution page's views: accuracy against multiply-adds of the TF-slim checkpoints with the
 * reader's configuration, the published figures against the recomputed ones, and the channels per layer under
 * the two rounding conventions.
 */
import * as Plot from "@observablehq/plot";
import type { ChannelRow } from "../lib/channel-conventions.js";
import { formatInt, formatSI } from "../lib/format.js";
import { SLIM_CHECKPOINTS, type SlimCheckpoint, type SlimComparisonRow } from "../lib/slim.js";
import type { ArchConfig } from "../lib/spec.js";
import { chart } from "./chart.js";
import { SERIES, seriesRange } from "./palette.js";
import { dataTable } from "./table.js";
/** The checkpoint the configuration is, if it is one (reference convention only). */
export function publishedCheckpoint(cfg: ArchConfig): SlimCheckpoint | undefined {
  return SLIM_CHECKPOINTS.find(
    (p) => p.width === cfg.width && p.resolution === cfg.resolution && cfg.convention === "reference",
  );
}

/** Top-1 against multiply-adds of the slim checkpoints; the reader's multiply-adds as a dashed line. */
export function slimAccuracyChart(cfg: ArchConfig, madds: number, width: number) {
  const pts = SLIM_CHECKPOINTS.map((c) => ({ ...c, label: `${c.width}/${c.resolution}`, w: String(c.width) }));
  const m = madds / 1e6;
  const hit = publishedCheckpoint(cfg);
  const range = (f: (d: SlimCheckpoint) => number) => [Math.min(...pts.map(f)), Math.max(...pts.map(f))];
  const [top1Lo, top1Hi] = range((d) => d.top1);
  const [mLo, mHi] = range((d) => d.maddsM);
  return chart({
    width: Math.min(width, 760),
    height: 420,
    marginLeft: 50,
    marginRight: 30,
    title: "ImageNet top-1 accuracy against multiply-adds (TF-slim checkpoints)",
    subtitle:
      "Colour: width α (labelled at its 224×224 end); symbol: input resolution. Dashed line: your configuration's computed multiply-adds.",
    ariaLabel: `Scatter plot of ${pts.length} checkpoints, coloured by width and shaped by resolution, top-1 accuracy from ${top1Lo}% to ${top1Hi}% against ${mLo} to ${mHi} million multiply-adds on a log scale; accuracy rises with cost. Your configuration: ${formatSI(madds)} multiply-adds.`,
    x: {
      type: "log",
      label: "millions of multiply-adds (log scale) →",
      domain: [Math.min(9, m * 0.8), Math.max(700, m * 1.25)],
      grid: true,
    },
    y: { label: "↑ top-1 accuracy (%)", grid: true, domain: [44, 77] },
    color: {
      legend: true,
      label: "width α",
      domain: ["0.35", "0.5", "0.75", "1", "1.3", "1.4"],
      range: seriesRange(6),
    },
    symbol: {
      legend: true,
      label: "resolution",
      domain: [96, 128, 160, 192, 224],
      range: ["triangle", "square", "diamond", "cross", "circle"],
    },
    marks: [
      Plot.line(pts, { x: "maddsM", y: "top1", z: "w", stroke: "w", sort: "maddsM", strokeOpacity: 0.6 }),
      Plot.dot(pts, {
        x: "maddsM",
        y: "top1",
        fill: "w",
        symbol: "resolution",
        r: 4.5,
        tip: true,
        title: (d: SlimCheckpoint) =>
          `α = ${d.width}, ${d.resolution}×${d.resolution}: ${d.maddsM}M multiply-adds, ${d.top1}% top-1`,
      }),
      Plot.text(
        pts.filter((d) => d.resolution === 224),
        {
          x: "maddsM",
          y: "top1",
          text: (d: SlimCheckpoint) => `α ${d.width}`,
          fill: "w",
          dx: -8,
          dy: -9,
          textAnchor: "end",
          fontSize: 11,
          fontWeight: "bold",
        },
      ),
      Plot.ruleX([m], { stroke: SERIES.grey, strokeWidth: 2, strokeDasharray: "6 4" }),
      Plot.text([{ m }], {
        x: "m",
        frameAnchor: "bottom",
        text: () => `yours: ${formatSI(madds)}`,
        dx: 5,
        dy: -6,
        textAnchor: "start",
        fill: SERIES.grey,
        fontWeight: "bold",
      }),
      hit ? Plot.dot([hit], { x: "maddsM", y: "top1", r: 9, stroke: SERIES.grey, strokeWidth: 2 }) : null,
    ],
  });
}

/** Published and recomputed multiply-adds and parameters of every slim checkpoint. */
export function slimComparisonTable(rows: SlimComparisonRow[]) {
  return dataTable(
    [
      { label: "α", value: (r) => r.width, num: true },
      { label: "Resolution", value: (r) => r.resolution, num: true },
      { label: "Slim MAdds (M)", value: (r) => r.published, num: true },
      { label: "Computed MAdds", value: (r) => formatInt(r.exact), num: true },
      { label: "Truncated (M)", value: (r) => r.computed, num: true },
      { label: "Match", value: (r) => r.match, cls: (r) => (r.match !== "✓" ? "wr-diff" : null) },
      { label: "Slim params (M)", value: (r) => r.paramsPub.toFixed(2), num: true },
      { label: "Computed params, no BN", value: (r) => formatInt(r.paramsNoBN), num: true },
    ],
    rows,
    { ariaLabel: `Published and computed multiply-adds and parameters of the ${rows.length} TF-slim checkpoints` },
  );
}

/** Channels per layer under the two conventions, highlighted where they differ. */
export function channelConventionsTable(rows: ChannelRow[], width: number) {
  const differs = (r: ChannelRow) => r.ref !== r.fs;
  return dataTable(
    [
      { label: "Layer", value: (r) => r.name },
      { label: "Paper c", value: (r) => r.c, num: true },
      { label: "c · α exact", value: (r) => +r.exact.toFixed(4), num: true },
      {
        label: "Reference (multiple of 8)",
        value: (r) => r.ref,
        num: true,
        cls: (r) => (differs(r) ? "wr-diff" : null),
      },
      { label: "From-scratch int(c·α)", value: (r) => r.fs, num: true, cls: (r) => (differs(r) ? "wr-diff" : null) },
    ],
    rows,
    { ariaLabel: `Channels per layer at width ${width} under the two conventions` },
  );
}
