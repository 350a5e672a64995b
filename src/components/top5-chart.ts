/** The top-5 classes as a horizontal bar chart (Observable Plot), probabilities in percent. */
import * as Plot from "@observablehq/plot";
import { topK } from "../lib/activation-stats.js";
import { accessibleChart, fitWidth } from "./chart.js";
import { drawLater } from "./next-task.js";
import { announce } from "./page-a11y.js";
import { SERIES as C } from "./palette.js";

export function classLabel(labels: string[] | null, i: number): string {
  return labels ? labels[i].split(",")[0] : `class #${i}`;
}

export function top5Chart(
  probabilities: Float32Array,
  labels: string[] | null,
  /** `later`: the figure, its data-* and caption now, the chart in a task of its own (below the fold). */
  opts: { width?: number; pretrained: boolean; later?: boolean },
): HTMLElement {
  const top = topK(probabilities, 5).map((t, rank) => ({
    rank: rank + 1,
    label: classLabel(labels, t.index),
    index: t.index,
    p: t.value * 100,
  }));
  const summary = `Top-5 classes: ${top.map((d) => `${d.label} ${d.p.toFixed(1)}%`).join("; ")}`;
  const draw = () => {
    const width = fitWidth(Math.max(360, Math.min(opts.width || 640, 640)));
    const chart = Plot.plot({
      width,
      height: 190,
      // A phone-wide chart leaves the bars room by cutting long class names (the summary below names them whole).
      marginLeft: width < 360 ? 110 : 170,
      marginRight: 60,
      x: { label: "Probability (%)", domain: [0, 100], grid: true },
      y: {
        label: null,
        domain: top.map((d) => d.label),
        tickFormat: (label: string) => (width < 360 && label.length > 17 ? `${label.slice(0, 16)}…` : label),
      },
      marks: [
        Plot.barX(top, { x: "p", y: "label", fill: opts.pretrained ? C.blue : C.grey }),
        Plot.text(top, {
          x: "p",
          y: "label",
          text: (d: { p: number }) => `${d.p.toFixed(1)}%`,
          dx: 4,
          textAnchor: "start",
        }),
        Plot.ruleX([0]),
      ],
    }) as HTMLElement;
    return accessibleChart(chart, summary);
  };
  announce(`Prediction: ${summary}.`);
  const fig = document.createElement("figure");
  fig.className = "act-top5";
  fig.dataset.top1 = top[0]?.label ?? "";
  fig.dataset.top1Index = String(top[0]?.index ?? -1);
  const cap = document.createElement("figcaption");
  cap.textContent = opts.pretrained
    ? `Top-5 of ${probabilities.length} ImageNet classes (softmax probabilities).`
    : `Top-5 of ${probabilities.length} outputs of an untrained network: meaningless classes, shown so you can compare.`;
  fig.append(cap);
  if (opts.later) return drawLater(fig, draw);
  fig.prepend(draw());
  return fig;
}
