/**
 * The flags `run` shares with the action's inputs (same kebab-case names, same meaning: each overrides
 * one setting of the config file) and the load engine's tuning flags.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { SettingName, SettingValues } from '../../config/setting-inputs.js';
import { INVOKER_KINDS, type InvokerKind } from '../../load/invoke/invoker.js';

/** The setting flags of the CLI (the action's comment and artifact inputs mean nothing locally). */
const SETTING_FLAGS: readonly { name: SettingName; value?: string; description: string }[] = [
  { name: 'endpoint-name', value: '<name>', description: 'test this existing endpoint (endpoint.name)' },
  { name: 'region', value: '<region>', description: 'AWS region (endpoint.region; default AWS_REGION)' },
  {
    name: 'stages',
    value: '<stages>',
    description: 'load stages, compact ("low:30s@4, peak:1m@16~10s") or YAML (load.stages)',
  },
  { name: 'fail-on', value: '<policy>', description: 'regression | inconclusive | never (compare.fail-on)' },
  { name: 'baseline-store', value: '<store>', description: 'git | file | none (baseline.store)' },
  { name: 'save-baseline', value: '<policy>', description: 'auto | always | never (baseline.save)' },
  { name: 'keep-endpoint', description: 'leave the deployed candidate up (endpoint.deploy.keep)' },
  { name: 'scenario', value: '<name>', description: 'scenario name, part of the scenario key (scenario)' },
  { name: 'shard', value: '<i/n>', description: 'generate shard i of n of the load (combine with `merge`)' },
  { name: 'start-at', value: '<time>', description: 'shared start of all shards: ISO 8601 or epoch ms' },
];

export interface TuningFlags {
  invoker: string;
  workers?: number;
  preflight: boolean;
}

/** Adds one flag per shared setting. */
export function addSettingFlags(command: Command): Command {
  for (const flag of SETTING_FLAGS)
    command.option(`--${flag.name}${flag.value ? ` ${flag.value}` : ''}`, flag.description);
  return command;
}

/** Adds the load engine's tuning flags. */
export function addTuningFlags(command: Command): Command {
  return command
    .option('--invoker <kind>', `how requests are sent: ${INVOKER_KINDS.join(' | ')}`, invokerKind, 'fast')
    .option('--workers <n>', 'load generator threads (default: load.workers)', positiveInt)
    .option('--no-preflight', 'skip the single probe request before the load');
}

/** The setting values commander parsed (camelCase keys) by their kebab-case names. */
export function settingValues(flags: Record<string, unknown>): SettingValues {
  const values: SettingValues = {};
  for (const { name } of SETTING_FLAGS) {
    const key = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = flags[key];
    if (typeof value === 'string') values[name] = value;
    else if (value === true) values[name] = 'true';
  }
  return values;
}

function invokerKind(value: string): InvokerKind {
  if (!(INVOKER_KINDS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${INVOKER_KINDS.join(', ')}, got "${value}"`);
  }
  return value as InvokerKind;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1)
    throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  return n;
}
