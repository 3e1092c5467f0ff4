/**
 * Which CloudWatch metrics are read for a stage, from which namespace, with which statistics, and
 * how their values convert: SageMaker publishes latencies in microseconds, the report shows ms.
 */
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { ServerMetricName, ServerMetricValue } from '../result/server-metrics-schema.js';

export const SAGEMAKER_NAMESPACE = 'AWS/SageMaker';
const ENDPOINT_INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';
/** Component-level utilizations (0–100 % of what the component's copies reserve). */
const COMPONENT_NAMESPACE = '/aws/sagemaker/InferenceComponents';

export type Statistic = 'Sum' | 'Average' | 'Maximum' | 'SampleCount';

export interface MetricSpec {
  name: ServerMetricName;
  namespace: typeof SAGEMAKER_NAMESPACE | typeof ENDPOINT_INSTANCE_NAMESPACE | typeof COMPONENT_NAMESPACE;
  unit: ServerMetricValue['unit'];
  /** The first is the primary one: `Sum` = a total over the window, else a mean (and a maximum). */
  stats: readonly Statistic[];
  /** Multiplies CloudWatch's values into the report's unit (µs → ms for latencies). */
  scale: number;
  /**
   * Dimensions: `variant` (EndpointName + VariantName, the default), `endpoint` (EndpointName only:
   * the async backlog), `component` (InferenceComponentName only; skipped when the run has none).
   * With an inference component, the request metrics are read per component instead of per variant
   * (the host's variant serves other components too).
   */
  dimensions?: 'variant' | 'endpoint' | 'component';
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

/** A level sampled over time (a backlog, requests per copy): its mean and maximum, not a total. */
const gauge = (name: ServerMetricName, dimensions: 'endpoint' | 'component'): MetricSpec => ({
  name,
  namespace: SAGEMAKER_NAMESPACE,
  unit: 'count',
  stats: ['Average', 'Maximum'],
  scale: 1,
  dimensions,
});
const componentUtilization = (name: ServerMetricName): MetricSpec => ({
  ...utilization(name),
  namespace: COMPONENT_NAMESPACE,
  dimensions: 'component',
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
  latency('ModelSetupTime'),
  gauge('ApproximateBacklogSize', 'endpoint'),
  latency('TimeInBacklog'),
  { ...latency('TotalProcessingTime'), scale: 1 }, // published in milliseconds
  count('InvocationsProcesssed'),
  count('InvocationFailures'),
  { ...count('NoCapacityInvocationFailures'), dimensions: 'component' },
  // Async backlog, per endpoint (docs/endpoint-kinds.md).
  gauge('ApproximateBacklogSizePerInstance', 'endpoint'),
  { ...gauge('ApproximateAgeOfOldestRequest', 'endpoint'), unit: 'ms', scale: 1000 }, // published in seconds
  gauge('HasBacklogWithoutCapacity', 'endpoint'),
  // Inference components, per component.
  { ...count('InvocationsPerCopy'), dimensions: 'component' },
  gauge('ConcurrentRequestsPerCopy', 'component'),
  componentUtilization('CPUUtilizationNormalized'),
  componentUtilization('MemoryUtilizationNormalized'),
  componentUtilization('GPUUtilizationNormalized'),
  componentUtilization('GPUMemoryUtilizationNormalized'),
];

/** Request metrics SageMaker also publishes per inference component. */
const PER_COMPONENT = new Set<ServerMetricName>([
  'Invocations',
  'Invocation4XXErrors',
  'Invocation5XXErrors',
  'ModelLatency',
  'OverheadLatency',
]);

function dimensionsOf(
  spec: MetricSpec,
  endpointName: string,
  variantName: string,
  component: string | undefined,
): { Name: string; Value: string }[] | undefined {
  if (spec.dimensions === 'component' || (component !== undefined && PER_COMPONENT.has(spec.name)))
    return component === undefined ? undefined : [{ Name: 'InferenceComponentName', Value: component }];
  if (spec.dimensions === 'endpoint') return [{ Name: 'EndpointName', Value: endpointName }];
  return [
    { Name: 'EndpointName', Value: endpointName },
    { Name: 'VariantName', Value: variantName },
  ];
}

/** The query id of a metric's statistic (ids must start with a lower-case letter). */
export function queryId(specIndex: number, stat: Statistic): string {
  return `m${specIndex}_${stat.toLowerCase()}`;
}

/** Every query of one stage: each metric × statistic, dimensioned by endpoint and variant. */
export function buildQueries(
  endpointName: string,
  variantName: string,
  periodSeconds: number,
  inferenceComponent?: string,
): MetricDataQuery[] {
  return METRIC_SPECS.flatMap((spec, index) => {
    const dimensions = dimensionsOf(spec, endpointName, variantName, inferenceComponent);
    if (dimensions === undefined) return [];
    return spec.stats.map((stat): MetricDataQuery => ({
      Id: queryId(index, stat),
      Label: `${spec.name} ${stat}`,
      ReturnData: true,
      MetricStat: {
        Metric: { Namespace: spec.namespace, MetricName: spec.name, Dimensions: dimensions },
        Period: periodSeconds,
        Stat: stat,
      },
    }));
  });
}
