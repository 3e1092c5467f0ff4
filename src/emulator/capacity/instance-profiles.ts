/**
 * Built-in instance profiles: how many requests an instance of each type serves at once and how
 * long one request takes there. The figures are plausible, not measured: CPU instances run one model
 * server worker per vCPU (the SageMaker inference toolkit's default); GPU and accelerator instances
 * run a few concurrent requests per device and are several times faster per request. Relative speeds
 * follow the usual ordering (t2 < m5 < c5 < c6i; g4dn T4 < inf2 < g6 L4 < g5 A10G < p4d A100).
 * A scenario file can override any field of any type, or add types.
 */

/** Capacity and speed of one instance type. */
export interface InstanceProfile {
  /** Requests one instance serves concurrently. */
  workersPerInstance: number;
  /** Median service time of one request, ms (before model factor and drift). */
  serviceTimeMedianMs: number;
  /** Lognormal shape: standard deviation of ln(service time). */
  serviceTimeSigma: number;
  /** Requests that may wait per instance once every worker is busy; beyond that requests throttle. */
  queuePerInstance: number;
  /** vCPUs (CPUUtilization is summed over them: up to 100 × vcpus). */
  vcpus: number;
  /** GPUs or accelerator devices (GPUUtilization up to 100 × gpus). 0 for CPU instances. */
  gpus: number;
  /** Instance memory, GiB. */
  memoryGiB: number;
}

/** Baseline median for a CPU instance of relative speed 1 (ml.m5). */
const BASE_MEDIAN_MS = 40;
const DEFAULT_SIGMA = 0.25;

interface Family {
  speed: number;
  /** Workers per GPU/device; CPU families use one worker per vCPU. */
  workersPerDevice?: number;
  sigma?: number;
  sizes: Record<string, { vcpus: number; memoryGiB: number; gpus?: number }>;
}

const CPU_SIZES = {
  large: { vcpus: 2, memoryGiB: 8 },
  xlarge: { vcpus: 4, memoryGiB: 16 },
  '2xlarge': { vcpus: 8, memoryGiB: 32 },
  '4xlarge': { vcpus: 16, memoryGiB: 64 },
  '8xlarge': { vcpus: 32, memoryGiB: 128 },
  '9xlarge': { vcpus: 36, memoryGiB: 72 },
  '12xlarge': { vcpus: 48, memoryGiB: 192 },
  '18xlarge': { vcpus: 72, memoryGiB: 144 },
  '24xlarge': { vcpus: 96, memoryGiB: 384 },
};

/** The single-GPU sizes the g4dn, g5 and g6 families share, and their common multi-GPU sizes. */
const SINGLE_GPU_SIZES = {
  xlarge: { vcpus: 4, memoryGiB: 16, gpus: 1 },
  '2xlarge': { vcpus: 8, memoryGiB: 32, gpus: 1 },
  '4xlarge': { vcpus: 16, memoryGiB: 64, gpus: 1 },
  '8xlarge': { vcpus: 32, memoryGiB: 128, gpus: 1 },
};
const GPU_12XLARGE = { vcpus: 48, memoryGiB: 192, gpus: 4 };
const GPU_16XLARGE = { vcpus: 64, memoryGiB: 256, gpus: 1 };
const GPU_48XLARGE = { vcpus: 192, memoryGiB: 768, gpus: 8 };

const FAMILIES: Record<string, Family> = {
  t2: {
    speed: 0.6,
    sigma: 0.35,
    sizes: { medium: { vcpus: 2, memoryGiB: 4 }, large: { vcpus: 2, memoryGiB: 8 } },
  },
  m5: { speed: 1, sizes: CPU_SIZES },
  c5: { speed: 1.15, sizes: CPU_SIZES },
  c6i: { speed: 1.35, sizes: CPU_SIZES },
  g4dn: {
    speed: 4,
    workersPerDevice: 4,
    sizes: { ...SINGLE_GPU_SIZES, '12xlarge': GPU_12XLARGE, '16xlarge': GPU_16XLARGE },
  },
  g5: {
    speed: 6,
    workersPerDevice: 4,
    sizes: {
      ...SINGLE_GPU_SIZES,
      '12xlarge': GPU_12XLARGE,
      '16xlarge': GPU_16XLARGE,
      '24xlarge': { vcpus: 96, memoryGiB: 384, gpus: 4 },
      '48xlarge': GPU_48XLARGE,
    },
  },
  g6: {
    speed: 5.5,
    workersPerDevice: 4,
    sizes: { ...SINGLE_GPU_SIZES, '12xlarge': GPU_12XLARGE, '48xlarge': GPU_48XLARGE },
  },
  inf2: {
    speed: 5,
    workersPerDevice: 2,
    sizes: {
      xlarge: { vcpus: 4, memoryGiB: 16, gpus: 1 },
      '8xlarge': { vcpus: 32, memoryGiB: 128, gpus: 1 },
      '24xlarge': { vcpus: 96, memoryGiB: 384, gpus: 6 },
      '48xlarge': { vcpus: 192, memoryGiB: 768, gpus: 12 },
    },
  },
  p4d: { speed: 14, workersPerDevice: 8, sizes: { '24xlarge': { vcpus: 96, memoryGiB: 1152, gpus: 8 } } },
  p5: { speed: 24, workersPerDevice: 8, sizes: { '48xlarge': { vcpus: 192, memoryGiB: 2048, gpus: 8 } } },
};

function buildTable(): Record<string, InstanceProfile> {
  const table: Record<string, InstanceProfile> = {};
  for (const [family, spec] of Object.entries(FAMILIES)) {
    for (const [size, shape] of Object.entries(spec.sizes)) {
      const gpus = shape.gpus ?? 0;
      const workers = gpus > 0 ? gpus * (spec.workersPerDevice ?? 4) : shape.vcpus;
      table[`ml.${family}.${size}`] = {
        workersPerInstance: workers,
        serviceTimeMedianMs: Number((BASE_MEDIAN_MS / spec.speed).toFixed(3)),
        serviceTimeSigma: spec.sigma ?? DEFAULT_SIGMA,
        queuePerInstance: workers * 8,
        vcpus: shape.vcpus,
        gpus,
        memoryGiB: shape.memoryGiB,
      };
    }
  }
  return table;
}

/** Every built-in instance type, keyed by its SageMaker name (`ml.g5.xlarge`). */
export const BUILT_IN_PROFILES: Readonly<Record<string, InstanceProfile>> = Object.freeze(buildTable());

/** Profile for instance types nobody described: an ml.m5.xlarge. */
export const FALLBACK_PROFILE: InstanceProfile = BUILT_IN_PROFILES['ml.m5.xlarge'] as InstanceProfile;
