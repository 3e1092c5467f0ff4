/**
 * The cost section of the result document (`cost`): the price used, cost per million inferences at
 * each stage's measured throughput, and what this test run cost. Filled in by the cost phase.
 */
import { z } from 'zod';

export const stageCostSchema = z.object({
  stage: z.string(),
  throughputRps: z.number().nonnegative(),
  /** hourly price × instance count / inferences per hour × 1e6; null when throughput was 0. */
  costPerMillionUsd: z.number().nonnegative().nullable(),
});
export type StageCost = z.infer<typeof stageCostSchema>;

export const runCostSchema = z.object({
  currency: z.literal('USD'),
  instanceType: z.string(),
  instanceCount: z.number().int().positive(),
  region: z.string(),
  /** USD per instance-hour. */
  hourlyUsd: z.number().nonnegative(),
  /** Where the price came from: `override` (report.hourly-price) or the built-in table. */
  priceSource: z.string(),
  stages: z.array(stageCostSchema),
  /** At the throughput of all measured stages together. */
  overallCostPerMillionUsd: z.number().nonnegative().nullable(),
  /** What this test run cost: instance time from deploy start (or load start) to load end. */
  testRun: z.object({
    /** The candidate was deployed for this run (deploy time is then billed too). */
    deployed: z.boolean(),
    deployMs: z.number().nonnegative(),
    loadMs: z.number().nonnegative(),
    billedMs: z.number().nonnegative(),
    costUsd: z.number().nonnegative(),
  }),
});
export type RunCost = z.infer<typeof runCostSchema>;

/** Either the figures, or why there are none (unknown instance type and no override, ...). */
export const costSchema = z.union([runCostSchema, z.object({ unavailable: z.string() })]);
export type CostSection = z.infer<typeof costSchema>;
