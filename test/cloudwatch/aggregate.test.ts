import { describe, expect, it } from 'vitest';
import { aggregateStage, indexResults, isComplete, metricWindow } from '../../src/cloudwatch/aggregate.js';
import { buildQueries, METRIC_SPECS, queryId } from '../../src/cloudwatch/metric-specs.js';

const T = Date.UTC(2025, 0, 1, 10, 0, 0);
const at = (minute: number) => new Date(T + minute * 60_000);

describe('CloudWatch aggregation', () => {
  it('widens a stage to whole periods', () => {
    expect(metricWindow(T + 15_000, T + 75_000, 60)).toEqual({
      startMs: T,
      endMs: T + 120_000,
      periodSeconds: 60,
    });
    expect(metricWindow(T, T + 10, 60)).toEqual({ startMs: T, endMs: T + 60_000, periodSeconds: 60 });
  });

  it('queries every metric and statistic in both namespaces', () => {
    const queries = buildQueries('ep', 'AllTraffic', 60);
    const perComponentOnly = (s: (typeof METRIC_SPECS)[number]) => s.dimensions === 'component';
    expect(queries).toHaveLength(
      METRIC_SPECS.filter((s) => !perComponentOnly(s)).reduce((n, s) => n + s.stats.length, 0),
    );
    expect(new Set(queries.map((q) => q.MetricStat?.Metric?.Namespace))).toEqual(
      new Set(['AWS/SageMaker', '/aws/sagemaker/Endpoints']),
    );
    expect(queries.every((q) => /^[a-z]/.test(q.Id ?? ''))).toBe(true);
  });

  it('reads request metrics per inference component, the backlog per endpoint', () => {
    const queries = buildQueries('shared', 'AllTraffic', 60, 'cand-ic');
    const dims = (name: string) =>
      queries.find((q) => q.MetricStat?.Metric?.MetricName === name)?.MetricStat?.Metric?.Dimensions;
    expect(dims('Invocations')).toEqual([{ Name: 'InferenceComponentName', Value: 'cand-ic' }]);
    expect(dims('NoCapacityInvocationFailures')).toEqual([
      { Name: 'InferenceComponentName', Value: 'cand-ic' },
    ]);
    expect(dims('CPUUtilization')).toEqual([
      { Name: 'EndpointName', Value: 'shared' },
      { Name: 'VariantName', Value: 'AllTraffic' },
    ]);
    expect(dims('ApproximateBacklogSize')).toEqual([{ Name: 'EndpointName', Value: 'shared' }]);
  });

  it('sums counts, weights latency averages by sample count, converts µs to ms', () => {
    const model = METRIC_SPECS.findIndex((s) => s.name === 'ModelLatency');
    const cpu = METRIC_SPECS.findIndex((s) => s.name === 'CPUUtilization');
    const byId = indexResults([
      { Id: queryId(0, 'Sum'), Timestamps: [at(0), at(1)], Values: [100, 300] },
      { Id: queryId(model, 'Average'), Timestamps: [at(0), at(1)], Values: [10_000, 20_000] },
      { Id: queryId(model, 'SampleCount'), Timestamps: [at(0), at(1)], Values: [100, 300] },
      { Id: queryId(model, 'Maximum'), Timestamps: [at(0), at(1)], Values: [50_000, 80_000] },
      { Id: queryId(cpu, 'Average'), Timestamps: [at(1)], Values: [40] },
      // A second page of the same query.
      { Id: queryId(cpu, 'Average'), Timestamps: [at(0)], Values: [20] },
    ]);
    const window = metricWindow(T, T + 120_000, 60);
    const metrics = aggregateStage(byId, window, 'ep', 'AllTraffic');
    expect(metrics.status).toBe('ok');
    expect(metrics.metrics.Invocations).toEqual({ unit: 'count', sum: 400, datapoints: 2 });
    expect(metrics.metrics.ModelLatency?.average).toBeCloseTo(17.5, 9);
    expect(metrics.metrics.ModelLatency?.maximum).toBeCloseTo(80, 9);
    expect(metrics.metrics.CPUUtilization).toMatchObject({ unit: 'percent', average: 30, datapoints: 2 });
    expect(metrics.metrics.GPUUtilization).toBeUndefined();
    expect(isComplete(byId, window)).toBe(true);
  });

  it('is complete only when the last period has arrived for every metric that has data', () => {
    const window = metricWindow(T, T + 120_000, 60);
    const cpu = METRIC_SPECS.findIndex((s) => s.name === 'CPUUtilization');
    const partial = indexResults([
      { Id: queryId(0, 'Sum'), Timestamps: [at(0), at(1)], Values: [1, 1] },
      { Id: queryId(cpu, 'Average'), Timestamps: [at(0)], Values: [20] },
    ]);
    expect(isComplete(partial, window)).toBe(false);
    const complete = indexResults([
      { Id: queryId(0, 'Sum'), Timestamps: [at(0), at(1)], Values: [1, 1] },
      { Id: queryId(cpu, 'Average'), Timestamps: [at(0), at(1)], Values: [20, 30] },
    ]);
    expect(isComplete(complete, window)).toBe(true);
    expect(isComplete(indexResults([]), window)).toBe(false);
    expect(aggregateStage(indexResults([]), window, 'ep', 'v').status).toBe('missing');
  });
});
