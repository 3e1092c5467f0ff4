/**
 * The action's inputs, read once into typed settings (the token masked first), and the config they
 * produce: the config file with every non-empty setting input laid over it, validated once.
 */
import { parseWithOverrides } from '../config/config-overrides.js';
import { readConfigFile, type Config } from '../config/parse.js';
import { SETTING_NAMES, settingOverrides, type SettingValues } from '../config/setting-inputs.js';
import { UserInputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { LimitSet } from '../guardrails/limits.js';
import { Inputs, isMode, MODES, type Mode } from './constants.js';
import { readLimitInputs } from './limit-inputs.js';

/** The part of `@actions/core` read here (injected: tests and `@github/local-action` stub it). */
export interface InputApi {
  getInput(name: string): string;
  setSecret(secret: string): void;
}

export interface ActionInputs {
  mode: Mode;
  configPath: string;
  /** Undefined when empty (no PR comment). */
  githubToken: string | undefined;
  settings: SettingValues;
  /** Guardrail limits from the workflow (max-cost-usd, allowed-instance-types, ...). */
  limits: LimitSet;
}

/** Reads and checks the inputs. The token is masked before anything else happens. */
export function readActionInputs(api: InputApi): ActionInputs {
  const githubToken = api.getInput(Inputs.GithubToken) || undefined;
  if (githubToken) api.setSecret(githubToken);
  const mode = api.getInput(Inputs.Mode) || 'run';
  if (!isMode(mode))
    throw new UserInputError({
      field: `input "${Inputs.Mode}"`,
      message: `must be one of ${MODES.join(', ')}, but got "${mode}"`,
    });
  const settings: SettingValues = {};
  for (const name of SETTING_NAMES) settings[name] = api.getInput(name);
  const limits = readLimitInputs((name) => api.getInput(name));
  return {
    mode,
    configPath: api.getInput(Inputs.Config) || '.github/perf-gate.yml',
    githubToken,
    settings,
    limits,
  };
}

/** The config file with the inputs laid over it; logs which inputs took effect. */
export async function loadActionConfig(
  inputs: ActionInputs,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): Promise<Config> {
  const raw = await readConfigFile(inputs.configPath, env);
  const { overrides, ignored } = settingOverrides(inputs.settings, raw, (name) => `input "${name}"`);
  const config = parseWithOverrides(raw, overrides, { sourcePath: inputs.configPath, env });
  for (const line of ignored) logger.warning(line);
  logger.info(
    describeConfig(
      inputs.configPath,
      config,
      overrides.map((o) => o.origin),
    ),
  );
  return config;
}

/** One line about what will run (never the whole config: it may hold payloads). */
function describeConfig(path: string, config: Config, origins: readonly string[]): string {
  const target = config.endpoint.deploy
    ? `a candidate deployed ${config.endpoint.deploy.fromEndpoint ? `from "${config.endpoint.deploy.fromEndpoint}"` : 'from a model spec'}`
    : `endpoint "${config.endpoint.name ?? ''}"`;
  const stages = config.load.stages.map((s) => s.name).join(', ');
  const inputs = [...new Set(origins)];
  return (
    `Config ${path}: ${target} in ${config.region}; ${config.load.mode} stages ${stages}; ` +
    `${config.compare.mode} comparison, baseline store ${config.baseline.store} (save ${config.baseline.save}); fail-on ${config.compare.failOn}` +
    (inputs.length ? `; overridden by ${inputs.join(', ')}` : '') +
    '.'
  );
}
