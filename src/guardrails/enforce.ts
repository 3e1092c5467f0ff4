/**
 * Puts the limits in force before anything is created: reads the base branch's config with real
 * git (pull requests), refuses a pull request that loosens a limit the base branch sets, and returns
 * the config with the strictest of the inputs', the base branch's and its own limits.
 */
import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { readConfigAtCommit } from '../baseline/git/read-at-commit.js';
import { gitRunner } from '../baseline/git/git-cli.js';
import { guardrailsSchema } from '../config/endpoint-schema.js';
import { positiveDurationMs } from '../config/fields.js';
import { parseYaml, type Config } from '../config/parse.js';
import { UserInputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { loadLimitIssues } from './load-limits.js';
import { guardrailLimits, limitsOf, loosenedIssues, strictest, type LimitSet } from './limits.js';

export interface EnforceOptions {
  /** Limits from the action's inputs (the workflow file). */
  inputs: LimitSet;
  /** The repository checkout. */
  cwd: string;
  /** Pull request: the base commit, whose config is read. */
  baseSha: string | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}

/** The config with the limits in force; throws (exit 2) when the pull request loosens one. */
export async function enforceLimits(config: Config, options: EnforceOptions): Promise<Config> {
  const base = await baseLimits(config, options);
  const own = limitsOf(config);
  if (base) {
    const loosened = loosenedIssues(own, base);
    if (loosened.length > 0)
      throw new UserInputError(loosened, {
        title: 'Refused: this pull request loosens guardrails set on the base branch; nothing was created',
      });
  }
  const limits = strictest(options.inputs, base ?? {}, own);
  const loadIssues = [...loadLimitIssues(config.load, limits), ...pairIssues(config, limits)];
  if (loadIssues.length > 0)
    throw new UserInputError(loadIssues, { title: 'Refused by guardrails; nothing was created' });
  const trustedPrice = options.inputs.hourlyPriceUsd !== undefined || base?.hourlyPriceUsd !== undefined;
  return applied(config, limits, trustedPrice);
}

/** `compare.pairs` above the pairs limit in force (the base branch's or the file's). */
function pairIssues(config: Config, limits: LimitSet) {
  const max = limits.maxPairs;
  if (max === undefined || config.compare.pairs <= max) return [];
  return [
    {
      field: 'compare.pairs',
      message: `${config.compare.pairs} endpoint pairs exceed the limit of ${max} (guardrails.max-pairs)`,
      fix: 'deploy fewer pairs, or raise `guardrails.max-pairs` on the base branch',
    },
  ];
}

function applied(config: Config, limits: LimitSet, hourlyPriceTrusted: boolean): Config {
  const g = config.guardrails;
  const deploy = config.endpoint.deploy;
  const next: Config = {
    ...config,
    guardrails: {
      allowedInstanceTypes: limits.allowedInstanceTypes ? [...limits.allowedInstanceTypes] : undefined,
      maxInstanceCount: limits.maxInstanceCount ?? g.maxInstanceCount,
      maxCostUsd: limits.maxCostUsd,
      maxTestDurationMs: limits.maxTestDurationMs ?? g.maxTestDurationMs,
      maxUsers: limits.maxUsers ?? g.maxUsers,
      maxArrivalRate: limits.maxArrivalRate ?? g.maxArrivalRate,
      maxWorkers: limits.maxWorkers ?? g.maxWorkers,
      maxInFlight: limits.maxInFlight ?? g.maxInFlight,
      maxPairs: limits.maxPairs ?? g.maxPairs,
    },
    report: { ...config.report, hourlyPriceUsd: limits.hourlyPriceUsd },
    endpoint: deploy
      ? {
          ...config.endpoint,
          deploy: {
            ...deploy,
            teardownTimeoutMs: limits.teardownTimeoutMs ?? deploy.teardownTimeoutMs,
            expiresAfterMs: limits.expiresAfterMs ?? deploy.expiresAfterMs,
          },
        }
      : config.endpoint,
    hourlyPriceTrusted,
  };
  return Object.freeze(next);
}

/** The base branch's limits, or undefined outside pull requests or when it has no config. */
async function baseLimits(config: Config, options: EnforceOptions): Promise<LimitSet | undefined> {
  if (!options.baseSha || !config.sourcePath) return undefined;
  const path = await repositoryPath(options.cwd, config.sourcePath, options.env);
  if (!path) {
    options.logger.warning(
      `The config ${config.sourcePath} is outside the repository: no base-branch limits apply.`,
    );
    return undefined;
  }
  const text = await readConfigAtCommit({
    cwd: options.cwd,
    commit: options.baseSha,
    path,
    ...(options.env ? { env: options.env } : {}),
  });
  if (text === undefined) {
    options.logger.info(`The base commit has no ${path}: the limits are the inputs' and the file's.`);
    return undefined;
  }
  const limits = limitsFromRaw(parseYaml(text, `${path} at the base commit`), options.logger);
  options.logger.info(`Guardrails: the base branch's ${path} sets the limits a pull request may not loosen.`);
  return limits;
}

/** The config's path from the repository root (`git rev-parse --show-toplevel`), or undefined outside it. */
export async function repositoryPath(
  cwd: string,
  sourcePath: string,
  env: Readonly<Record<string, string | undefined>> | undefined,
): Promise<string | undefined> {
  const git = gitRunner({ cwd, ...(env ? { env } : {}) });
  const top = await git.tryRun(['rev-parse', '--show-toplevel']);
  if (top.code !== 0) return undefined;
  try {
    const rel = relative(realpathSync(top.stdout.trim()), realpathSync(resolve(cwd, sourcePath)));
    return rel.startsWith('..') || rel === '' ? undefined : rel.split(sep).join('/');
  } catch {
    return undefined;
  }
}

const price = z.number().positive();
const object = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The limits a base-branch config sets; a part that does not parse falls back to the defaults. */
function limitsFromRaw(raw: unknown, logger: Logger): LimitSet {
  const root = object(raw);
  const parsed = guardrailsSchema.safeParse(root['guardrails'] ?? {});
  if (!parsed.success)
    logger.warning("The base branch's `guardrails` do not parse with this version; its defaults apply.");
  const g = parsed.success ? parsed.data : guardrailsSchema.parse({});
  const deploy = object(object(root['endpoint'])['deploy']);
  const hourly = price.safeParse(object(root['report'])['hourly-price']);
  const teardown = positiveDurationMs.safeParse(deploy['teardown-timeout']);
  const expires = positiveDurationMs.safeParse(deploy['expires-after']);
  return {
    ...guardrailLimits(g),
    hourlyPriceUsd: hourly.success ? hourly.data : undefined,
    teardownTimeoutMs: teardown.success ? teardown.data : undefined,
    expiresAfterMs: expires.success ? expires.data : undefined,
  };
}
