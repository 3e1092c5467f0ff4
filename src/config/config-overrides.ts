/**
 * Settings that come from outside the config file — action inputs and CLI flags — applied onto the
 * raw file contents before validation, so one schema checks everything and an input always wins
 * over the file. Problems in an overridden value are reported against the input or flag that set it.
 */
import { parseDocument } from 'yaml';
import { UserInputError, type InputIssue } from '../core/errors.js';
import { parseConfig, readConfigFile, type Config, type ParseOptions } from './parse.js';

export interface ConfigOverride {
  /** Path in the config file's (kebab-case) structure, e.g. `['endpoint', 'name']`. */
  path: readonly string[];
  value: unknown;
  /** Where the value came from, for messages: `input "endpoint-name"`, `flag --stages`. */
  origin: string;
}

/** A deep copy of `raw` with each override set at its path (objects created as needed). */
export function applyOverrides(raw: unknown, overrides: readonly ConfigOverride[]): Record<string, unknown> {
  const root: Record<string, unknown> =
    raw && typeof raw === 'object' && !Array.isArray(raw)
      ? structuredClone(raw as Record<string, unknown>)
      : {};
  for (const { path, value } of overrides) {
    let node = root;
    path.forEach((key, i) => {
      if (i === path.length - 1) {
        node[key] = value;
        return;
      }
      const next = node[key];
      if (!next || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    });
  }
  return root;
}

/** Validates file contents plus overrides; issues in overridden fields name the input or flag. */
export function parseWithOverrides(
  raw: unknown,
  overrides: readonly ConfigOverride[],
  options: ParseOptions = {},
): Config {
  try {
    return parseConfig(applyOverrides(raw, overrides), {
      ...options,
      overridden: [...(options.overridden ?? []), ...overrides.map((o) => o.path.join('.'))],
    });
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    const issues: InputIssue[] = error.issues.map((issue) => {
      const source = overrides.find((o) => {
        const prefix = dottedPath(o.path);
        return (
          issue.field === prefix ||
          issue.field.startsWith(`${prefix}.`) ||
          issue.field.startsWith(`${prefix}[`)
        );
      });
      return source ? { ...issue, field: `${issue.field} (from ${source.origin})` } : issue;
    });
    throw new UserInputError(issues, { title: error.message.split(':')[0] ?? 'Invalid configuration' });
  }
}

/** Reads a config file and validates it with the overrides applied (inputs and flags win over the file). */
export async function loadConfigFileWithOverrides(
  path: string,
  overrides: readonly ConfigOverride[],
  env: ParseOptions['env'] = {},
): Promise<Config> {
  return parseWithOverrides(await readConfigFile(path, env), overrides, { sourcePath: path, env });
}

function dottedPath(path: readonly string[]): string {
  return path.join('.');
}

/**
 * Stages written inline, either as YAML (`[{duration: 30s, target: 4}]`) or in the compact form
 * `name:duration@target[~ramp], ...` (names optional): `low:30s@4, peak:1m@16~10s`.
 */
export function parseStagesText(text: string, origin: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('-')) {
    const doc = parseDocument(trimmed);
    const value: unknown = doc.errors.length === 0 ? doc.toJS() : undefined;
    if (!Array.isArray(value)) {
      throw new UserInputError({
        field: origin,
        message: `expected a YAML list of stages, but could not read "${truncate(trimmed)}"`,
        fix: 'write e.g. [{duration: 30s, target: 4}] or the compact form "low:30s@4, peak:1m@16~10s"',
      });
    }
    return value;
  }
  return trimmed
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m =
        /^(?:([A-Za-z0-9][A-Za-z0-9_.-]*):)?([0-9.]+(?:ms|s|m|h)(?:[0-9.]+(?:ms|s|m|h))*)@([0-9.]+)(?:~([0-9.]+(?:ms|s|m|h)))?$/.exec(
          part,
        );
      if (!m) {
        throw new UserInputError({
          field: origin,
          message: `cannot read the stage "${truncate(part)}"`,
          fix: 'write stages as name:duration@target[~ramp], e.g. "low:30s@4, peak:1m@16~10s"',
        });
      }
      const stage: Record<string, unknown> = { duration: m[2], target: Number(m[3]) };
      if (m[1]) stage.name = m[1];
      if (m[4]) stage.ramp = m[4];
      return stage;
    });
}

/** `true`/`false` inputs as the booleans YAML would give, anything else unchanged. */
export function booleanish(text: string): boolean | string {
  const lower = text.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return text.trim();
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
