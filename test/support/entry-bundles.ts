/**
 * The product's entry points bundled from the current sources, for tests that start them as child
 * processes (the action's main and post steps, the CLI). A child started through tsx transpiles and
 * hooks every module it loads (about 2 s before `main` runs); a bundle starts in a fraction of that.
 * Built once per `vitest` run by test/support/global-setup.ts with esbuild, in the layout of `dist/`
 * (the load worker sits at `../load-worker/index.js` from each entry, where src/load/workers/worker-launch.ts
 * looks for it). The e2e tests run the committed `dist/` bundles instead: they check what ships.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Under the checkout (not the shared temp directory): worktrees and parallel runs do not collide. */
export const BUNDLE_DIR = join(REPO_ROOT, '.cache', 'test-bundles');

export const ENTRY_SOURCES = {
  main: 'src/entry/main.ts',
  post: 'src/entry/post.ts',
  cli: 'src/cli/index.ts',
  'load-worker': 'src/load/workers/worker-entry.ts',
} as const;

export type EntryName = keyof typeof ENTRY_SOURCES;

/** The bundled entry's path: run it with `node <path> ...args`. */
export function entryBundle(name: EntryName): string {
  return join(BUNDLE_DIR, name, 'index.js');
}
