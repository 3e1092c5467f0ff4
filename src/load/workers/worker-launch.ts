/**
 * Where the generator worker's code is. From a bundle (`dist/cli`, `dist/main`), the worker is its
 * own bundle next to it: `dist/load-worker/index.js`. From TypeScript source (tests, `tsx`), the
 * worker is started through a tiny bootstrap that registers tsx's loader first — `--import tsx` in
 * a worker's `execArgv` does not apply to the worker's entry module on Node 20. Booting that way
 * transpiles the worker's whole module graph (about a second per thread), so from source
 * `PERF_GATE_LOAD_WORKER` may name a worker bundled from the same sources instead: the test suite
 * sets it to the one test/support/global-setup.ts builds. Bundles ignore it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkerOptions } from 'node:worker_threads';

export interface WorkerLaunch {
  readonly script: string | URL;
  readonly options: WorkerOptions;
}

export function workerLaunch(): WorkerLaunch {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const prebuilt = process.env.PERF_GATE_LOAD_WORKER;
    if (prebuilt) return { script: prebuilt, options: {} };
    const entry = pathToFileURL(join(dirname(here), 'worker-entry.ts')).href;
    // Spelled out at run time so bundlers do not try to resolve tsx (only needed from source).
    const tsxPackage = ['tsx', 'package.json'].join('/');
    const api = pathToFileURL(
      join(dirname(createRequire(import.meta.url).resolve(tsxPackage)), 'dist/esm/api/index.mjs'),
    ).href;
    const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    return { script: bootstrap, options: { eval: true } };
  }
  const bundled = join(dirname(here), '..', 'load-worker', 'index.js');
  if (!existsSync(bundled)) {
    throw new Error(
      `the load worker bundle is missing (expected ${bundled}); rebuild with scripts/build.mjs`,
    );
  }
  return { script: bundled, options: {} };
}
