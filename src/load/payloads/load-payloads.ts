/**
 * Resolves `request.payloads` into payloads: a JSON Lines file, a JSON array file, a directory of
 * raw files, a single raw file, or an inline list. Every problem is reported with where it is
 * (file and line) before a single request is sent. Paths resolve against the config file's
 * directory and must stay inside the workspace (src/files/confined-files.ts); sizes and entry
 * counts are checked before reading, and no error quotes a file's content.
 */
import { basename, extname, join, resolve } from 'node:path';
import type { InlinePayload, RequestConfig } from '../../config/request-schema.js';
import { UserInputError, type InputIssue } from '../../core/errors.js';
import {
  confinedPath,
  formatBytes,
  listConfinedDirectory,
  readConfinedFile,
  type PathRef,
} from '../../files/confined-files.js';
import { describeJsonError } from '../../files/json-text.js';
import { digestPayloads } from './digest.js';
import type { Payload, PayloadBody, PayloadSet } from './payload.js';

const FIELD = 'request.payloads';
const JSON_LINES_EXTENSIONS = new Set(['.jsonl', '.ndjson']);

/** Largest payload file (a JSON Lines file, or one raw payload). */
const MAX_PAYLOAD_FILE_BYTES = 64 * 1024 * 1024;
/** Most entries in a payload directory (checked while listing, before reading any file). */
export const MAX_PAYLOAD_DIRECTORY_ENTRIES = 10_000;
/** Largest total of a payload directory's files. */
const MAX_PAYLOAD_TOTAL_BYTES = 256 * 1024 * 1024;

/** Where payload paths resolve and what they must stay inside. */
interface Scope {
  baseDir: string;
  workspaceDir: string;
}

/**
 * Loads and checks the payload set; throws a `UserInputError` listing every problem.
 * @param baseDir the config file's directory (relative paths resolve against it)
 * @param workspaceDir every file must stay inside it after resolving symlinks (default `baseDir`)
 */
export async function loadPayloads(
  source: RequestConfig['payloads'],
  baseDir: string,
  workspaceDir: string = baseDir,
): Promise<PayloadSet> {
  if (source === undefined)
    throw new UserInputError({ field: FIELD, message: 'is required', fix: 'give a payload file or list' });
  const issues: InputIssue[] = [];
  const scope = { baseDir, workspaceDir };
  const payloads =
    typeof source === 'string'
      ? await fromPath({ field: FIELD, given: source, path: resolve(baseDir, source) }, scope, issues)
      : await fromInline(source, scope, issues);
  if (issues.length === 0 && payloads.length === 0) {
    issues.push({
      field: FIELD,
      message: `"${String(source)}" contains no payloads`,
      fix: 'add at least one',
    });
  }
  if (issues.length > 0) throw new UserInputError(issues, { title: 'Invalid payloads' });
  return { payloads, digest: digestPayloads(payloads) };
}

async function fromPath(ref: PathRef, scope: Scope, issues: InputIssue[]): Promise<Payload[]> {
  const checked = await confinedPath(ref, scope.workspaceDir, 'file-or-directory');
  if (checked.kind === 'directory') return fromDirectory(ref, scope);
  const bytes = await readConfinedFile(ref, scope.workspaceDir, MAX_PAYLOAD_FILE_BYTES);
  const extension = extname(ref.path).toLowerCase();
  if (JSON_LINES_EXTENSIONS.has(extension)) return fromJsonLines(bytes.toString('utf8'), ref.given, issues);
  if (extension === '.json') return fromJsonArray(bytes.toString('utf8'), ref.given, issues);
  return [{ name: basename(ref.path), source: ref.given, body: { kind: 'bytes', bytes }, weight: 1 }];
}

async function fromDirectory(ref: PathRef, scope: Scope): Promise<Payload[]> {
  const names = await listConfinedDirectory(ref, scope.workspaceDir, MAX_PAYLOAD_DIRECTORY_ENTRIES);
  const payloads: Payload[] = [];
  let totalBytes = 0;
  for (const name of names) {
    const file = { field: FIELD, given: `${ref.given}/${name}`, path: join(ref.path, name) };
    const bytes = await readConfinedFile(file, scope.workspaceDir, MAX_PAYLOAD_FILE_BYTES);
    totalBytes += bytes.length;
    if (totalBytes > MAX_PAYLOAD_TOTAL_BYTES)
      throw new UserInputError({
        field: FIELD,
        message: `the files in "${ref.given}" add up to more than ${formatBytes(MAX_PAYLOAD_TOTAL_BYTES)}`,
        fix: 'keep a representative sample of payloads',
      });
    payloads.push({ name, source: file.given, body: { kind: 'bytes', bytes }, weight: 1 });
  }
  return payloads;
}

function fromJsonLines(text: string, given: string, issues: InputIssue[]): Payload[] {
  const payloads: Payload[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    const where = `${given}:${index + 1}`;
    try {
      payloads.push({
        name: `line ${index + 1}`,
        source: where,
        body: { kind: 'json', value: JSON.parse(trimmed), text: trimmed },
        weight: 1,
      });
    } catch (error) {
      issues.push({
        field: where,
        message: describeJsonError(error, trimmed),
        fix: 'a .jsonl file holds one JSON value per line',
      });
    }
  });
  return payloads;
}

function fromJsonArray(text: string, given: string, issues: InputIssue[]): Payload[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    issues.push({ field: given, message: describeJsonError(error, text) });
    return [];
  }
  if (!Array.isArray(value)) {
    issues.push({
      field: given,
      message: `a .json payload file must hold an array of payloads, but got ${typeof value}`,
      fix: 'wrap the payload in [ ], or use a .jsonl file with one payload per line',
    });
    return [];
  }
  return value.map((item: unknown, index) => ({
    name: `item ${index + 1}`,
    source: `${given}[${index}]`,
    body: { kind: 'json', value: item, text: JSON.stringify(item) },
    weight: 1,
  }));
}

async function fromInline(
  items: readonly InlinePayload[],
  scope: Scope,
  issues: InputIssue[],
): Promise<Payload[]> {
  const payloads: Payload[] = [];
  for (const [index, item] of items.entries()) {
    const source = `${FIELD}[${index}]`;
    const body = await inlineBody(item, scope, source, issues);
    if (!body) continue;
    const payload: Payload = {
      name: item.name ?? `payload ${index + 1}`,
      source,
      body,
      weight: item.weight,
      ...(item.targetModel === undefined ? {} : { targetModel: item.targetModel }),
    };
    payloads.push(payload);
  }
  return payloads;
}

async function inlineBody(
  item: InlinePayload,
  scope: Scope,
  source: string,
  issues: InputIssue[],
): Promise<PayloadBody | undefined> {
  if (item.text !== undefined) return { kind: 'bytes', bytes: Buffer.from(item.text, 'utf8') };
  if (item.base64 !== undefined) {
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(item.base64)) {
      issues.push({ field: `${source}.base64`, message: 'is not valid base64' });
      return undefined;
    }
    return { kind: 'bytes', bytes: Buffer.from(item.base64, 'base64') };
  }
  if (item.file !== undefined) {
    const ref = { field: `${source}.file`, given: item.file, path: resolve(scope.baseDir, item.file) };
    try {
      return {
        kind: 'bytes',
        bytes: await readConfinedFile(ref, scope.workspaceDir, MAX_PAYLOAD_FILE_BYTES),
      };
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  }
  return { kind: 'json', value: item.json, text: JSON.stringify(item.json) };
}
