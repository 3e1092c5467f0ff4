/**
 * Runs once before the test files: bundles the entry points the child-process tests start
 * (test/support/entry-bundles.ts) from the current sources.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_DIR, ENTRY_SOURCES, REPO_ROOT } from './entry-bundles.js';

export default async function setup(): Promise<void> {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  mkdirSync(BUNDLE_DIR, { recursive: true });
  // The bundles are ES modules like the sources; dependencies written as CommonJS still call require().
  writeFileSync(join(BUNDLE_DIR, 'package.json'), '{ "type": "module" }\n');
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: Object.fromEntries(
      Object.entries(ENTRY_SOURCES).map(([name, source]) => [`${name}/index`, source]),
    ),
    outdir: BUNDLE_DIR,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: {
      js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
    },
    logLevel: 'warning',
  });
}
