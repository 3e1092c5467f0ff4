/**
 * GetMetricData over the emulator's metrics store (pure given the store and the time): the SageMaker
 * namespaces and metrics, `MetricStat` queries only (no metric math), timestamps as epoch seconds.
 * Datapoints younger than the publish delay are withheld, as CloudWatch's arrive about a minute late.
 */
import type { EmulatorMetricName, MetricStat, MetricsReader } from '../metrics/types.js';
import { EMULATOR_METRICS, METRIC_STATS } from '../metrics/types.js';

const NAMESPACE_OF: Readonly<Record<EmulatorMetricName, string>> = {
  Invocations: 'AWS/SageMaker',
  InvocationsPerInstance: 'AWS/SageMaker',
  Invocation4XXErrors: 'AWS/SageMaker',
  Invocation5XXErrors: 'AWS/SageMaker',
  ModelLatency: 'AWS/SageMaker',
  OverheadLatency: 'AWS/SageMaker',
  CPUUtilization: '/aws/sagemaker/Endpoints',
  MemoryUtilization: '/aws/sagemaker/Endpoints',
  DiskUtilization: '/aws/sagemaker/Endpoints',
  GPUUtilization: '/aws/sagemaker/Endpoints',
  GPUMemoryUtilization: '/aws/sagemaker/Endpoints',
};

/** A request the handler answers with a modeled error. */
export class CloudWatchRequestError extends Error {
  constructor(
    readonly code: 'InvalidParameterValue' | 'MissingParameter' | 'InvalidParameterCombination',
    message: string,
  ) {
    super(message);
  }
}

interface Query {
  Id?: unknown;
  Label?: unknown;
  ReturnData?: unknown;
  Expression?: unknown;
  MetricStat?: {
    Metric?: {
      Namespace?: unknown;
      MetricName?: unknown;
      Dimensions?: { Name?: unknown; Value?: unknown }[];
    };
    Period?: unknown;
    Stat?: unknown;
  };
}

export interface MetricDataResultJson {
  Id: string;
  Label: string;
  Timestamps: number[];
  Values: number[];
  StatusCode: 'Complete';
  Messages?: { Code: string; Value: string }[];
}

function isMetricName(name: unknown): name is EmulatorMetricName {
  return typeof name === 'string' && (EMULATOR_METRICS as readonly string[]).includes(name);
}

function isStat(stat: unknown): stat is MetricStat {
  return typeof stat === 'string' && (METRIC_STATS as readonly string[]).includes(stat);
}

/** Metrics an asynchronous endpoint does not publish (docs: async endpoints have no `Invocations`). */
const NOT_FOR_ASYNC = new Set<string>(['Invocations', 'InvocationsPerInstance', 'OverheadLatency']);

/**
 * Answers one GetMetricData request body (already parsed JSON).
 * @param publishDelayMs 0 = every datapoint recorded so far is visible
 * @param asyncEndpoints endpoints that took asynchronous requests: they publish no `Invocations`,
 *   `InvocationsPerInstance` or `OverheadLatency`
 */
export function getMetricData(
  request: Record<string, unknown>,
  store: MetricsReader,
  nowMs: number,
  publishDelayMs: number,
  asyncEndpoints: ReadonlySet<string> = new Set(),
): { MetricDataResults: MetricDataResultJson[]; Messages: [] } {
  const queries = request['MetricDataQueries'];
  if (!Array.isArray(queries) || queries.length === 0)
    throw new CloudWatchRequestError('MissingParameter', 'The parameter MetricDataQueries is required.');
  if (queries.length > 500)
    throw new CloudWatchRequestError(
      'InvalidParameterValue',
      'The collection MetricDataQueries must not have more than 500 members.',
    );
  const startMs = Number(request['StartTime']) * 1000;
  const endMs = Number(request['EndTime']) * 1000;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs))
    throw new CloudWatchRequestError(
      'MissingParameter',
      'The parameters StartTime and EndTime are required.',
    );
  if (endMs <= startMs)
    throw new CloudWatchRequestError(
      'InvalidParameterValue',
      'The parameter StartTime must be less than the parameter EndTime.',
    );
  const descending = request['ScanBy'] !== 'TimestampAscending';
  return {
    MetricDataResults: (queries as Query[])
      .filter((q) => q.ReturnData !== false)
      .map((q) =>
        answer(
          q,
          store,
          startMs,
          endMs,
          publishDelayMs > 0 ? nowMs - publishDelayMs : Infinity,
          descending,
          asyncEndpoints,
        ),
      ),
    Messages: [],
  };
}

