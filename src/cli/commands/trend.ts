/**
 * `sagemaker-perf-gate trend` — change points over the default branch's history of a scenario: from
 * the store a config names (`--config`, run in the repository checkout), or from result.json files
 * (`--results`). Prints the markdown report (a table of change points and a Mermaid chart per stage
 * and metric with the change points marked) and writes trend.md and trend.html into `--out`.
 * Exit 1 with `--fail-on-regression` (or `trend.fail-on-regression`) when a recent change point is
 * a regression.
 */
import type { Command } from 'commander';
import type { TrendPoint } from '../../baseline/store.js';
import { openStore } from '../../baseline/store.js';
import { loadConfigFile, type Config } from '../../config/parse.js';
import { trendSchema } from '../../config/trend-schema.js';
import { systemClock } from '../../core/clock.js';
import { ExitCode, UserInputError } from '../../core/errors.js';
import { seededRandom } from '../../core/random.js';
import { plannedScenario } from '../../gate/baseline-phase.js';
import { trendTitle } from '../../publish/publisher.js';
import { writeTrendFiles } from '../../publish/trend-files.js';
import { analyzeTrend } from '../../trend/change-points.js';
import { trendPointOf } from '../../trend/creep.js';
import type { CliContext } from '../cli-context.js';
import { readResultArgument } from '../read-files.js';

interface TrendFlags {
  config?: string;
  results: string[];
  out: string;
  failOnRegression?: boolean;
}

export function register(program: Command, context: CliContext): void {
  program
    .command('trend')
    .description("change points (creep) in the default branch's stored history of a scenario")
    .option('--config <file>', 'read the history from the store this config names, for its scenario')
    .option('--results <files...>', 'or: default-branch result.json files of one scenario', [])
    .option('--out <dir>', 'output directory for trend.md and trend.html', 'perf-gate-trend')
    .option('--fail-on-regression', 'exit 1 when a recent change point is a regression')
    .addHelpText(
      'after',
      '\nExamples:\n  sagemaker-perf-gate trend --config .github/perf-gate.yml\n' +
        '  sagemaker-perf-gate trend --results main/*.json --out trend',
    )
    .action(async (flags: TrendFlags) => {
      const config = flags.config ? await loadConfigFile(flags.config, context.env) : undefined;
      if (!config && flags.results.length === 0) {
        throw new UserInputError({
          field: '--config',
          message: 'or --results is required',
          fix: 'pass the config file (its store is read) or the result.json files to analyse',
        });
      }
      const trend = config?.trend ?? trendSchema.parse({});
      const points =
        config && flags.results.length === 0
          ? await fromStore(config, context)
          : await fromFiles(flags.results, config);
      const analysis = analyzeTrend(points.slice(0, trend.window), trend);
      const title = config ? trendTitle(config) : points[0] ? `scenario of run ${points[0].runId}` : 'trend';
      const written = await writeTrendFiles(flags.out, analysis, title);
      context.stdout.write(written.markdown);
      context.stderr.write(`${written.markdownPath}\n${written.htmlPath}\n`);
      const failOn = flags.failOnRegression ?? trend.failOnRegression;
      const failing = failOn && analysis.changes.some((c) => c.recent && c.direction === 'regression');
      context.setExitCode(failing ? ExitCode.Regression : ExitCode.Pass);
    });
}

async function fromStore(config: Config, context: CliContext): Promise<TrendPoint[]> {
  if (config.baseline.store === 'none') {
    throw new UserInputError({
      field: 'baseline.store',
      message: 'is `none`, so there is no stored history to analyse',
      fix: 'use the `git` or `file` store, or pass --results',
    });
  }
  const store = openStore(config.baseline, {
    cwd: process.cwd(),
    clock: systemClock,
    random: seededRandom(config.trend.seed),
    logger: context.logger,
    env: context.env,
  });
  const scenario = await plannedScenario(config);
  return store.trend(scenario.key, config.trend.window);
}

/** Result files, newest first; one scenario (the config's when given). */
async function fromFiles(paths: readonly string[], config: Config | undefined): Promise<TrendPoint[]> {
  const docs = await Promise.all(paths.map(readResultArgument));
  const key = config ? (await plannedScenario(config)).key : docs[0]?.scenario.key;
  const others = docs.filter((d) => d.scenario.key !== key);
  if (!config && others.length > 0) {
    throw new UserInputError({
      field: '--results',
      message: `mixes scenarios (${[...new Set(docs.map((d) => d.scenario.key))].join(', ')})`,
      fix: 'pass the results of one scenario, or --config to pick the config’s scenario',
    });
  }
  return docs
    .filter((d) => d.scenario.key === key)
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .map(trendPointOf);
}
