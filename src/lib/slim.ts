/**
 * Published data: the 22 TF-slim MobileNetV2 ImageNet checkpoints (width multiplier × input resolution) with
 * their multiply-adds (millions, truncated) and top-1 accuracy (%), and each width's parameter count
 * (millions; conv weights + a 1001-class classifier, no BatchNorm), read from data/reference/slim-checkpoints.json
 * (reference.ts). These numbers are quoted, not computed; the width and resolution page recomputes the
 * multiply-adds and compares.
 */
import { cite, SLIM_TABLE, type SlimRow } from "./reference.js";

export type SlimCheckpoint = SlimRow;

export const SLIM_SOURCE = cite(SLIM_TABLE.source);

/** Classifier outputs of the slim checkpoints: 1000 ImageNet classes plus a background class. */
export const SLIM_CLASSES: number = SLIM_TABLE.classes;

export const SLIM_CHECKPOINTS: readonly SlimCheckpoint[] = Object.freeze(
  SLIM_TABLE.rows.map((r) => Object.freeze({ ...r })),
);