function answer(
  q: Query,
  store: MetricsReader,
  startMs: number,
  endMs: number,
  publishedUntilMs: number,
  descending: boolean,
  asyncEndpoints: ReadonlySet<string>,
): MetricDataResultJson {
  const id = typeof q.Id === 'string' ? q.Id : '';
  if (!/^[a-z][a-zA-Z0-9_]*$/.test(id))
    throw new CloudWatchRequestError(
      'InvalidParameterValue',
      `The value ${id} for parameter MetricDataQueries.member.Id is invalid.`,
    );
  if (q.Expression !== undefined)
    throw new CloudWatchRequestError(
      'InvalidParameterCombination',
      'The emulator answers MetricStat queries only (no metric math).',
    );
  const stat = q.MetricStat;
  const metric = stat?.Metric;
  const period = Number(stat?.Period);
  if (!metric || !Number.isInteger(period) || period < 1 || !isStat(stat?.Stat))
    throw new CloudWatchRequestError(
      'MissingParameter',
      `Query ${id} needs MetricStat with Metric, a whole Period and a Stat.`,
    );
  const label = typeof q.Label === 'string' ? q.Label : String(metric.MetricName ?? '');
  const empty: MetricDataResultJson = {
    Id: id,
    Label: label,
    Timestamps: [],
    Values: [],
    StatusCode: 'Complete',
  };
  const dimensions = new Map((metric.Dimensions ?? []).map((d) => [String(d.Name), String(d.Value)]));
  const endpointName = dimensions.get('EndpointName');
  const variantName = dimensions.get('VariantName');
  const columnar =
    isMetricName(metric.MetricName) &&
    !(NOT_FOR_ASYNC.has(metric.MetricName) && asyncEndpoints.has(endpointName ?? '')) &&
    NAMESPACE_OF[metric.MetricName] === metric.Namespace &&
    endpointName !== undefined &&
    [...dimensions.keys()].every((name) => name === 'EndpointName' || name === 'VariantName');
  const sampleKey = {
    namespace: String(metric.Namespace ?? ''),
    metric: String(metric.MetricName ?? ''),
    dimensions: Object.fromEntries(dimensions),
  };
  // Kind-specific streams (async endpoints' ModelLatency included) win over the variant columns.
  const points = store.samples.has(sampleKey)
    ? store.samples.query({ ...sampleKey, startMs, endMs, periodSec: period, stat: stat.Stat })
    : columnar
      ? store.query({
          endpointName: endpointName,
          ...(variantName === undefined ? {} : { variantName }),
          metric: metric.MetricName as EmulatorMetricName,
          startMs,
          endMs,
          periodSec: period,
          stat: stat.Stat,
        })
      : undefined;
  if (points === undefined) return empty;
  const rows = points.timestampsMs
    .map((t, i) => [t, points.values[i] ?? 0] as const)
    // A period is published once it has closed and the delay has passed (no delay: everything so far).
    .filter(([t]) => publishedUntilMs === Infinity || t + period * 1000 <= publishedUntilMs);
  if (descending) rows.reverse();
  return { ...empty, Timestamps: rows.map(([t]) => t / 1000), Values: rows.map(([, v]) => v) };
}
