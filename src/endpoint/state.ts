/**
 * What teardown needs to survive the process: the resources created so far (in creation order) and
 * their region, saved synchronously after every change so a SIGKILL between two calls loses nothing.
 * A `StateStore` hides where it lives — the action's saved state (read back by the post step) or a
 * JSON file for the CLI.
 */
import { z } from 'zod';
import { RESOURCE_KINDS, type CreatedResource } from './resources.js';

/** The name under which the action saves teardown state (`STATE_perf-gate-teardown` in the post step). */
export const TEARDOWN_STATE_KEY = 'perf-gate-teardown';

/** The saved teardown state. */
export interface TeardownState {
  version: 1;
  /** Region the resources live in. */
  region: string;
  /** Resources that still exist, in creation order. Empty once teardown finished. */
  resources: CreatedResource[];
  /** True when the user asked to keep the candidate: the post step must leave it alone. */
  keep: boolean;
  /** The teardown timeout the run was configured with, so the post step retries as long. */
  teardownTimeoutMs?: number | undefined;
}

/** Where teardown state lives. `save` is synchronous on purpose: the record must be durable before the next call. */
export interface StateStore {
  save(state: TeardownState): void;
  /** The saved state; undefined when nothing was saved. Throws when what was saved cannot be read. */
  load(): TeardownState | undefined;
}

const stateSchema = z.object({
  version: z.literal(1),
  region: z.string().min(1),
  resources: z.array(
    z.object({
      kind: z.enum(RESOURCE_KINDS),
      name: z.string().min(1),
      arn: z.string().optional(),
    }),
  ),
  keep: z.boolean(),
  teardownTimeoutMs: z.number().positive().optional(),
});

/** One-line JSON for a state (single line, so any key=value state format carries it). */
export function serializeState(state: TeardownState): string {
  return JSON.stringify(state);
}

/** Parses saved state text; throws an Error saying what is wrong. Empty text means nothing was saved. */
export function parseState(text: string): TeardownState | undefined {
  if (text.trim() === '') return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`saved teardown state is not JSON: ${text.slice(0, 80)}`, { cause: error });
  }
  const result = stateSchema.safeParse(raw);
  if (!result.success)
    throw new Error(`saved teardown state has an unexpected shape: ${result.error.message}`);
  const { version, region, keep, teardownTimeoutMs } = result.data;
  return {
    version,
    region,
    keep,
    teardownTimeoutMs,
    resources: result.data.resources.map((r) => ({ kind: r.kind, name: r.name, arn: r.arn })),
  };
}
