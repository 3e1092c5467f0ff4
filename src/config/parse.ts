/**
 * Turns a config file (or an already-merged raw object) into the validated `Config`, or a
 * `UserInputError` listing every problem with its field path, what was expected and what was given.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { UserInputError, type InputIssue } from '../core/errors.js';
import { retiredFieldIssue } from './retired-fields.js';
import { configSchema, type ParsedConfig } from './schema.js';

/** The validated settings of one run. Deeply frozen. */
export type Config = Readonly<
  ParsedConfig & {
    /** Region resolved from the config or the environment. */
    region: string;
    /** Directory relative paths (payloads, baseline file) are resolved against. */
    baseDir: string;
  }
>;

export interface ParseOptions {
  /** Where the config came from, for messages and relative paths. */
  sourcePath?: string;
  /** Environment used for defaults (AWS_REGION). Passed in; never read from process.env here. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Reads and parses a YAML (or JSON) config file. */
export async function loadConfigFile(path: string, env: ParseOptions['env'] = {}): Promise<Config> {
  return parseConfig(await readConfigFile(path), { sourcePath: path, env });
}

/** Reads a config file to a plain value, before validation (so inputs and flags can be applied first). */
export async function readConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserInputError(
      {
        field: path,
        message: `cannot read the config file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        fix: 'check the `config` path',
      },
      { cause: error },
    );
  }
  return parseYaml(text, path);
}

/** Parses YAML text to a plain value, with line numbers in syntax errors. */
export function parseYaml(text: string, sourcePath = 'config'): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new UserInputError(
      doc.errors.map((e) => ({
        field: sourcePath,
        message: `YAML syntax error: ${e.message.split('\n')[0]}`,
      })),
      { title: `Cannot parse ${sourcePath}` },
    );
  }
  return doc.toJS() ?? {};
}

/** Validates a raw config object (file contents with action inputs / CLI flags already applied). */
export function parseConfig(raw: unknown, options: ParseOptions = {}): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new UserInputError(toInputIssues(result.error, raw), {
      title: `Invalid configuration${options.sourcePath ? ` in ${options.sourcePath}` : ''}`,
    });
  }
  const region = result.data.endpoint.region ?? options.env?.AWS_REGION;
  if (!region) {
    throw new UserInputError({
      field: 'endpoint.region',
      message: 'no AWS region given',
      fix: 'set `endpoint.region` in the config, the `region` input, or AWS_REGION',
    });
  }
  const baseDir = options.sourcePath ? dirname(resolve(options.sourcePath)) : process.cwd();
  return deepFreeze({ ...result.data, region, baseDir });
}

/** `a.b[2].c` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** zod issues → field/message pairs the user can act on. */
export function toInputIssues(error: z.ZodError, raw: unknown): InputIssue[] {
  return error.issues.flatMap((issue): InputIssue | InputIssue[] => {
    const field = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const retiredOf = (key: string) =>
        retiredFieldIssue(formatPath([...issue.path, key]), valueAt(raw, [...issue.path, key]));
      const retired = issue.keys.flatMap((key) => retiredOf(key) ?? []);
      const unknown = issue.keys.filter((key) => retiredOf(key) === undefined);
      if (unknown.length === 0) return retired;
      return [
        ...retired,
        {
          field,
          message: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`,
          fix: 'check the spelling against docs/configuration.md; keys are kebab-case',
        },
      ];
    }
    if (issue.code === 'invalid_type') {
      const given = valueAt(raw, issue.path);
      const custom = !issue.message.startsWith('Invalid input');
      if (given === undefined)
        return { field, message: `is required (${custom ? issue.message : `expected ${issue.expected}`})` };
      return {
        field,
        message: `${custom ? issue.message : `expected ${issue.expected}`}, but got ${describe(given)}`,
      };
    }
    if (issue.code === 'invalid_value') {
      const given = valueAt(raw, issue.path);
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return { field, message: `must be one of ${allowed}, but got ${describe(given)}` };
    }
    if (issue.code === 'invalid_union') {
      return { field, message: `${issue.message}, but got ${describe(valueAt(raw, issue.path))}` };
    }
    if (issue.code === 'too_small' || issue.code === 'too_big') {
      return { field, message: `${issue.message}, but got ${describe(valueAt(raw, issue.path))}` };
    }
    return { field, message: issue.message };
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
