/**
 * The common settings that action inputs and CLI flags may set over the config file, by their
 * kebab-case names (`endpoint-name`, `stages`, ...). Each becomes a `ConfigOverride`, so the one
 * config schema validates it and its messages name the input or flag that set it.
 */
import { shardOverrides } from '../shard/shard-inputs.js';
import { booleanish, parseStagesText, type ConfigOverride } from './config-overrides.js';

export const SETTING_NAMES = [
  'endpoint-name',
  'region',
  'stages',
  'comment',
  'fail-on',
  'baseline-store',
  'save-baseline',
  'artifact-name',
  'output-dir',
  'keep-endpoint',
  'scenario',
  'shard',
  'start-at',
] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

/** Values as typed; empty or missing = take the config file's. */
export type SettingValues = Partial<Record<SettingName, string | undefined>>;

/** Plain settings: the config path each one sets. */
const PATHS: Partial<Record<SettingName, readonly string[]>> = {
  'endpoint-name': ['endpoint', 'name'],
  region: ['endpoint', 'region'],
  'fail-on': ['compare', 'fail-on'],
  'baseline-store': ['baseline', 'store'],
  'artifact-name': ['report', 'artifact-name'],
  'output-dir': ['report', 'output-dir'],
  scenario: ['scenario'],
};

export interface SettingOverrides {
  overrides: ConfigOverride[];
  /** Settings that had no effect, with why (for a log line). */
  ignored: string[];
}

/**
 * Overrides for the given values.
 * @param raw the config file's contents (to tell whether there is a candidate to keep)
 * @param origin how a setting is named in messages, e.g. `(name) => \`input "${name}"\``
 */
export function settingOverrides(
  values: SettingValues,
  raw: unknown,
  origin: (name: SettingName) => string,
): SettingOverrides {
  const overrides: ConfigOverride[] = [];
  const ignored: string[] = [];
  const given = (name: SettingName) => {
    const value = values[name]?.trim();
    return value ? value : undefined;
  };
  for (const [name, path] of Object.entries(PATHS) as [SettingName, readonly string[]][]) {
    const value = given(name);
    if (value !== undefined) overrides.push({ path, value, origin: origin(name) });
  }
  const stages = given('stages');
  if (stages !== undefined)
    overrides.push({
      path: ['load', 'stages'],
      value: parseStagesText(stages, origin('stages')),
      origin: origin('stages'),
    });
  for (const [name, path] of [
    ['comment', ['report', 'comment']],
    ['save-baseline', ['baseline', 'save']],
  ] as const) {
    const value = given(name);
    if (value !== undefined) overrides.push({ path, value: policyOf(value), origin: origin(name) });
  }
  const keep = given('keep-endpoint');
  if (keep !== undefined) {
    if (deploysCandidate(raw))
      overrides.push({
        path: ['endpoint', 'deploy', 'keep'],
        value: booleanish(keep),
        origin: origin('keep-endpoint'),
      });
    else if (booleanish(keep) !== false)
      ignored.push(
        `${origin('keep-endpoint')} is ignored: the config deploys no candidate (endpoint.deploy)`,
      );
  }
  overrides.push(
    ...shardOverrides({ shard: given('shard'), startAt: given('start-at') }, (key) => origin(key)),
  );
  return { overrides, ignored };
}

/** `true` / `false` as the `always` / `never` of a policy setting; anything else unchanged. */
function policyOf(value: string): string {
  const flag = booleanish(value);
  return flag === true ? 'always' : flag === false ? 'never' : value;
}

function deploysCandidate(raw: unknown): boolean {
  if (!raw || typeof raw !== 'object') return false;
  const endpoint = (raw as Record<string, unknown>)['endpoint'];
  if (!endpoint || typeof endpoint !== 'object') return false;
  const deploy = (endpoint as Record<string, unknown>)['deploy'];
  return Boolean(deploy) && typeof deploy === 'object';
}
