/** The paper's Table 2 as an HTML table (the site's `dataTable`), from rows computed by src/lib/table2.ts. */
import { formatInt, formatSI } from "../lib/format.js";
import type { Table2Row } from "../lib/table2.js";
import { el } from "./dom.js";
import { dataTable } from "./table.js";

/**
 * A row's name for tests and tools (`data-testid`): the stem, a bottleneck row by its first block's Keras name
 * (`expanded_conv`, `block_1`, …), then the last conv, the pooling and the classifier.
 */
const rowName = (r: Table2Row) =>
  r.operator === "bottleneck"
    ? r.groups[0]
    : r.operator.startsWith("avgpool")
      ? "pool"
      : r.operator.includes("classifier")
        ? "classifier"
        : r.groups[0] === "head"
          ? "last-conv"
          : "stem";

const shape = (s: number[]) => (s[0] === s[1] ? `${s[0]}²×${s[2]}` : `${s[0]}×${s[1]}×${s[2]}`);

export function table2View(rows: Table2Row[]): HTMLTableElement {
  const total = (f: (r: Table2Row) => number) => rows.reduce((s, r) => s + f(r), 0);
  return dataTable(
    [
      { label: "Input", value: (r) => shape(r.input) },
      { label: "Operator", value: (r) => r.operator },
      { label: "t", num: true, value: (r) => r.t ?? "–" },
      {
        label: "c",
        num: true,
        value: (r) => [
          String(r.c),
          r.paperC !== null
            ? el("span", { class: "muted", title: "the paper's c at width 1.0" }, ` (paper ${r.paperC})`)
            : null,
        ],
      },
      { label: "n", num: true, value: (r) => r.n ?? "–" },
      { label: "s", num: true, value: (r) => r.s ?? "–" },
      { label: "Parameters", num: true, value: (r) => formatInt(r.params) },
      { label: "Multiply-adds", num: true, value: (r) => formatSI(r.madds) },
    ],
    rows,
    {
      cls: "table2",
      caption:
        "Table 2 of the paper, computed for the configuration above. t: expansion factor, c: output channels, n: repeats, s: stride of the first repeat.",
      rowData: (r) => ({ operator: r.operator }),
      rowTestId: (r) => `table2-${rowName(r)}`,
      foot: [
        {
          label: "Total",
          cells: {
            Parameters: { value: formatInt(total((r) => r.params)), data: { total: "params" } },
            "Multiply-adds": { value: formatSI(total((r) => r.madds)), data: { total: "madds" } },
          },
        },
      ],
    },
  );
}
