/**
 * `sagemaker-perf-gate report` — re-renders the report files (comment markdown, CSVs, hlog, HTML)
 * from a result.json, with an optional verdict.json and baseline history, into an output directory.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { VERDICT_STATES, type Verdict } from '../../compare/verdict.js';
import { errorMessage, UserInputError } from '../../core/errors.js';
import { writeReportFiles } from '../../output/write-report-files.js';
import { measuredOnlyVerdict } from '../../report/measured-verdict.js';
import { resultDocumentSchema, type ResultDocument } from '../../result/document.js';
import type { CliContext } from '../context.js';

interface ReportOptions {
  result: string;
  verdict?: string;
  history: string[];
  out: string;
  title?: string;
}

export function register(program: Command, context: CliContext): void {
  program
    .command('report')
    .description('Re-render the PR comment, CSVs, hlog and report.html from a result.json into a directory.')
    .requiredOption('--result <file>', 'the run’s result.json')
    .option('--verdict <file>', 'the verdict.json written next to it (default: this run’s figures only)')
    .option(
      '--history <files...>',
      'default-branch result.json files, newest first (trend chart, baseline curves)',
      [],
    )
    .option('--out <dir>', 'output directory', 'perf-gate-report')
    .option('--title <text>', 'report title (default: scenario name or endpoint)')
    .action(async (options: ReportOptions) => {
      const result = await readResult(options.result);
      const history = await Promise.all(options.history.map(readResult));
      const verdict = options.verdict ? await readVerdict(options.verdict) : measuredOnlyVerdict(result);
      const written = await writeReportFiles(options.out, { result, verdict, history, title: options.title });
      context.stdout.write(`${written.files.join('\n')}\n`);
      context.setExitCode(0);
    });
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserInputError(
      { field: path, message: `cannot be read: ${errorMessage(error)}` },
      { cause: error },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UserInputError(
      { field: path, message: `is not JSON: ${errorMessage(error)}` },
      { cause: error },
    );
  }
}

async function readResult(path: string): Promise<ResultDocument> {
  const parsed = resultDocumentSchema.safeParse(await readJson(path));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UserInputError({
    field: path,
    message: `is not a sagemaker-perf-gate result document: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
    fix: 'pass the result.json a run wrote',
  });
}

async function readVerdict(path: string): Promise<Verdict> {
  const value = await readJson(path);
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
