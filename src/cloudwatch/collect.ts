/**
 * The server-metrics phase: queries CloudWatch (GetMetricData) for each stage's wall-clock window,
 * polling until every period has arrived or `waitMs` runs out (SageMaker metrics land about a minute
 * late). Missing metrics or denied access are recorded on the stages and the run carries on.
 */
import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import type { Clock } from '../core/clock.js';
import { formatDuration } from '../core/duration.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ResultDocument, StageResult } from '../result/document.js';
import type { ServerMetrics } from '../result/server-metrics-schema.js';
import {
  aggregateStage,
  indexResults,
  isComplete,
  metricWindow,
  type Datapoints,
  type MetricWindow,
} from './aggregate.js';
import { buildQueries } from './metric-specs.js';

/** The part of the CloudWatch client used (the real client in production and tests). */
export type CloudWatchSender = Pick<CloudWatchClient, 'send'>;

export interface CollectOptions {
  /** How long to keep polling for late datapoints (`report.cloudwatch-wait`). */
  waitMs: number;
  /** Pause between polls. Default 15 s. */
  pollIntervalMs?: number;
  /** CloudWatch period. Default 60 s (SageMaker's standard resolution). */
  periodSeconds?: number;
  /** Default `AllTraffic` when the result does not name a variant. */
  variantName?: string;
  clock: Clock;
  logger: Logger;
}

interface StageQuery {
  stage: StageResult;
  window: MetricWindow;
  byId: Map<string, Datapoints>;
}

function isAccessDenied(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } };
  return (
    e.name === 'AccessDenied' ||
    e.name === 'AccessDeniedException' ||
    e.name === 'AuthorizationError' ||
    e.$metadata?.httpStatusCode === 403
  );
}

async function fetchStage(
  cloudwatch: CloudWatchSender,
  q: StageQuery,
  endpointName: string,
  variantName: string,
  inferenceComponent: string | undefined,
): Promise<void> {
  const results: MetricDataResult[] = [];
  let nextToken: string | undefined;
  do {
    const response = await cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: buildQueries(
          endpointName,
          variantName,
          q.window.periodSeconds,
          inferenceComponent,
        ),
        StartTime: new Date(q.window.startMs),
        EndTime: new Date(q.window.endMs),
        ScanBy: 'TimestampAscending',
        NextToken: nextToken,
      }),
    );
    results.push(...(response.MetricDataResults ?? []));
    nextToken = response.NextToken;
  } while (nextToken);
  q.byId = indexResults(results);
}

/**
 * Returns a copy of `result` whose stages carry `serverMetrics`. Never throws for CloudWatch's sake:
 * failures become a status and a message on each stage.
 */
export async function collectServerMetrics(
  cloudwatch: CloudWatchSender,
  result: ResultDocument,
  options: CollectOptions,
): Promise<ResultDocument> {
  const { clock, logger } = options;
  const periodSeconds = options.periodSeconds ?? 60;
  const pollIntervalMs = options.pollIntervalMs ?? 15_000;
  const endpointName = result.target.endpointName;
  const variantName = result.target.variantName ?? options.variantName ?? 'AllTraffic';
  const queries: StageQuery[] = result.stages.map((stage) => ({
    stage,
    window: metricWindow(stage.startedAtMs, stage.endedAtMs, periodSeconds),
    byId: new Map(),
  }));
  const deadlineMs = clock.nowMs() + options.waitMs;
  const where = `${endpointName}/${variantName}`;
  let failure: { status: 'access-denied' | 'error'; message: string } | undefined;
  for (let poll = 1; ; poll++) {
    try {
      for (const q of queries) {
        if (!isComplete(q.byId, q.window))
          await fetchStage(cloudwatch, q, endpointName, variantName, result.target.inferenceComponent);
      }
    } catch (error) {
      failure = isAccessDenied(error)
        ? {
            status: 'access-denied',
            message: `CloudWatch denied GetMetricData for ${where} (${errorMessage(error)}); allow cloudwatch:GetMetricData to show server-side figures.`,
          }
        : {
            status: 'error',
            message: `Could not read CloudWatch metrics for ${where}: ${errorMessage(error)}`,
          };
      logger.warning(failure.message);
      break;
    }
    const pending = queries.filter((q) => !isComplete(q.byId, q.window));
    if (pending.length === 0) break;
    if (clock.nowMs() + pollIntervalMs > deadlineMs) break;
    logger.info(
      `CloudWatch: ${pending.length} of ${queries.length} stage windows still incomplete (poll ${poll}); checking again in ${formatDuration(pollIntervalMs)}.`,
    );
    await clock.sleep(pollIntervalMs);
  }
  const waited = formatDuration(options.waitMs);
  const stages = queries.map((q): StageResult => {
    const base = aggregateStage(q.byId, q.window, endpointName, variantName);
    const serverMetrics: ServerMetrics = failure
      ? { ...base, status: failure.status, message: failure.message, metrics: {} }
      : base.status === 'missing'
        ? {
            ...base,
            message: `CloudWatch had no datapoints for ${where} after waiting ${waited} (metrics arrive about a minute late; raise report.cloudwatch-wait)`,
          }
        : isComplete(q.byId, q.window)
          ? base
          : {
              ...base,
              status: 'partial',
              message: `the last ${formatDuration(periodSeconds * 1000)} period had not arrived after waiting ${waited}; figures cover the periods that had`,
            };
    return { ...q.stage, serverMetrics };
  });
  return { ...result, stages };
}
