/**
 * The whole config file (YAML, kebab-case keys) and the cross-field rules, in one place.
 * Parsing yields one typed, camelCase, frozen `Config`; nothing downstream reads raw input.
 */
import { z } from 'zod';
import { endpointSchema, guardrailsSchema } from './endpoint-schema.js';
import { baselineSchema, compareSchema, sloSchema } from './gate-schema.js';
import { loadSchema } from './load-schema.js';
import { reportSchema, shardSchema } from './report-schema.js';
import { requestSchema } from './request-schema.js';
import { trendSchema } from './trend-schema.js';

export const configSchema = z
  .object({
    /** A name for this scenario, shown in reports (the scenario key is still derived from the settings). */
    scenario: z.string().max(100).optional(),
    endpoint: endpointSchema,
    guardrails: guardrailsSchema.prefault({}),
    request: requestSchema,
    load: loadSchema,
    baseline: baselineSchema.prefault({}),
    compare: compareSchema.prefault({}),
    slo: sloSchema.prefault({}),
    report: reportSchema.prefault({}),
    /** Change points over the default branch's history (creep on main). */
    trend: trendSchema.prefault({}),
    /** Generate shard i of n of the load (scale-out). Default: the whole load. */
    shard: shardSchema.optional(),
    /** Shared start time for shards (ISO 8601 or epoch ms). Default: start now. */
    'start-at': z.union([z.number().int().positive(), z.iso.datetime({ offset: true })]).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const { endpoint, request, compare, load } = c;
    if (!endpoint.name && !endpoint.deploy) {
      ctx.addIssue({
        code: 'custom',
        path: ['endpoint'],
        message: 'needs either `name` (an existing endpoint to test) or `deploy` (a candidate to create)',
      });
    }
    const deploy = endpoint.deploy;
    if (deploy) {
      if (!deploy.fromEndpoint && !deploy.model) {
        ctx.addIssue({
          code: 'custom',
          path: ['endpoint', 'deploy'],
          message: 'needs either `from-endpoint` (clone an existing endpoint) or `model` (a full model spec)',
        });
      }
      if (deploy.fromEndpoint && deploy.model) {
        ctx.addIssue({
          code: 'custom',
          path: ['endpoint', 'deploy', 'model'],
          message: 'cannot be combined with `from-endpoint`; use one or the other',
        });
      }
      if (deploy.model && !(deploy.instanceType ?? deploy.variant?.instanceType)) {
        ctx.addIssue({
          code: 'custom',
          path: ['endpoint', 'deploy', 'instance-type'],
          message: 'is required with a full model spec (or set `variant.instance-type`)',
        });
      }
    }
    if (request.batch > 1 && request.serializer === 'raw') {
      ctx.addIssue({
        code: 'custom',
        path: ['request', 'batch'],
        message:
          'batching combines JSON payloads into one array; it needs `serializer: json` or `npy`, not `raw`',
      });
    }
    if (request.batch > 1 && request.serializer === 'json' && !/json/i.test(request.contentType)) {
      ctx.addIssue({
        code: 'custom',
        path: ['request', 'content-type'],
        message: `batching sends a JSON array, so the content type must be a JSON type, but got "${request.contentType}"`,
      });
    }
    if (compare.mode === 'paired' && !compare.baselineEndpoint) {
      ctx.addIssue({
        code: 'custom',
        path: ['compare', 'baseline-endpoint'],
        message: 'is required with `mode: paired` (the endpoint to alternate blocks with)',
      });
    }
    const tolerated = Object.values(compare.tolerance).filter((v) => v !== undefined);
    if (tolerated.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['compare', 'tolerance'],
        message: 'must gate at least one metric',
      });
    }
    if (c.shard && c.shard.count > 1 && c['start-at'] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['start-at'],
        message: `is required with \`shard: ${c.shard.index}/${c.shard.count}\`: every shard must start at the same time so the stages line up`,
      });
    }
    const stageNames = new Set(load.stages.map((s) => s.name));
    for (const name of Object.keys(c.slo.stages)) {
      if (!stageNames.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['slo', 'stages', name],
          message: `no stage is named "${name}" (stages: ${[...stageNames].join(', ')})`,
        });
      }
    }
  })
  .transform((c) => ({
    scenario: c.scenario,
    endpoint: c.endpoint,
    guardrails: c.guardrails,
    request: c.request,
    load: c.load,
    baseline: c.baseline,
    compare: c.compare,
    slo: c.slo,
    report: c.report,
    trend: c.trend,
    shard: c.shard,
    startAtMs:
      c['start-at'] === undefined
        ? undefined
        : typeof c['start-at'] === 'number'
          ? c['start-at']
          : Date.parse(c['start-at']),
  }));

/** The validated settings of one run, as the config file, action inputs and CLI flags resolved them. */
export type ParsedConfig = z.output<typeof configSchema>;
