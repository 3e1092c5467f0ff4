/**
 * The config of a CLI command that runs the gate: the same file as the action's, with the command's
 * flags laid over it (named in messages as `flag --x`). Locally, results are kept only where the
 * file or a flag names a baseline store: the action's default store is a data branch on `origin`,
 * which a laptop run should neither read by surprise nor write to.
 */
import { parseWithOverrides } from '../config/config-overrides.js';
import { readConfigFile, type Config } from '../config/parse.js';
import { settingOverrides, type SettingName, type SettingValues } from '../config/setting-inputs.js';
import type { CliContext } from './cli-context.js';

/**
 * Reads `path`, applies `values`.
 * @param flagOf the flag a setting came from, when it is not `--<setting name>` (e.g. `--out`)
 */
export async function loadCliConfig(
  path: string,
  values: SettingValues,
  context: CliContext,
  flagOf: Partial<Record<SettingName, string>> = {},
): Promise<Config> {
  const raw = await readConfigFile(path, context.env);
  const settings = { ...values };
  if (!settings['baseline-store'] && !declaresStore(raw)) {
    settings['baseline-store'] = 'none';
    context.logger.info(
      'No baseline store in the config file: results are not compared or kept (set baseline.store or --baseline-store).',
    );
  }
  const origin = (name: SettingName) => `flag ${flagOf[name] ?? `--${name}`}`;
  const { overrides, ignored } = settingOverrides(settings, raw, origin);
  const config = parseWithOverrides(raw, overrides, { sourcePath: path, env: context.env });
  for (const line of ignored) context.logger.warning(line);
  return config;
}

function declaresStore(raw: unknown): boolean {
  if (!raw || typeof raw !== 'object') return false;
  const baseline = (raw as Record<string, unknown>)['baseline'];
  return Boolean(baseline) && typeof baseline === 'object' && 'store' in (baseline as object);
}
