/**
 * Resolves `request.payloads` into payloads: a JSON Lines file, a JSON array file, a directory of
 * raw files, a single raw file, or an inline list. Every problem is reported with where it is
 * (file and line) before a single request is sent.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { InlinePayload, RequestConfig } from '../../config/request-schema.js';
import { UserInputError, type InputIssue } from '../../core/errors.js';
import { digestPayloads } from './digest.js';
import type { Payload, PayloadBody, PayloadSet } from './payload.js';

const FIELD = 'request.payloads';
const JSON_LINES_EXTENSIONS = new Set(['.jsonl', '.ndjson']);

/** Loads and checks the payload set; throws a `UserInputError` listing every problem. */
export async function loadPayloads(source: RequestConfig['payloads'], baseDir: string): Promise<PayloadSet> {
  if (source === undefined)
    throw new UserInputError({ field: FIELD, message: 'is required', fix: 'give a payload file or list' });
  const issues: InputIssue[] = [];
  const payloads =
    typeof source === 'string'
      ? await fromPath(resolve(baseDir, source), source, issues)
      : await fromInline(source, baseDir, issues);
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

async function fromPath(path: string, given: string, issues: InputIssue[]): Promise<Payload[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    issues.push({
      field: FIELD,
      message: `cannot read "${given}" (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      fix: 'paths are relative to the config file',
    });
    return [];
  }
  if (isDirectory) return fromDirectory(path, given);
  const extension = extname(path).toLowerCase();
  const bytes = await readFile(path);
  if (JSON_LINES_EXTENSIONS.has(extension)) return fromJsonLines(bytes.toString('utf8'), given, issues);
  if (extension === '.json') return fromJsonArray(bytes.toString('utf8'), given, issues);
  return [{ name: basename(path), source: given, body: { kind: 'bytes', bytes }, weight: 1 }];
}

async function fromDirectory(path: string, given: string): Promise<Payload[]> {
  const entries = (await readdir(path, { withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  const payloads: Payload[] = [];
  for (const name of entries) {
    const bytes = await readFile(join(path, name));
    payloads.push({ name, source: `${given}/${name}`, body: { kind: 'bytes', bytes }, weight: 1 });
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
        message: `not valid JSON (${(error as Error).message})`,
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
    issues.push({ field: given, message: `not valid JSON (${(error as Error).message})` });
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
  baseDir: string,
  issues: InputIssue[],
): Promise<Payload[]> {
  const payloads: Payload[] = [];
  for (const [index, item] of items.entries()) {
    const source = `${FIELD}[${index}]`;
    const body = await inlineBody(item, baseDir, source, issues);
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
  baseDir: string,
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
    try {
      return { kind: 'bytes', bytes: await readFile(resolve(baseDir, item.file)) };
    } catch (error) {
      issues.push({
        field: `${source}.file`,
        message: `cannot read "${item.file}" (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        fix: 'paths are relative to the config file',
      });
      return undefined;
    }
  }
  return { kind: 'json', value: item.json, text: JSON.stringify(item.json) };
}
