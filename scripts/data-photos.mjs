#!/usr/bin/env node
/**
 * Copies the redistributable sample photos into data/images/ (committed; installed into the site by
 * scripts/assets.mjs), downscaling any photo whose longer side exceeds 1000 px with ImageMagick's `convert`
 * (JPEG quality 88, metadata stripped). Each photo's credit and licence is kept by hand beside it in
 * data/images/<name>.json; this script refuses to copy a photo that has none.
 *
 *   node scripts/data-photos.mjs [source-dir]      (default ../shared/images)
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync } from "node:fs";
import { basename, extname, join } from "node:path";

const SOURCE = process.argv[2] ?? "../shared/images";
const TARGET = "data/images";
const MAX_SIDE = 1000;
/** ImageMagick (Debian: apt-get install imagemagick); CONVERT=/path/to/convert names another. */
const CONVERT = process.env.CONVERT ?? "/usr/bin/convert";

for (const f of readdirSync(SOURCE).sort()) {
  if (!/\.(jpe?g|png)$/i.test(f)) continue;
  const credit = join(TARGET, `${basename(f, extname(f))}.json`);
  if (!existsSync(credit)) {
    console.warn(`skipped ${f}: no ${credit} with its credit and licence`);
    continue;
  }
  const [w, h] = execFileSync(CONVERT, [join(SOURCE, f), "-format", "%w %h", "info:"], { encoding: "utf8" })
    .trim()
    .split(" ")
    .map(Number);
  if (Math.max(w, h) > MAX_SIDE) {
    execFileSync(CONVERT, [
      join(SOURCE, f),
      "-resize",
      `${MAX_SIDE}x${MAX_SIDE}>`,
      "-quality",
      "88",
      "-strip",
      join(TARGET, f),
    ]);
    console.log(`${f}: ${w}x${h} downscaled to at most ${MAX_SIDE} px`);
  } else {
    copyFileSync(join(SOURCE, f), join(TARGET, f));
    console.log(`${f}: ${w}x${h} copied`);
  }
}
