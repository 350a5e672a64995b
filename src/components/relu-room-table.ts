/** The Linear bottleneck page's table: what a ReLU would leave of a block's expanded and projected tensors. */
import type { ReluRoom } from "../lib/block-probe.js";
import { formatPercent } from "../lib/format.js";
import { dataTable } from "./table.js";

export function reluRoomTable(block: { expanded: ReluRoom; projected: ReluRoom }): HTMLTableElement {
  const rows = [
    { where: "after expansion (ReLU6 applied here)", ...block.expanded },
    { where: "after projection (linear: no activation)", ...block.projected },
  ];
  return dataTable(
    [
      { label: "Tensor (before activation)", value: (r) => r.where },
      { label: "Channels", value: (r) => String(r.channels), num: true },
      { label: "Share a ReLU would zero", value: (r) => formatPercent(r.negative), num: true },
      { label: "Channels left per position", value: (r) => r.survivors.toFixed(1), num: true },
      { label: "Positions keeping ≥ 24 channels", value: (r) => formatPercent(r.enough), num: true },
    ],
    rows,
  );
}
