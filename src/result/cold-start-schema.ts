/** The result's `coldStart` section: the cold-start phase's figures (serverless, scale-to-zero components). */
import { z } from 'zod';

export const coldStartSchema = z.object({
  /** Wall-clock epoch ms of the first request (after the idle gap). */
  startedAtMs: z.number(),
  /** Idle time before the first request, ms. */
  idleMs: z.number().nonnegative(),
  /** First request sent → first successful response, ms; null when none succeeded within the timeout. */
  timeToFirstSuccessMs: z.number().nonnegative().nullable(),
  /** Requests sent until the first success (inclusive). */
  attempts: z.number().int().nonnegative(),
  /** Errors while capacity arrived, by outcome class (`throttled`, `validation`, ...). */
  errors: z.record(z.string(), z.number().int().nonnegative()),
  /** `ModelSetupTime` from CloudWatch (maximum over the phase), ms, where published. */
  modelSetupTimeMs: z.number().nonnegative().optional(),
});

export type ColdStartSection = z.infer<typeof coldStartSchema>;
