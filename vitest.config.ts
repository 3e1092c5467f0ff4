import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: a 2-core machine shared with other work runs these several times slower than a quiet one.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The SDK's notice that future releases need Node 22 is for users, not test logs (and children inherit it).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    pool: 'forks',
    // Integration tests start servers and child processes; two cores, so keep parallelism modest. No
    // file needs the CPU to itself: timing is checked on controlled time or with tolerances a busy
    // machine meets (DEVELOPERS.md, "Tests, by kind of helper").
    maxWorkers: 2,
  },
});
