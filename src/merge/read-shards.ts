/**
 * Finds and reads shard result documents from the paths given to `merge` (result files, output
 * directories, or a directory of downloaded artifacts, one sub-directory each). Every document is
 * validated against the result schema; a corrupt or foreign file is an error naming the file.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatPath } from '../config/parse.js';
import { UserInputError, type InputIssue } from '../core/errors.js';
import { resultDocumentSchema } from '../result/document.js';
import type { ShardInput } from './shard-set.js';

/** The file name every run writes its result document to. */
export const RESULT_FILE_NAME = 'result.json';

/** How deep below a given directory result files are looked for (artifact dir / shard dir / result.json). */
const MAX_SEARCH_DEPTH = 3;

/**
 * Reads every shard result under `paths`.
 * @throws UserInputError listing each path with nothing to merge and each file that is not a valid result
 */
export async function readShardDocuments(paths: readonly string[]): Promise<ShardInput[]> {
  const issues: InputIssue[] = [];
  const files = new Set<string>();
  for (const path of paths) {
    const found = await findResultFiles(path, issues);
    for (const file of found) files.add(file);
  }
  const inputs: ShardInput[] = [];
  for (const file of [...files].sort()) {
    const input = await readShardFile(file, issues);
    if (input) inputs.push(input);
  }
  if (issues.length > 0) throw new UserInputError(issues, { title: 'Cannot read the shard results' });
  return inputs;
}

/** Reads and validates one result file; problems are added to `issues`. */
async function readShardFile(file: string, issues: InputIssue[]): Promise<ShardInput | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    issues.push({ field: file, message: `cannot be read (${errnoCode(error)})` });
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    issues.push({
      field: file,
      message: `is corrupt: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      fix: 're-run that shard, or merge without it (the result will be marked incomplete)',
    });
    return undefined;
  }
  const parsed = resultDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${formatPath(i.path)}: ${i.message}`)
      .join('; ');
    const more = parsed.error.issues.length > 3 ? ` and ${parsed.error.issues.length - 3} more` : '';
    issues.push({
      field: file,
      message: `is corrupt or not a sagemaker-perf-gate result document (${details}${more})`,
      fix: 're-run that shard with this version of the tool',
    });
    return undefined;
  }
  return { source: file, document: parsed.data };
}

async function findResultFiles(path: string, issues: InputIssue[]): Promise<string[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    issues.push({ field: path, message: `does not exist (${errnoCode(error)})` });
    return [];
  }
  if (!isDirectory) return [path];
  const found = await searchDirectory(path, MAX_SEARCH_DEPTH);
  if (found.length === 0) {
    issues.push({
      field: path,
      message: `holds no ${RESULT_FILE_NAME} (searched ${MAX_SEARCH_DEPTH} levels deep)`,
      fix: 'pass the output directory of each shard run, or the directory the shard artifacts were downloaded to',
    });
  }
  return found;
}

async function searchDirectory(dir: string, depth: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const direct = entries.find((e) => e.isFile() && e.name === RESULT_FILE_NAME);
  // A run's output directory: its result file is the shard; deeper files belong to something else.
  if (direct) return [join(dir, direct.name)];
  if (depth <= 1) return [];
  const nested = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((e) => searchDirectory(join(dir, e.name), depth - 1)),
  );
  return nested.flat();
}

function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? 'error';
}
