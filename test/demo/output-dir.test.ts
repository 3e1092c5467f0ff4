/** The demo's output directory: created, replaced when the demo wrote it, refused otherwise. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { MARKER_FILE, prepareOutputDir } from '../../src/demo/output-dir.js';

const root = mkdtempSync(join(tmpdir(), 'demo-out-'));

describe('prepareOutputDir', () => {
  it('creates a missing directory with the marker', async () => {
    const dir = await prepareOutputDir(join(root, 'new', 'nested'));
    expect(readdirSync(dir)).toEqual([MARKER_FILE]);
  });

  it('replaces an earlier demo output', async () => {
    const dir = join(root, 'earlier');
    await prepareOutputDir(dir);
    writeFileSync(join(dir, 'old-report.md'), 'old');
    await prepareOutputDir(dir);
    expect(readdirSync(dir)).toEqual([MARKER_FILE]);
  });

  it('refuses a non-empty directory it did not write, and leaves it alone', async () => {
    const dir = join(root, 'foreign');
    mkdirSync(dir);
    writeFileSync(join(dir, 'thesis.tex'), 'precious');
    const error = await prepareOutputDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).issues[0]?.field).toBe('--out');
    expect(existsSync(join(dir, 'thesis.tex'))).toBe(true);
  });

  it('accepts an empty existing directory', async () => {
    const dir = join(root, 'empty');
    mkdirSync(dir);
    await prepareOutputDir(dir);
    expect(readdirSync(dir)).toEqual([MARKER_FILE]);
  });
});
