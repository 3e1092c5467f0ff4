/**
 * The instance comparison of the result document (`comparison`): with `endpoint.deploy.instance-types`
 * and `load.mode: capacity`, one row per instance type — the capacity its search found, the latency
 * and cost there — and which type is recommended (src/gate/instance-comparison.ts).
 */
import { z } from 'zod';
import { CAPACITY_OUTCOMES } from './capacity-schema.js';

export const comparisonRowSchema = z.object({
  instanceType: z.string(),
  instanceCount: z.number().int().positive(),
  /** How the search ended for this type (`found`, `below-first-probe`, …). */
  outcome: z.enum(CAPACITY_OUTCOMES),
  /** The highest load that met the SLO (users or rps); null when none did. */
  limit: z.number().positive().nullable(),
  unit: z.enum(['users', 'rps']),
  /**
   * The lowest load that broke the SLO (null when none did): with `limit`, the bracket the true
   * capacity lies in — the within-run noise when this type is judged against its own history.
   * Absent in results written before it was recorded.
   */
  brokeAt: z.number().positive().nullable().optional(),
  /** Successful requests/s at the limit. */
  throughputRps: z.number().nonnegative().nullable(),
  /** Latency p95 at the limit (ms). */
  p95Ms: z.number().nonnegative().nullable(),
  /** Price of the type × count per hour (USD); null when no price is known. */
  hourlyUsd: z.number().nonnegative().nullable(),
  /** USD per million requests at the throughput of the limit. */
  costPerMillionRequestsUsd: z.number().nonnegative().nullable(),
  /** Streaming: USD per million output tokens at the limit's output token throughput. */
  costPerMillionOutputTokensUsd: z.number().nonnegative().nullable().optional(),
  /** Whether the limit reaches `load.capacity.expected-load` (absent without one). */
  meetsExpectedLoad: z.boolean().optional(),
  /** The recommended type (at most one row). */
  recommended: z.boolean(),
  /** One sentence: the search's message for this type. */
  message: z.string(),
});
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

export const comparisonSchema = z.array(comparisonRowSchema).min(1);
