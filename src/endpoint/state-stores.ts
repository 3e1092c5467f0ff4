/**
 * The two `StateStore`s: the action's saved state (main writes it with `saveState`, which appends to
 * the `GITHUB_STATE` file; the runner hands it to the post step as `STATE_<name>`), and a JSON file
 * for the CLI (written to a temporary file and renamed, so a crash never leaves half a record).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseState, serializeState, TEARDOWN_STATE_KEY, type StateStore } from './state.js';

/** The part of `@actions/core` a state store needs (injected, so tests and other hosts can supply it). */
export interface ActionStateApi {
  saveState(name: string, value: string): void;
  getState(name: string): string;
}

/** State saved through the Actions toolkit: written by main, read by post. */
export function actionStateStore(api: ActionStateApi, key = TEARDOWN_STATE_KEY): StateStore {
  return {
    save: (state) => api.saveState(key, serializeState(state)),
    load: () => parseState(api.getState(key)),
  };
}

/** State kept in a JSON file (the CLI). */
export function fileStateStore(path: string): StateStore {
  return {
    save: (state) => {
      const temporary = `${path}.tmp-${process.pid}`;
      writeFileSync(temporary, `${serializeState(state)}\n`);
      renameSync(temporary, path);
    },
    load: () => (existsSync(path) ? parseState(readFileSync(path, 'utf8')) : undefined),
  };
}

/** State kept in memory (in-process runs that have no post step, and tests). */
export function memoryStateStore(): StateStore & { saved: string[] } {
  const saved: string[] = [];
  return {
    saved,
    save: (state) => {
      saved.push(serializeState(state));
    },
    load: () => {
      const last = saved.at(-1);
      return last === undefined ? undefined : parseState(last);
    },
  };
}
