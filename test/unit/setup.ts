/** Unit tests' global setup: src/lib/reference.ts imports data/reference/*.json through a generated module. */
// @ts-expect-error plain JS module without types
import { writeReference } from "../../scripts/reference.mjs";

export default function setup() {
  writeReference();
}
