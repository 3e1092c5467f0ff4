// Builds the ncc bundles under dist/ (or under the directory given as the first argument).
// One bundle per entry point: the action's main and post steps, the CLI, and the load worker.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ENTRIES = {
  main: 'src/entry/main.ts',
  post: 'src/entry/post.ts',
  cli: 'src/cli/index.ts',
  // Load generator worker threads; the other bundles start it from ../load-worker/index.js.
  'load-worker': 'src/load/workers/worker-entry.ts',
};

const outRoot = resolve(process.argv[2] ?? 'dist');
const ncc = resolve('node_modules/.bin/ncc');
for (const [name, entry] of Object.entries(ENTRIES)) {
  const out = join(outRoot, name);
  rmSync(out, { recursive: true, force: true });
  execFileSync(ncc, ['build', entry, '-o', out, '--license', 'licenses.txt', '--target', 'es2022', '-q'], {
    stdio: 'inherit',
  });
}
