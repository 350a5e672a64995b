// knip: unused files, exports and dependencies fail `npm test` (and `knip --production`, also in `npm test`,
// fails on exports that only tests use: test helpers belong in test/).
// Framework pages are Markdown: their ```js cells import the components and modules, so every page is an entry
// point and knip reads it as the import statements of its cells (the rest of a cell is not needed to find uses).
import type { KnipConfig } from "knip";

const cellImports = (markdown: string): string =>
  [...markdown.matchAll(/```js[^\n]*\n([\s\S]*?)```/g)]
    .flatMap((cell) => cell[1].match(/^import\s[\s\S]*?from\s*["'][^"']+["'];?/gm) ?? [])
    .join("\n");

export default {
  entry: ["src/**/*.md!", "scripts/*.mjs!", "observablehq.config.ts!", "test/**/*.test.ts"],
  project: ["src/**/*.{ts,md}!", "scripts/**/*.mjs!", "test/**/*.ts", "*.ts"],
  compilers: { md: cellImports },
  // Modules landed ahead of the pages that will import them (issues 8, 9, 10, 12 and 13 in progress). Each line goes
  // when its page lands: knip then reports the line as a configuration hint.
  ignore: ["src/components/address-notice.ts", "src/lib/reference.ts", "test/assets.ts"],
  // A type named in an exported function's signature is part of that function's interface.
  ignoreExportsUsedInFile: { interface: true, type: true },
  ignoreDependencies: [
    // Framework's own modules (observablehq:stdlib), provided by the build.
    "observablehq",
    // Bundled by scripts/vendor.mjs from an esbuild stdin string knip cannot read.
    "@tensorflow/tfjs-backend-wasm",
    // Read by the accessibility tests from node_modules as a file (injected into the page), never imported.
    "axe-core",
  ],
} satisfies KnipConfig;
