/**
 * What the demo prints: one line per baseline run, one per pull request, and the closing summary
 * (verdicts, whether each was judged right, where the files are). Pure functions of the records.
 */
import { relative } from 'node:path';
import type { VerdictState } from '../compare/verdict.js';
import { STATE_MARK } from '../report/markdown/headline.js';
import type { ComparisonRecord } from './instance-comparison.js';
import type { DemoPullRequest } from './plan.js';

/** A push to main and its gate run. */
export interface BaselineRunRecord {
  index: number;
  sha: string;
  outputDir: string;
  /** Where the result was stored (undefined: it was not). */
  stored: string | undefined;
  p95Ms: number;
  throughputRps: number;
  /** The load generator was saturated: the run is left out of later baselines. */
  saturated: boolean;
  saturationWarnings: string[];
  durationMs: number;
}

/** A pull request's gate run. */
export interface PullRequestRecord {
  pr: DemoPullRequest;
  state: VerdictState;
  headline: string;
  /** The verdict is the expected one. */
  correct: boolean;
  /** How the check ended: 0 passes, 1 fails the pull request. */
  exitCode: number;
  saturated: boolean;
  saturationWarnings: string[];
  /** Baseline runs the verdict compared with. */
  baselineRuns: number;
  outputDir: string;
  reportPath: string;
  commentPath: string;
  durationMs: number;
}

/** The closing summary's inputs. */
export interface DemoSummaryInput {
  outDir: string;
  baseline: readonly BaselineRunRecord[];
  pullRequests: readonly PullRequestRecord[];
  comparison: ComparisonRecord;
  leftovers: readonly string[];
  durationMs: number;
  logPath: string;
  repositoryDir: string;
  originDir: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `  main #2  3f2a1c9  p95 1222.7 ms  256.1 req/s  stored  (17.4 s)` */
export function baselineLine(r: BaselineRunRecord): string {
  const stored = r.saturated
    ? 'load generator saturated: left out of later baselines'
    : r.stored
      ? 'stored as a baseline'
      : 'not stored';
  return `  main #${r.index}  ${r.sha.slice(0, 7)}  p95 ${r.p95Ms.toFixed(1)} ms  ${r.throughputRps.toFixed(1)} req/s  ${stored}  (${seconds(r.durationMs)})`;
}

/** `  ❌ regression — p95 +50.1 % at stage steady (…)  check fails  (17.9 s)` */
export function pullRequestLine(r: PullRequestRecord): string {
  const check = r.exitCode === 0 ? 'check passes' : 'check fails';
  return `  ${STATE_MARK[r.state]} ${r.state} — ${stripState(r.headline)}  [${check}, ${r.baselineRuns} baseline runs, ${seconds(r.durationMs)}]`;
}

/** The closing lines: the verdict table, the files, and whether the gate judged both right. */
export function summaryLines(input: DemoSummaryInput): string[] {
  const rel = (path: string) => relative(process.cwd(), path) || '.';
  const lines = ['', 'Verdicts:'];
  for (const r of input.pullRequests) {
    lines.push(
      `  PR #${r.pr.number} (${r.pr.change}): expected ${r.pr.expected}, got ${r.state} ${STATE_MARK[r.state]}  ` +
        (r.correct ? 'judged correctly' : 'MISJUDGED'),
    );
  }
  lines.push(
    `  PR #3 (capacity comparison of ${input.comparison.rows.length} instance types): ` +
      (input.comparison.recommended ? `recommends ${input.comparison.recommended}` : 'no type met the SLO'),
  );
  lines.push('', `Files (${rel(input.outDir)}):`);
  for (const r of input.pullRequests) {
    lines.push(
      `  ${rel(r.commentPath)}  the PR comment for #${r.pr.number}, as it would be posted`,
      `  ${rel(r.outputDir)}/  report.md, report.html, result.json, verdict.json, stats*.csv, failures.csv, exceptions.csv, histograms.hlog`,
    );
  }
  lines.push(
    `  ${rel(input.comparison.outputDir)}/  the same for the capacity comparison (report.md starts with the comparison table)`,
    `  ${rel(input.outDir)}/main/push-*/  the same for each push to main`,
    `  ${rel(input.originDir)}  the baseline store: branch perf-gate-data (git -C ${rel(input.originDir)} log perf-gate-data)`,
    `  ${rel(input.repositoryDir)}  the serving repository (.github/perf-gate.yml on main and on each PR branch)`,
    `  ${rel(input.logPath)}  the gate's full log`,
    '',
  );
  lines.push(...conclusion(input));
  return lines;
}

/** Why the demo passes or fails, in one or a few lines. */
function conclusion(input: DemoSummaryInput): string[] {
  const wrong = input.pullRequests.filter((r) => !r.correct);
  const out: string[] = [];
  if (input.leftovers.length > 0)
    out.push(`Teardown left resources behind in the emulator: ${input.leftovers.join(', ')}.`);
  if (wrong.length === 0 && input.leftovers.length === 0) {
    out.push(
      `The gate judged both pull requests correctly and sized the endpoint, deploying and tearing down ${input.baseline.length + input.pullRequests.length + input.comparison.rows.length} candidates, in ${seconds(input.durationMs)}.`,
    );
    return out;
  }
  for (const r of wrong) {
    out.push(
      `Pull request #${r.pr.number} was misjudged: expected ${r.pr.expected}, got ${r.state} (${r.headline}).`,
    );
    if (r.saturated)
      out.push(
        `  Its load generator was saturated, so its figures could not be trusted: ${r.saturationWarnings.join(' ')} ` +
          'This machine was probably too busy; rerun the demo when it is quieter.',
      );
  }
  const saturatedBaselines = input.baseline.filter((b) => b.saturated).length;
  if (saturatedBaselines > 0)
    out.push(
      `  ${saturatedBaselines} of ${input.baseline.length} baseline runs were left out because their load generator was saturated (the machine was busy).`,
    );
  return out;
}

/** The headline without a leading state word (`inconclusive: …` → `…`). */
function stripState(headline: string): string {
  return headline.replace(/^(regression|inconclusive|improvement|pass):\s*/i, '');
}
