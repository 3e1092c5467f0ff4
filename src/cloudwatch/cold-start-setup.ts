/**
 * `ModelSetupTime` for the cold-start phase: the longest setup CloudWatch recorded between the
 * phase's first request and the first stage's start (serverless endpoints publish it; others do not,
 * and the section then simply has no figure). Read once, after the stage metrics were collected,
 * so the late-arriving datapoints are in by then.
 */
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { ResultDocument } from '../result/document.js';
import type { CloudWatchSender } from './collect.js';
import { SAGEMAKER_NAMESPACE } from './metric-specs.js';

/** The result with `coldStart.modelSetupTimeMs` filled in when CloudWatch has it. */
export async function addModelSetupTime(
  cloudwatch: CloudWatchSender,
  result: ResultDocument,
  variantName: string,
  periodSeconds = 60,
): Promise<ResultDocument> {
  const coldStart = result.coldStart;
  const firstStage = result.stages[0];
  if (coldStart === undefined || firstStage === undefined) return result;
  const periodMs = periodSeconds * 1000;
  const startMs = Math.floor(coldStart.startedAtMs / periodMs) * periodMs;
  const endMs = Math.max(startMs + periodMs, Math.ceil(firstStage.startedAtMs / periodMs) * periodMs);
  const out = await cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(startMs),
      EndTime: new Date(endMs),
      MetricDataQueries: [
        {
          Id: 'setup',
          MetricStat: {
            Metric: {
              Namespace: SAGEMAKER_NAMESPACE,
              MetricName: 'ModelSetupTime',
              Dimensions: [
                { Name: 'EndpointName', Value: result.target.endpointName },
                { Name: 'VariantName', Value: variantName },
              ],
            },
            Period: periodSeconds,
            Stat: 'Maximum',
          },
        },
      ],
    }),
  );
  const values = out.MetricDataResults?.[0]?.Values ?? [];
  if (values.length === 0) return result;
  return { ...result, coldStart: { ...coldStart, modelSetupTimeMs: Math.max(...values) / 1000 } };
}
