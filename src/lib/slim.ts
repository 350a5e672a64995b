/**
 * Published data: the 22 TF-slim MobileNetV2 ImageNet checkpoints (width multiplier × input resolution) with
 * their multiply-adds (millions, truncated) and top-1 accuracy (%), and each width's parameter count
 * (millions; conv weights + a 1001-class classifier, no BatchNorm).
 * Source: the checkpoint table of tensorflow/models, research/slim/nets/mobilenet (README.md), as
 * transcribed in ../shared/reference/published.md. These numbers are quoted, not computed; the width and
 * resolution page recomputes the multiply-adds and compares.
 */
export interface SlimCheckpoint {
  width: number;
  resolution: number;
  /** Multiply-adds in millions, as published (truncated to whole millions). */
  maddsM: number;
  /** ImageNet top-1 accuracy, %. */
  top1: number;
  /** Parameters in millions as published for the width (no BN, 1001 classes). */
  paramsM: number;
}

export const SLIM_SOURCE =
  "TF-slim MobileNetV2 checkpoint table, tensorflow/models research/slim/nets/mobilenet (README), via shared/reference/published.md";

/** Classifier outputs of the slim checkpoints: 1000 ImageNet classes plus a background class. */
export const SLIM_CLASSES = 1001;

const c = (width: number, resolution: number, maddsM: number, top1: number, paramsM: number): SlimCheckpoint => ({
  width,
  resolution,
  maddsM,
  top1,
  paramsM,
});

export const SLIM_CHECKPOINTS: readonly SlimCheckpoint[] = Object.freeze([
  c(1.4, 224, 582, 75.0, 6.06),
  c(1.3, 224, 509, 74.4, 5.34),
  c(1.0, 224, 300, 71.8, 3.47),
  c(1.0, 192, 221, 70.7, 3.47),
  c(1.0, 160, 154, 68.8, 3.47),
  c(1.0, 128, 99, 65.3, 3.47),
  c(1.0, 96, 56, 60.3, 3.47),
  c(0.75, 224, 209, 69.8, 2.61),
  c(0.75, 192, 153, 68.7, 2.61),
  c(0.75, 160, 107, 66.4, 2.61),
  c(0.75, 128, 69, 63.2, 2.61),
  c(0.75, 96, 39, 58.8, 2.61),
  c(0.5, 224, 97, 65.4, 1.95),
  c(0.5, 192, 71, 63.9, 1.95),
  c(0.5, 160, 50, 61.0, 1.95),
  c(0.5, 128, 32, 57.7, 1.95),
  c(0.5, 96, 18, 51.2, 1.95),
  c(0.35, 224, 59, 60.3, 1.66),
  c(0.35, 192, 43, 58.2, 1.66),
  c(0.35, 160, 30, 55.7, 1.66),
  c(0.35, 128, 20, 50.8, 1.66),
  c(0.35, 96, 11, 45.5, 1.66),
]);
