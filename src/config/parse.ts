/**
 * Turns a config file (or an already-merged raw object) into the validated `Config`, or a
 * `UserInputError` listing every problem with its field path, what was expected and what was given.
 */
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { UserInputError, type InputIssue } from '../core/errors.js';
import { retiredFieldIssue } from './retired-fields.js';
import { readConfinedFile } from '../files/confined-files.js';
import { findWorkspace, resolveConfigPath, type PathOrigin } from '../files/workspace.js';
import { configSchema, type ParsedConfig } from './schema.js';

/** The validated settings of one run. Deeply frozen. */
export type Config = Readonly<
  ParsedConfig & {
    /** Region resolved from the config or the environment. */
    region: string;
    /** Directory relative paths (payloads, baseline file) are resolved against. */
    baseDir: string;
    /**
     * Every path from the config must stay inside this directory (see src/files/workspace.ts):
     * `GITHUB_WORKSPACE`, else the git repository holding the config, else the working directory.
     */
    workspaceDir: string;
    /** Path fields set by an action input or CLI flag (trusted: not confined to the workspace). */
    trustedPaths: readonly string[];
    /** The config file, when the config came from one (the base branch's copy is read at the same path). */
    sourcePath?: string | undefined;
    /** `report.hourly-price` came from the base branch or an input, so it may price below the table. */
    hourlyPriceTrusted?: boolean | undefined;
  }
>;

export interface ParseOptions {
  /** Where the config came from, for messages and relative paths. */
  sourcePath?: string;
  /** Environment used for defaults (AWS_REGION, GITHUB_WORKSPACE). Passed in; never read from process.env here. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Dotted config fields set by action inputs or CLI flags (paths among them resolve against the working directory). */
  overridden?: readonly string[];
}

/** The largest config file read (a config is a few KiB; anything bigger is a mistake or an attack). */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads and parses a YAML (or JSON) config file. */
export async function loadConfigFile(path: string, env: ParseOptions['env'] = {}): Promise<Config> {
  return parseConfig(await readConfigFile(path, env), { sourcePath: path, env });
}

/**
 * Reads a config file to a plain value, before validation (so inputs and flags can be applied first).
 * Only a regular file of at most 1 MiB; in a GitHub workflow (`GITHUB_WORKSPACE` set) it must stay
 * inside the workspace after resolving symlinks (the file may come from a pull request).
 */
export async function readConfigFile(
  path: string,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<unknown> {
  const workspace = env['GITHUB_WORKSPACE'];
  const ref = { field: 'config', given: path, path: resolve(path) };
  let bytes: Buffer;
  try {
    bytes = await readConfinedFile(
      ref,
      workspace ? findWorkspace(path, env, process.cwd()) : '/',
      MAX_CONFIG_BYTES,
    );
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    throw new UserInputError(
      error.issues.map((i) => ({ ...i, fix: 'check the `config` input or flag' })),
      { cause: error, title: 'Cannot read the config file' },
    );
  }
  return parseYaml(bytes.toString('utf8'), path);
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
  const cwd = process.cwd();
  const baseDir = options.sourcePath ? dirname(resolve(options.sourcePath)) : cwd;
  const workspaceDir = findWorkspace(options.sourcePath, options.env ?? {}, cwd);
  const overridden = new Set(options.overridden ?? []);
  const dirs = { baseDir, workspaceDir, cwd };
  const originOf = (field: readonly string[]): PathOrigin =>
    overridden.has(field.join('.')) ? 'override' : valueAt(raw, field) === undefined ? 'default' : 'file';
  // Without a file, paths stay as given and resolve against the caller's directory when used.
  const data = !options.sourcePath
    ? result.data
    : {
        ...result.data,
        baseline: {
          ...result.data.baseline,
          path: resolveConfigPath(result.data.baseline.path, originOf(['baseline', 'path']), dirs),
        },
        report: {
          ...result.data.report,
          outputDir: resolveConfigPath(
            result.data.report.outputDir,
            originOf(['report', 'output-dir']),
            dirs,
          ),
        },
      };

  const trustedPaths = ['baseline.path', 'report.output-dir'].filter((f) => overridden.has(f));
  return deepFreeze({ ...data, region, baseDir, workspaceDir, trustedPaths, sourcePath: options.sourcePath });
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
