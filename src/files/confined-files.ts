/**
 * Reading files a config names, as untrusted input: the path must stay inside the workspace after
 * symlinks are resolved, must be a regular file (or a directory where one is expected), and sizes
 * and entry counts are checked before reading. Errors name the field and the path as written,
 * never anything read from the file.
 */
import { constants } from 'node:fs';
import { lstat, open, opendir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { UserInputError } from '../core/errors.js';

/** Where a path came from, for messages. */
export interface PathRef {
  /** Config field, e.g. `request.payloads` or `request.payloads[2].file`. */
  field: string;
  /** The value as written. */
  given: string;
  /** The resolved absolute path. */
  path: string;
}

export type Expected = 'file' | 'directory' | 'file-or-directory';

/** A checked path: its real location and what it is. */
export interface ConfinedPath {
  real: string;
  kind: 'file' | 'directory';
  sizeBytes: number;
}

/** Refuses (exit 2) a path outside `workspaceDir` after resolving symlinks, or of the wrong kind. */
export async function confinedPath(
  ref: PathRef,
  workspaceDir: string,
  expected: Expected,
): Promise<ConfinedPath> {
  let real: string;
  try {
    real = await realpath(ref.path);
  } catch (error) {
    throw refused(ref, `cannot be read (${code(error)})`, 'paths are relative to the config file', error);
  }
  assertInside(ref, real, workspaceDir);
  const info = await stat(real);
  const kind = info.isFile() ? 'file' : info.isDirectory() ? 'directory' : undefined;
  if (!kind || (expected !== 'file-or-directory' && kind !== expected)) {
    const what = kind ?? describeSpecial(info);
    const want =
      expected === 'file-or-directory'
        ? 'a regular file or a directory'
        : `a ${expected === 'file' ? 'regular file' : 'directory'}`;
    throw refused(ref, `is ${what}, not ${want}`);
  }
  return { real, kind, sizeBytes: info.size };
}

/**
 * A path that may not exist yet (an output directory, a baseline file before its first save): its
 * nearest existing ancestor must be inside the workspace, and the path itself, when it exists, must
 * be of the expected kind and no symlink out.
 */
export async function confinedTarget(
  ref: PathRef,
  workspaceDir: string,
  expected: 'file' | 'directory',
): Promise<void> {
  let existing = resolve(ref.path);
  for (;;) {
    try {
      await lstat(existing);
      break;
    } catch {
      const parent = dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
  }
  if (existing === resolve(ref.path)) {
    await confinedPath(ref, workspaceDir, expected);
    return;
  }
  let real: string;
  try {
    real = await realpath(existing);
  } catch (error) {
    throw refused(ref, `cannot be resolved (${code(error)})`, undefined, error);
  }
  assertInside(ref, real, workspaceDir, existing);
}

/** Reads a regular file of at most `maxBytes` (checked before reading and while reading). */
export async function readConfinedFile(
  ref: PathRef,
  workspaceDir: string,
  maxBytes: number,
): Promise<Buffer> {
  const checked = await confinedPath(ref, workspaceDir, 'file');
  if (checked.sizeBytes > maxBytes) throw tooBig(ref, checked.sizeBytes, maxBytes);
  // O_NONBLOCK: should the file be swapped for a FIFO after the check, open does not hang.
  const handle = await open(checked.real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw refused(ref, 'is no longer a regular file');
    return await readAtMost(handle, ref, maxBytes);
  } finally {
    await handle.close();
  }
}

/**
 * The regular, non-hidden files directly in a directory, sorted, refusing more than `maxEntries`
 * entries before listing them all (the directory is read as a stream and reading stops at the cap).
 */
export async function listConfinedDirectory(
  ref: PathRef,
  workspaceDir: string,
  maxEntries: number,
): Promise<string[]> {
  const checked = await confinedPath(ref, workspaceDir, 'directory');
  const dir = await opendir(checked.real, { bufferSize: 256 });
  const names: string[] = [];
  let seen = 0;
  try {
    for await (const entry of dir) {
      if (++seen > maxEntries) {
        throw refused(
          ref,
          `holds more than ${maxEntries} entries`,
          `keep at most ${maxEntries} payload files in the directory, or use one .jsonl file`,
        );
      }
      if (entry.isFile() && !entry.name.startsWith('.')) names.push(entry.name);
    }
  } finally {
    await dir.close().catch(() => undefined);
  }
  return names.sort();
}

/** `1.5 GiB`-style sizes for messages. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit] ?? ''}`;
}

async function readAtMost(
  handle: Awaited<ReturnType<typeof open>>,
  ref: PathRef,
  maxBytes: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(1 << 20, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    chunks.push(chunk.subarray(0, bytesRead));
    if (total > maxBytes) throw tooBig(ref, total, maxBytes, true);
  }
  return Buffer.concat(chunks, total);
}

function assertInside(ref: PathRef, real: string, workspaceDir: string, checked = ref.path): void {
  const rel = relative(workspaceDir, real);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return;
  const linked = relative(workspaceDir, resolve(checked));
  const throughLink = linked !== '' && !linked.startsWith('..') && !isAbsolute(linked);
  throw refused(
    ref,
    `resolves to a location outside the workspace ${workspaceDir}${throughLink ? ' (through a symbolic link)' : ''}`,
    'keep the file inside the repository and name it relative to the config file',
  );
}

function tooBig(ref: PathRef, sizeBytes: number, maxBytes: number, partial = false): UserInputError {
  return refused(
    ref,
    `is ${partial ? 'larger than' : formatBytes(sizeBytes) + ', over'} the limit of ${formatBytes(maxBytes)}`,
  );
}

function describeSpecial(info: Awaited<ReturnType<typeof stat>>): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

function refused(ref: PathRef, message: string, fix?: string, cause?: unknown): UserInputError {
  return new UserInputError(
    { field: ref.field, message: `"${ref.given}" ${message}`, ...(fix ? { fix } : {}) },
    cause === undefined ? undefined : { cause },
  );
}
