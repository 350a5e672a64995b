/** The Overview's bar chart: where MobileNetV2's multiply-adds go, by part of Table 2 (costByPart). */
import * as Plot from "@observablehq/plot";
import { formatSI } from "../lib/format.js";
import { costByPart } from "../lib/table2.js";
import type { Trace } from "../lib/trace.js";
import { chart } from "./chart.js";

export function workByPartChart(trace: Trace) {
  const byPart = costByPart(trace);
  return chart({
    title: "Where the work goes: multiply-adds of MobileNetV2 (1.0, 224×224) by part of Table 2",
    ariaLabel: `Bar chart of multiply-adds by part of the network: ${byPart.map((d) => `${d.part} ${formatSI(d.madds)}`).join(", ")}.`,
    width: 720,
    height: 260,
    marginLeft: 50,
    x: {
      domain: byPart.map((d) => d.part),
      label: `part of the network: stem, bottleneck rows 1–${byPart.length - 2} of Table 2, head`,
      // "row 3" is shown as "3" (the axis label says what the numbers are), so nine labels fit a phone-wide chart.
      tickFormat: (part: string) => part.replace(/^row /, ""),
    },
    y: { label: "multiply-adds (millions)", grid: true, transform: (v: number) => v / 1e6 },
    marks: [
      Plot.barY(byPart, { x: "part", y: "madds", fill: "var(--role-expansion)", tip: true }),
      Plot.text(byPart, {
        x: "part",
        y: "madds",
        text: (d: { madds: number }) => formatSI(d.madds, 0),
        dy: -7,
      }),
      Plot.ruleY([0]),
    ],
  });
}
