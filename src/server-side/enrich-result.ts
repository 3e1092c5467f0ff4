/**
 * The server-metrics and cost phase of the flow (design.md): adds CloudWatch figures to every stage
 * (when `report.cloudwatch` is on) and the cost section, returning a new result document.
 */
import type { ReportConfig } from '../config/report-schema.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { addModelSetupTime } from '../cloudwatch/cold-start-setup.js';
import { collectServerMetrics, type CloudWatchSender } from '../cloudwatch/collect.js';
import { capacityWithCost } from '../cost/capacity-cost.js';
import { errorMessage } from '../core/errors.js';
import { computeRunCost } from '../cost/run-cost.js';
import type { ResultDocument } from '../result/document.js';

export interface EnrichDeps {
  /** The CloudWatch client; absent = server metrics are not collected. */
  cloudwatch?: CloudWatchSender | undefined;
  clock: Clock;
  logger: Logger;
}

export interface EnrichOptions {
  report: Pick<ReportConfig, 'cloudwatch' | 'cloudwatchWaitMs' | 'hourlyPriceUsd'>;
  /** Epoch ms of the candidate's CreateEndpoint call, when one was deployed (its time is billed). */
  deployStartedAtMs?: number | undefined;
  /** CloudWatch period; default 60 s. */
  periodSeconds?: number | undefined;
  /** Pause between CloudWatch polls; default 15 s. */
  pollIntervalMs?: number | undefined;
}

/** The result with `stages[].serverMetrics` and `cost` filled in. Never throws for CloudWatch. */
export async function enrichResult(
  result: ResultDocument,
  options: EnrichOptions,
  deps: EnrichDeps,
): Promise<ResultDocument> {
  let enriched = result;
  const { cloudwatch } = deps;
  if (options.report.cloudwatch && cloudwatch) {
    enriched = await deps.logger.group('Server-side metrics (CloudWatch)', () =>
      collectServerMetrics(cloudwatch, result, {
        waitMs: options.report.cloudwatchWaitMs,
        ...(options.periodSeconds === undefined ? {} : { periodSeconds: options.periodSeconds }),
        ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
        clock: deps.clock,
        logger: deps.logger,
      }),
    );
  }
  if (options.report.cloudwatch && cloudwatch && enriched.coldStart !== undefined) {
    const variantName = enriched.target.variantName ?? 'AllTraffic';
    const withSetup = await addModelSetupTime(cloudwatch, enriched, variantName, options.periodSeconds).catch(
      (error: unknown) => {
        deps.logger.warning(`Could not read ModelSetupTime for the cold start: ${errorMessage(error)}`);
        return enriched;
      },
    );
    enriched = withSetup;
  }
  const cost = computeRunCost(enriched, {
    hourlyPriceUsd: options.report.hourlyPriceUsd,
    deployStartedAtMs: options.deployStartedAtMs,
  });
  return { ...enriched, cost, ...capacityWithCost(enriched, cost) };
}
