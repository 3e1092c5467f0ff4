/**
 * The demo's output directory: created when missing, replaced when it holds an earlier demo's
 * output (recognised by a marker file), and refused when it holds anything else — the demo never
 * deletes files it did not write.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserInputError } from '../core/errors.js';

/** Marks a directory as the demo's output. */
export const MARKER_FILE = '.perf-gate-demo';

/** Makes `dir` an empty demo output directory; returns its absolute path. */
export async function prepareOutputDir(dir: string): Promise<string> {
  const absolute = resolve(dir);
  if (existsSync(absolute)) {
    const entries = await readdir(absolute).catch((error: unknown) => {
      throw new UserInputError(
        { field: '--out', message: `${absolute} exists but cannot be read as a directory` },
        { cause: error },
      );
    });
    if (entries.length > 0 && !entries.includes(MARKER_FILE)) {
      throw new UserInputError({
        field: '--out',
        message: `${absolute} is not empty and was not written by the demo`,
        fix: 'choose a new or empty directory with --out (an earlier demo output directory is replaced)',
      });
    }
    await rm(absolute, { recursive: true, force: true });
  }
  await mkdir(absolute, { recursive: true });
  await writeFile(
    join(absolute, MARKER_FILE),
    'Written by `sagemaker-perf-gate demo`; the next demo run with this --out replaces this directory.\n',
  );
  return absolute;
}
