/**
 * `sagemaker-perf-gate report` — re-renders the report files (report.md with the comment's content,
 * Locust CSVs, hlog, report.html) from a result.json into an output directory. The verdict comes
 * from a verdict.json, or is computed from `--history` result files (none: a first run).
 */
import type { Command } from 'commander';
import { compareRun } from '../../compare/compare-run.js';
import { VERDICT_STATES, type Verdict } from '../../compare/verdict.js';
import { compareSchema, sloSchema } from '../../config/gate-schema.js';
import { loadConfigFile } from '../../config/parse.js';
import { errorMessage, UserInputError } from '../../core/errors.js';
import { writeReportFiles } from '../../publish/report-files.js';
import type { CliContext } from '../cli-context.js';
import { readArgumentFile, readResultArgument } from '../read-files.js';

interface ReportFlags {
  result: string;
  verdict?: string;
  history: string[];
  config?: string;
  out: string;
  title?: string;
}

export function register(program: Command, context: CliContext): void {
  program
    .command('report')
    .description('re-render the PR comment (report.md), CSVs, hlog and report.html from a result.json')
    .requiredOption('--result <file>', 'the run’s result.json')
    .option('--verdict <file>', 'the verdict.json the run wrote (default: compare with --history)')
    .option(
      '--history <files...>',
      'default-branch result.json files of the same scenario (baseline, trend)',
      [],
    )
    .option('--config <file>', 'take `compare:`, `slo:` and `report.title` from this config file')
    .option('--out <dir>', 'output directory', 'perf-gate-report')
    .option('--title <text>', 'report title (default: report.title, the scenario name or the endpoint)')
    .addHelpText(
      'after',
      '\nExamples:\n  sagemaker-perf-gate report --result out/result.json --verdict out/verdict.json --out again\n' +
        '  sagemaker-perf-gate report --result pr.json --history main-1.json main-2.json --out report',
    )
    .action(async (flags: ReportFlags) => {
      const config = flags.config ? await loadConfigFile(flags.config, context.env) : undefined;
      const result = await readResultArgument(flags.result);
      const history = (await Promise.all(flags.history.map(readResultArgument)))
        .filter((doc) => doc.scenario.key === result.scenario.key)
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      const verdict = flags.verdict
        ? await readVerdict(flags.verdict)
        : compareRun(
            result,
            { scenarioKey: result.scenario.key, runs: history, mergeBaseFound: false, notes: [] },
            config?.compare ?? compareSchema.parse({}),
            config?.slo ?? sloSchema.parse({}),
          );
      const title = flags.title ?? config?.report.title;
      const written = await writeReportFiles(flags.out, { result, verdict, history, title });
      context.stdout.write(`${written.files.join('\n')}\n`);
      context.setExitCode(0);
    });
}

async function readVerdict(path: string): Promise<Verdict> {
  let value: unknown;
  try {
    value = JSON.parse(await readArgumentFile(path)) as unknown;
  } catch (error) {
    if (error instanceof UserInputError) throw error;
    throw new UserInputError(
      {
        field: path,
        message: `is not JSON: ${errorMessage(error)}`,
        fix: 'pass the verdict.json a run wrote (in its output directory)',
      },
      { cause: error },
    );
  }
  if (isVerdict(value)) return value;
  throw new UserInputError({
    field: path,
    message: 'is not a verdict.json',
    fix: 'pass the verdict.json a run wrote',
  });
}

function isVerdict(value: unknown): value is Verdict {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['state'] === 'string' &&
    (VERDICT_STATES as readonly string[]).includes(v['state']) &&
    typeof v['headline'] === 'string' &&
    Array.isArray(v['stages']) &&
    Array.isArray(v['slos']) &&
    typeof v['baseline'] === 'object'
  );
}
