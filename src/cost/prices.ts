/**
 * On-demand prices of SageMaker real-time inference instances, and the cost arithmetic built on
 * them. The table holds us-east-1 list prices (USD per instance-hour) for the instance types people
 * use for inference; other regions apply a regional factor. Prices drift and differ by agreement, so
 * every figure can be overridden (`report.hourly-price`) and reports say where a price came from.
 */

/** us-east-1 on-demand USD per instance-hour (SageMaker real-time inference list prices, approximate). */
export const US_EAST_1_HOURLY_USD: Readonly<Record<string, number>> = {
  'ml.t2.medium': 0.056,
  'ml.t2.large': 0.111,
  'ml.m5.large': 0.115,
  'ml.m5.xlarge': 0.23,
  'ml.m5.2xlarge': 0.461,
  'ml.m5.4xlarge': 0.922,
  'ml.m5.12xlarge': 2.765,
  'ml.m5.24xlarge': 5.53,
  'ml.c5.large': 0.102,
  'ml.c5.xlarge': 0.204,
  'ml.c5.2xlarge': 0.408,
  'ml.c5.4xlarge': 0.816,
  'ml.c5.9xlarge': 1.836,
  'ml.c5.18xlarge': 3.672,
  'ml.c6i.large': 0.102,
  'ml.c6i.xlarge': 0.204,
  'ml.c6i.2xlarge': 0.408,
  'ml.c6i.4xlarge': 0.816,
  'ml.c6i.8xlarge': 1.632,
  'ml.g4dn.xlarge': 0.736,
  'ml.g4dn.2xlarge': 0.94,
  'ml.g4dn.4xlarge': 1.505,
  'ml.g4dn.8xlarge': 2.72,
  'ml.g4dn.12xlarge': 4.89,
  'ml.g4dn.16xlarge': 5.44,
  'ml.g5.xlarge': 1.408,
  'ml.g5.2xlarge': 1.515,
  'ml.g5.4xlarge': 2.03,
  'ml.g5.8xlarge': 3.06,
  'ml.g5.12xlarge': 7.09,
  'ml.g5.16xlarge': 4.1,
  'ml.g5.24xlarge': 10.18,
  'ml.g5.48xlarge': 20.36,
  'ml.g6.xlarge': 1.006,
  'ml.g6.2xlarge': 1.222,
  'ml.g6.4xlarge': 1.657,
  'ml.g6.8xlarge': 2.526,
  'ml.g6.12xlarge': 5.893,
  'ml.g6.48xlarge': 17.84,
  'ml.inf2.xlarge': 0.99,
  'ml.inf2.8xlarge': 2.36,
  'ml.inf2.24xlarge': 7.79,
  'ml.inf2.48xlarge': 15.58,
  'ml.p4d.24xlarge': 37.688,
  'ml.p5.48xlarge': 113.07,
};

/** Regional price factor relative to us-east-1 (approximate; regions not listed use 1.0 and say so). */
export const REGION_FACTOR: Readonly<Record<string, number>> = {
  'us-east-1': 1,
  'us-east-2': 1,
  'us-west-2': 1,
  'us-west-1': 1.17,
  'ca-central-1': 1.1,
  'eu-west-1': 1.12,
  'eu-west-2': 1.17,
  'eu-central-1': 1.2,
  'eu-north-1': 1.08,
  'ap-south-1': 1.12,
  'ap-northeast-1': 1.28,
  'ap-northeast-2': 1.25,
  'ap-southeast-1': 1.25,
  'ap-southeast-2': 1.25,
  'sa-east-1': 1.6,
};

export interface HourlyPrice {
  /** USD per instance-hour. */
  hourlyUsd: number;
  /** Where the figure came from, for reports. */
  source: 'override' | 'table' | 'table (us-east-1 price; no regional factor known)';
}

/** The hourly price of one instance, or undefined when the type is unknown and no override is given. */
export function hourlyPrice(
  instanceType: string,
  region: string,
  overrideUsd?: number,
): HourlyPrice | undefined {
  if (overrideUsd !== undefined) return { hourlyUsd: overrideUsd, source: 'override' };
  const base = US_EAST_1_HOURLY_USD[instanceType];
  if (base === undefined) return undefined;
  const factor = REGION_FACTOR[region];
  if (factor === undefined)
    return { hourlyUsd: base, source: 'table (us-east-1 price; no regional factor known)' };
  return { hourlyUsd: Math.round(base * factor * 10_000) / 10_000, source: 'table' };
}

/** Cost of one million inferences at a sustained throughput: hourly price × count / inferences per hour × 1e6. */
export function costPerMillionUsd(
  hourlyUsd: number,
  instanceCount: number,
  throughputRps: number,
): number | undefined {
  if (!(throughputRps > 0)) return undefined;
  return ((hourlyUsd * instanceCount) / (throughputRps * 3600)) * 1_000_000;
}

/** Cost of keeping `instanceCount` instances up for `durationMs` (billing is per second). */
export function runCostUsd(hourlyUsd: number, instanceCount: number, durationMs: number): number {
  return (hourlyUsd * instanceCount * Math.ceil(durationMs / 1000)) / 3600;
}
