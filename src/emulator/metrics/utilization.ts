/**
 * Instance utilization derived from the capacity model's busy-worker time. The figures are a model,
 * not a measurement: they move with load the way a real instance's do, with CloudWatch's units.
 * CPU and GPU figures are summed over cores/devices (0..100 × count), memory and disk are 0..100.
 */
import type { InstanceProfile } from '../capacity/instance-profiles.js';

export type UtilizationMetric =
  'CPUUtilization' | 'MemoryUtilization' | 'DiskUtilization' | 'GPUUtilization' | 'GPUMemoryUtilization';

/**
 * Utilization for a busy fraction (0..1: busy worker time / available worker time).
 * - CPU instances: 2 % idle load per core plus the busy fraction of every core.
 * - GPU instances: the GPUs carry the work (busy fraction per device); the CPUs do pre/post
 *   processing (2 % idle + 20 % of the busy fraction per core).
 * - Memory 30 % + 10 % × busy; GPU memory 60 % + 20 % × busy per device; disk a steady 12 %.
 * GPU metrics are undefined (no datapoints) on instances without GPUs.
 */
export function instanceUtilization(
  metric: UtilizationMetric,
  busyFraction: number,
  profile: InstanceProfile,
): number | undefined {
  const gpu = profile.gpus > 0;
  switch (metric) {
    case 'CPUUtilization':
      return round(100 * profile.vcpus * (0.02 + (gpu ? 0.2 : 0.98) * busyFraction));
    case 'MemoryUtilization':
      return round(30 + 10 * busyFraction);
    case 'DiskUtilization':
      return 12;
    case 'GPUUtilization':
      return gpu ? round(100 * profile.gpus * busyFraction) : undefined;
    case 'GPUMemoryUtilization':
      return gpu ? round(profile.gpus * (60 + 20 * busyFraction)) : undefined;
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
