/**
 * `sagemaker-perf-gate compare BASELINE.json... CURRENT.json [--config FILE] [--json]` — the verdict
 * offline: the last file is the run under test, the others its history (any order). Exit 0 pass,
 * 1 broken run / regression / SLO breach (or inconclusive with `fail-on: inconclusive`), 2 bad input —
 * decided by `decideOutcome`, the same function as `run`, the action, `merge` and the demo.
 */
import { Option, type Command } from 'commander';
import { describeDifference } from '../../baseline/file-store.js';
import { compareRun } from '../../compare/compare-run.js';
import { decideOutcome } from '../../compare/outcome.js';
import { verdictText } from '../../report/verdict-terminal.js';
import { FAIL_ON_POLICIES, compareSchema, sloSchema, type FailOnPolicy } from '../../config/gate-schema.js';
import { retiredFieldIssue } from '../../config/retired-fields.js';
import { loadConfigFile } from '../../config/parse.js';
import { UserInputError } from '../../core/errors.js';
import type { ResultDocument } from '../../result/document.js';
import type { CliContext } from '../cli-context.js';
import { readResultArgument } from '../read-files.js';

interface CompareFlags {
  config?: string;
  json?: boolean;
  failOn?: string;
  onInconclusive?: string;
}

export function register(program: Command, context: CliContext): void {
  program
    .command('compare')
    .description('compare a result with earlier results of the same scenario and print the verdict')
    .argument('<files...>', 'baseline result.json files, then the current result.json last')
    .option(
      '--config <file>',
      'take `compare:` and `slo:` settings from this config file (default: built-in defaults)',
    )
    .option('--json', 'print the verdict as JSON instead of text')
    .option('--fail-on <policy>', `override compare.fail-on (${FAIL_ON_POLICIES.join(' | ')})`)
    .addOption(new Option('--on-inconclusive <policy>', 'retired: use --fail-on').hideHelp())
    .addHelpText(
      'after',
      '\nExamples:\n  sagemaker-perf-gate compare main-1/result.json main-2/result.json main-3/result.json pr/result.json\n' +
        '  sagemaker-perf-gate compare --config .github/perf-gate.yml baseline.json result.json --json',
    )
    .action(async (files: string[], flags: CompareFlags) => {
      const settings = await loadSettings(flags, context);
      const documents = await Promise.all(files.map(readResultArgument));
      const current = documents[documents.length - 1] as ResultDocument;
      const baselines = documents.slice(0, -1);
      const currentPath = files[files.length - 1] as string;
      baselines.forEach((doc, i) => assertSameScenario(doc, files[i] as string, current, currentPath));
      // Newest first, as a store would select them.
      baselines.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      const verdict = compareRun(
        current,
        { scenarioKey: current.scenario.key, runs: baselines, mergeBaseFound: false, notes: [] },
        settings.compare,
        settings.slo,
      );
      const output = flags.json ? [JSON.stringify(verdict, null, 2)] : verdictText(verdict);
      for (const line of output) context.stdout.write(`${line}\n`);
      const outcome = decideOutcome(verdict, settings.compare.failOn);
      if (!flags.json && outcome.reasons.length > 0)
        context.stdout.write(`\n${outcome.reasons.join('\n')}\n`);
      context.setExitCode(outcome.exitCode);
    });
}

async function loadSettings(flags: CompareFlags, context: CliContext) {
  const base = flags.config
    ? await loadConfigFile(flags.config, context.env)
    : { compare: compareSchema.parse({}), slo: sloSchema.parse({}) };
  if (flags.onInconclusive !== undefined) {
    const retired = retiredFieldIssue('compare.on-inconclusive', flags.onInconclusive);
    if (retired)
      throw new UserInputError({
        ...retired,
        field: '--on-inconclusive',
        fix: `use --fail-on; ${retired.fix ?? ''}`,
      });
  }
  const policy = flags.failOn;
  if (policy === undefined) return { compare: base.compare, slo: base.slo };
  if (!isFailOn(policy)) {
    throw new UserInputError({
      field: '--fail-on',
      message: `must be one of ${FAIL_ON_POLICIES.join(', ')}, but got "${policy}"`,
    });
  }
  return { compare: { ...base.compare, failOn: policy }, slo: base.slo };
}

function isFailOn(value: string): value is FailOnPolicy {
  return (FAIL_ON_POLICIES as readonly string[]).includes(value);
}

function assertSameScenario(
  doc: ResultDocument,
  path: string,
  current: ResultDocument,
  currentPath: string,
): void {
  if (doc.scenario.key === current.scenario.key) return;
  throw new UserInputError({
    field: path,
    message:
      `is for scenario ${doc.scenario.key} but ${currentPath} is scenario ${current.scenario.key} ` +
      `(${describeDifference(doc.scenario.components, current.scenario.components)})`,
    fix: 'compare only results of the same scenario; results of different scenarios are never compared',
  });
}
