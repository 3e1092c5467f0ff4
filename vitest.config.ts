import { defineConfig } from 'vitest/config';
import { entryBundle } from './test/support/entry-bundles.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Bundles the entry points the child-process tests start (test/support/entry-bundles.ts).
    globalSetup: ['test/support/global-setup.ts'],
    env: {
      // The SDK's notice that future releases need Node 22 is for users, not test logs (and children inherit it).
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Load workers started from source run the worker bundled by the global setup (see src/load/workers/worker-launch.ts).
      PERF_GATE_LOAD_WORKER: entryBundle('load-worker'),
    },
    pool: 'forks',
    // Most test time is spent waiting (emulated model latency, load stages, child processes), not
    // computing: four files at a time on two cores. No file needs a quiet machine: timing checks run
    // on controlled time or take their tolerance from the scheduling noise measured in the same run.
    maxWorkers: 4,
    // A worker keeps its module cache from one file to the next: re-importing the SDKs and the sources
    // for each of ~140 files cost about a third of the run. Test files therefore leave no state
    // behind (environment restored in afterAll, servers closed, no module mocks).
    isolate: false,
  },
});
