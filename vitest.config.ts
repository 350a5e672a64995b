import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
          // Makes data/reference/*.json importable by src/lib/reference.ts (as npm run prepare-site does).
          globalSetup: ["test/unit/setup.ts"],
          testTimeout: 60_000,
          // The unit tests are single-threaded (tfjs CPU); vitest's default of one worker fewer than the cores would
          // leave one of a 2-core CI machine's cores idle while they run (the browser tests run after them).
          maxWorkers: Math.max(2, availableParallelism() - 1),
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/browser/setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // One Chromium per file; files run one at a time so the 2 cores are not oversubscribed.
          fileParallelism: false,
        },
      },
    ],
  },
});
