/** The ReLU6 page's table of where the activations sit in a block, read from its layer graph (blockUnits). */
import type { BlockSummary } from "../lib/block-units.js";
import { formatShape } from "../lib/format.js";
import type { Trace } from "../lib/trace.js";
import { dataTable } from "./table.js";

export function activationPlacementTable(block: BlockSummary, trace: Trace): HTMLTableElement {
  const operator = new Map(trace.layers.map((l) => [l.name, l.operator]));
  return dataTable(
    [
      { label: "Layer (Keras name)", value: (u) => u.name },
      { label: "Role", value: (u) => u.role },
      { label: "Operator", value: (u) => operator.get(u.name) ?? "" },
      { label: "Output", value: (u) => formatShape(u.outShape) },
      { label: "Activation after it", value: (u) => u.activation ?? "none (linear)" },
    ],
    block.units,
  );
}
