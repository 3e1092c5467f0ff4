/**
 * Cost of the hosting kinds that are not billed per instance-hour of their own:
 * - serverless: per GB-second of memory while requests run (on-demand), plus per GB-second of
 *   provisioned concurrency while it exists. The estimate before a run assumes every environment up
 *   to MaxConcurrency busy for the whole test (an upper bound).
 * - inference components: the component's share of its host — copies × cores required over the
 *   host's vCPUs — times the host's instance price. The host is paid for anyway; the share is what
 *   the candidate occupies.
 * Async endpoints are billed like instances and need nothing here.
 */
import { hourlyPrice, REGION_FACTOR } from './prices.js';

/**
 * Published us-east-1 prices (aws.amazon.com/sagemaker/pricing, "Serverless Inference", x86):
 * on-demand compute per GB-second, provisioned concurrency per GB-second while configured.
 */
const SERVERLESS_USD_PER_GB_SECOND = 0.00002;
const PROVISIONED_USD_PER_GB_SECOND = 0.0000048;

/** How a variant that is not a plain instance variant is priced. */
export type KindPricing =
  | { kind: 'serverless'; memoryMb: number; maxConcurrency: number; provisionedConcurrency: number }
  | {
      kind: 'component';
      copies: number;
      cpuCores: number;
      hostInstanceType: string;
      hostInstanceCount: number;
    };

/** A priced line of the estimate, or what could not be priced. */
export type KindCost = { usd: number; line: string } | { usd: undefined; unpriced: string };

/** vCPUs of an instance type from its size (`large` 2, `xlarge` 4, `Nxlarge` 4N); undefined when unknown. */
function vcpusOf(instanceType: string): number | undefined {
  const size = /\.(\d*)x?large$/.exec(instanceType);
  if (size === null) return instanceType.endsWith('.medium') ? 1 : undefined;
  if (!instanceType.endsWith('xlarge')) return 2;
  return 4 * (size[1] === '' ? 1 : Number(size[1]));
}

/** Serverless cost of `durationMs` with `busyEnvironments` running all along. */
function serverlessCostUsd(
  pricing: Extract<KindPricing, { kind: 'serverless' }>,
  region: string,
  durationMs: number,
  busyEnvironments: number,
): number {
  const factor = REGION_FACTOR[region] ?? 1;
  const gb = pricing.memoryMb / 1024;
  const seconds = Math.ceil(durationMs / 1000);
  const onDemand = gb * seconds * busyEnvironments * SERVERLESS_USD_PER_GB_SECOND;
  const provisioned = gb * seconds * pricing.provisionedConcurrency * PROVISIONED_USD_PER_GB_SECOND;
  return (onDemand + provisioned) * factor;
}

/** The component's fraction of its host (0–1), or undefined when the host's vCPUs are unknown. */
function componentShare(pricing: Extract<KindPricing, { kind: 'component' }>): number | undefined {
  const vcpus = vcpusOf(pricing.hostInstanceType);
  if (vcpus === undefined) return undefined;
  return Math.min(1, (pricing.copies * pricing.cpuCores) / (vcpus * pricing.hostInstanceCount));
}

/** The cost of one variant of a non-instance kind over `durationMs` (deploy + test). */
export function kindCost(
  name: string,
  pricing: KindPricing,
  region: string,
  durationMs: number,
  hourlyOverrideUsd: number | undefined,
): KindCost {
  if (pricing.kind === 'serverless') {
    const usd = serverlessCostUsd(pricing, region, durationMs, pricing.maxConcurrency);
    return {
      usd,
      line: `${name}: serverless ${pricing.memoryMb} MB × up to ${pricing.maxConcurrency} concurrent at $${SERVERLESS_USD_PER_GB_SECOND}/GB-s`,
    };
  }
  const price = hourlyPrice(pricing.hostInstanceType, region, hourlyOverrideUsd);
  const share = componentShare(pricing);
  if (price === undefined || share === undefined)
    return { usd: undefined, unpriced: pricing.hostInstanceType };
  const usd = (price.hourlyUsd * pricing.hostInstanceCount * share * Math.ceil(durationMs / 1000)) / 3600;
  return {
    usd,
    line: `${name}: inference component, ${(share * 100).toFixed(0)} % of ${pricing.hostInstanceCount} × ${pricing.hostInstanceType} at $${price.hourlyUsd}/h`,
  };
}
