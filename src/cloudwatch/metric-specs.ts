/**
 * Which CloudWatch metrics are read for a stage, from which namespace, with which statistics, and
 * how their values convert: SageMaker publishes latencies in microseconds, the report shows ms.
 */
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { ServerMetricName, ServerMetricValue } from '../result/server-metrics-schema.js';

export const SAGEMAKER_NAMESPACE = 'AWS/SageMaker';
export const ENDPOINT_INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';

export type Statistic = 'Sum' | 'Average' | 'Maximum' | 'SampleCount';

export interface MetricSpec {
  name: ServerMetricName;
  namespace: typeof SAGEMAKER_NAMESPACE | typeof ENDPOINT_INSTANCE_NAMESPACE;
  unit: ServerMetricValue['unit'];
  stats: readonly Statistic[];
  /** Multiplies CloudWatch's values into the report's unit (µs → ms for latencies). */
  scale: number;
}

const count = (name: ServerMetricName): MetricSpec => ({
  name,
  namespace: SAGEMAKER_NAMESPACE,
  unit: 'count',
  stats: ['Sum'],
  scale: 1,
});
const latency = (name: ServerMetricName): MetricSpec => ({
  name,
  namespace: SAGEMAKER_NAMESPACE,
  unit: 'ms',
  // SampleCount weights each period's average when periods are combined.
  stats: ['Average', 'Maximum', 'SampleCount'],
  scale: 0.001,
});
const utilization = (name: ServerMetricName): MetricSpec => ({
  name,
  namespace: ENDPOINT_INSTANCE_NAMESPACE,
  unit: 'percent',
  stats: ['Average', 'Maximum'],
  scale: 1,
});

export const METRIC_SPECS: readonly MetricSpec[] = [
  count('Invocations'),
  count('InvocationsPerInstance'),
  count('Invocation4XXErrors'),
  count('Invocation5XXErrors'),
  latency('ModelLatency'),
  latency('OverheadLatency'),
  utilization('CPUUtilization'),
  utilization('MemoryUtilization'),
  utilization('DiskUtilization'),
  utilization('GPUUtilization'),
  utilization('GPUMemoryUtilization'),
];

/** The query id of a metric's statistic (ids must start with a lower-case letter). */
export function queryId(specIndex: number, stat: Statistic): string {
  return `m${specIndex}_${stat.toLowerCase()}`;
}

/** Every query of one stage: each metric × statistic, dimensioned by endpoint and variant. */
export function buildQueries(
  endpointName: string,
  variantName: string,
  periodSeconds: number,
): MetricDataQuery[] {
  return METRIC_SPECS.flatMap((spec, index) =>
    spec.stats.map((stat): MetricDataQuery => ({
      Id: queryId(index, stat),
      Label: `${spec.name} ${stat}`,
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: spec.namespace,
          MetricName: spec.name,
          Dimensions: [
            { Name: 'EndpointName', Value: endpointName },
            { Name: 'VariantName', Value: variantName },
          ],
        },
        Period: periodSeconds,
        Stat: stat,
      },
    })),
  );
}
