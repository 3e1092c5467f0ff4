/** The action's outputs: names in one place, values computed from the run (pure), then set. */
import type { Verdict } from '../compare/verdict.js';
import { isRunCost } from '../cost/compare-cost.js';
import type { ResultDocument } from '../result/document.js';

export const OUTPUT_NAMES = [
  'verdict',
  'p95-ms',
  'throughput-rps',
  'error-rate',
  'cost-per-million-usd',
  'regression',
  'result-path',
  'report-path',
  'comment-url',
  'artifact-id',
] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

export interface OutputInput {
  result: ResultDocument;
  verdict: Verdict;
  resultPath: string;
  /** report.md in the output directory. */
  reportPath: string;
  commentUrl?: string | undefined;
  artifactId?: number | undefined;
}

/**
 * Output values. Latency, throughput and cost are the last (highest-load) stage's; the error rate is
 * over all measured stages; `regression` is true when the check fails (a broken run, a regression, a
 * breached SLO, or an inconclusive result under `fail-on: inconclusive`; `fail-on: never` lets only
 * a broken run fail). Unknown values are ''.
 */
export function buildOutputs(input: OutputInput): Record<OutputName, string> {
  const { result, verdict } = input;
  const last = result.stages.at(-1);
  const cost = isRunCost(result.cost) ? result.cost : undefined;
  const stageCost =
    last && cost ? cost.stages.find((s) => s.stage === last.name)?.costPerMillionUsd : undefined;
  const round = (value: number, decimals: number) => Number(value.toFixed(decimals)).toString();
  return {
    verdict: verdict.state,
    'p95-ms': last ? round(last.stats.latency.p95Ms, 3) : '',
    'throughput-rps': last ? round(last.stats.throughputRps, 3) : '',
    'error-rate': round(result.overall.errorRate, 6),
    'cost-per-million-usd': stageCost == null ? '' : round(stageCost, 4),
    regression: verdict.failed ? 'true' : 'false',
    'result-path': input.resultPath,
    'report-path': input.reportPath,
    'comment-url': input.commentUrl ?? '',
    'artifact-id': input.artifactId === undefined ? '' : String(input.artifactId),
  };
}

/** Sets every output through `setOutput` (`@actions/core`'s in the action). */
export function setOutputs(
  outputs: Record<OutputName, string>,
  setOutput: (name: string, value: string) => void,
): void {
  for (const name of OUTPUT_NAMES) setOutput(name, outputs[name]);
}
