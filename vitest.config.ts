import { defineConfig } from 'vitest/config';
import { entryBundle } from './test/support/entry-bundles.js';

/**
 * Test files whose assertions depend on timing (latency accuracy, rates, saturation, verdicts on
 * measured runs). They run one at a time after everything else, so the suite never starves its own
 * timing checks of CPU on a 2-core machine.
 */
const TIMING = [
  'test/load/capacity-emulator.test.ts',
  'test/emulator/capacity.test.ts',
  'test/emulator/metrics.test.ts',
  'test/emulator/noise.test.ts',
  'test/emulator/kinds.test.ts',
  'test/load/engine-*.test.ts',
  'test/load/invokers-differential.test.ts',
  'test/gate/run-gate.test.ts',
  'test/gate/kinds-gate.test.ts',
  'test/gate/cold-start-gate.test.ts',
  'test/gate/ab-gate.test.ts',
  'test/compare/paired-runner.test.ts',
  'test/gate/sequential-paired.test.ts',
  'test/cloudwatch/collect.test.ts',
  'test/merge/scale-out.test.ts',
  'test/e2e/action.test.ts',
  'test/e2e/kinds-cli.test.ts',
  'test/e2e/scale-out-action.test.ts',
  'test/e2e/instance-comparison-action.test.ts',
  'test/gate/instance-comparison-gate.test.ts',
  'test/e2e/ab-action.test.ts',
  'test/demo/**/*.test.ts',
  'test/llm/timing.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    // Bundles the entry points the child-process tests start (test/support/entry-bundles.ts).
    globalSetup: ['test/support/global-setup.ts'],
    // The SDK's notice that future releases need Node 22 is for users, not test logs (and children inherit it).
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Load workers started from source run the worker bundled by the global setup (see src/load/workers/worker-launch.ts).
      PERF_GATE_LOAD_WORKER: entryBundle('load-worker'),
    },
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'parallel',
          include: ['test/**/*.test.ts'],
          exclude: TIMING,
          // Integration tests start servers and child processes; two cores, so keep parallelism modest.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'timing',
          include: TIMING,
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
