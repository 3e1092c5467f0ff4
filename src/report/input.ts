/**
 * What every renderer receives: this run's result, its verdict, and the baseline history. Renderers
 * are pure functions of this value.
 */
import type { MetricComparison, Verdict } from '../compare/verdict.js';
import type { ResultDocument, StageResult } from '../result/document.js';

export interface ReportLinks {
  /** The workflow run (GITHUB_SERVER_URL/REPO/actions/runs/ID). */
  runUrl?: string | undefined;
  /** Where the uploaded artifact can be downloaded. */
  artifactUrl?: string | undefined;
}

export interface ReportInput {
  result: ResultDocument;
  verdict: Verdict;
  /** Default-branch results for the same scenario, newest first (trend chart, baseline curves). */
  history: readonly ResultDocument[];
  /** Heading for the report. Default: the scenario name, else the endpoint name. */
  title?: string | undefined;
  links?: ReportLinks | undefined;
  /** Sentences shown under the headline (e.g. "the PR comment was skipped: read-only token"). */
  notices?: readonly string[] | undefined;
}

/** The report's title. */
export function reportTitle(input: ReportInput): string {
  return input.title ?? input.result.scenario.name ?? input.result.target.endpointName;
}

/**
 * The result the per-stage baseline curves come from: the history entry the verdict names first,
 * else the newest history entry; undefined on a first run or in paired mode without history.
 */
export function baselineDocument(input: ReportInput): ResultDocument | undefined {
  const first = input.verdict.baseline.runs[0];
  const named = first ? input.history.find((doc) => doc.runId === first.runId) : undefined;
  return named ?? input.history[0];
}

/** The verdict's comparisons for a stage (empty when the verdict has no entry for it). */
export function stageMetrics(input: ReportInput, stage: string): readonly MetricComparison[] {
  return input.verdict.stages.find((s) => s.stage === stage)?.metrics ?? [];
}

/** One metric's comparison for a stage. */
export function stageMetric(
  input: ReportInput,
  stage: string,
  metric: MetricComparison['metric'],
): MetricComparison | undefined {
  return stageMetrics(input, stage).find((m) => m.metric === metric);
}

/** A stage of a result by name. */
export function findStage(result: ResultDocument, name: string): StageResult | undefined {
  return result.stages.find((s) => s.name === name);
}
