/**
 * Published data: the 22 TF-slim MobileNetV2 ImageNet checkpoints (width multiplier × input resolution) with
 * their multiply-adds (millions, truncated) and top-1 accuracy (%), and each width's parameter count
 * (millions; conv weights + a 1001-class classifier, no BatchNorm), read from data/reference/slim-checkpoints.json
 * (reference.ts). These numbers are quoted, not computed; the width and resolution page recomputes the
 * multiply-adds and compares.
 */
import { cite, SLIM_TABLE, type SlimRow } from "./reference.js";
import { traceMobileNetV2 } from "./trace.js";

export type SlimCheckpoint = SlimRow;

export const SLIM_SOURCE = cite(SLIM_TABLE.source);

/** Classifier outputs of the slim checkpoints: 1000 ImageNet classes plus a background class. */
export const SLIM_CLASSES: number = SLIM_TABLE.classes;

export const SLIM_CHECKPOINTS: readonly SlimCheckpoint[] = Object.freeze(
  SLIM_TABLE.rows.map((r) => Object.freeze({ ...r })),
);

/** A slim checkpoint's published figures next to the ones recomputed from the architecture (trace.ts). */
export interface SlimComparisonRow {
  width: number;
  resolution: number;
  /** Published multiply-adds, millions, truncated. */
  published: number;
  /** Computed multiply-adds, exact, and truncated to millions. */
  exact: number;
  computed: number;
  /** "✓" or the difference in millions, e.g. "+1M". */
  match: string;
  /** Published parameters (millions) and the computed count without BatchNorm's γ and β. */
  paramsPub: number;
  paramsNoBN: number;
}

/** Every slim checkpoint recomputed with the reference convention and slim's 1001 classes. */
export function slimComparison(): SlimComparisonRow[] {
  return SLIM_CHECKPOINTS.map((c) => {
    const t = traceMobileNetV2({
      width: c.width,
      resolution: c.resolution,
      classes: SLIM_CLASSES,
      convention: "reference",
    });
    const computed = Math.floor(t.totals.madds / 1e6);
    const d = computed - c.maddsM;
    return {
      width: c.width,
      resolution: c.resolution,
      published: c.maddsM,
      exact: t.totals.madds,
      computed,
      match: d === 0 ? "✓" : `${d > 0 ? "+" : ""}${d}M`,
      paramsPub: c.paramsM,
      paramsNoBN: t.totals.params - t.totals.bnAffine,
    };
  });
}
