/**
 * The whole config file (YAML, kebab-case keys) and the cross-field rules, in one place.
 * Parsing yields one typed, camelCase, frozen `Config`; nothing downstream reads raw input.
 */
import { loadLimitIssues } from '../guardrails/load-limits.js';
import { z } from 'zod';
import { SCENARIO_NAME_RULE } from '../core/name-rules.js';
import { endpointSchema, guardrailsSchema } from './endpoint-schema.js';
import { baselineSchema, compareSchema, sloSchema } from './gate-schema.js';
import { refineKinds } from './kind-rules.js';
import { loadSchema } from './load-schema.js';
import { reportSchema, shardSchema } from './report-schema.js';
import { requestSchema } from './request-schema.js';
import { trendSchema } from './trend-schema.js';

export const configSchema = z
  .object({
    /** A name for this scenario, shown in reports (the scenario key is still derived from the settings). */
    scenario: z
      .string()
      .regex(SCENARIO_NAME_RULE.pattern, `must be ${SCENARIO_NAME_RULE.description}`)
      .max(SCENARIO_NAME_RULE.maxLength)
      .optional(),
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
    for (const issue of loadLimitIssues(load, c.guardrails)) {
      const path = issue.field
        .replace(/\[(\d+)\]/g, '.$1')
        .split('.')
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      ctx.addIssue({ code: 'custom', path, message: `${issue.message} (${issue.fix ?? ''})` });
    }
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
      const onInstances = deploy.kind === 'instance' || deploy.kind === 'async';
      const typed = deploy.instanceType ?? deploy.variant?.instanceType ?? deploy.instanceTypes;
      if (onInstances && deploy.model && !typed) {
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
    for (const issue of abIssues(compare, deploy, c.guardrails.maxPairs)) ctx.addIssue(issue);
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
    if (c.shard && c.shard.count > 1 && deploy) {
      // Each shard is its own job: with `deploy` every shard would create (and tear down) its own
      // candidate, so the merged histograms would mix n endpoints and the names would collide.
      ctx.addIssue({
        code: 'custom',
        path: ['shard'],
        message: `\`shard: ${c.shard.index}/${c.shard.count}\` cannot be combined with \`endpoint.deploy\`: every shard would deploy its own candidate, and the merged result would mix ${c.shard.count} endpoints. Deploy the candidate once in an earlier job and give the shards its \`endpoint.name\`, or drop \`shard\``,
      });
    }
    const requestSlo = c.slo.request;
    if (requestSlo && !request.stream)
      for (const key of ['ttft', 'tpot'] as const)
        if (requestSlo[`${key}Ms`] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['slo', 'request', key],
            message:
              'needs a streaming request (`request.stream: true`): only streamed responses have tokens to time',
          });
    if (requestSlo && Object.values(requestSlo).every((v) => v === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['slo', 'request'],
        message: 'sets no limit: give `latency` (and for streaming `ttft`, `tpot`), e.g. `latency: 500ms`',
      });
    if (load.capacity) {
      const limits = c.slo.all;
      if ([limits.p50Ms, limits.p95Ms, limits.p99Ms, limits.ttftP95Ms].every((v) => v === undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['slo'],
          message:
            '`load.mode: capacity` searches for the highest load that meets the SLO, so it needs a latency limit: set `slo.p95` (or p50, p99, ttft-p95)',
        });
      if (Object.keys(c.slo.stages).length > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['slo', 'stages'],
          message:
            'does not apply with `load.mode: capacity` (every probe is judged on the top-level `slo:` limits)',
        });
      if (compare.mode === 'paired')
        ctx.addIssue({
          code: 'custom',
          path: ['compare', 'mode'],
          message:
            '`paired` alternates fixed blocks between two endpoints; a capacity search is compared with the history (`mode: history`)',
        });
      if (c.shard && c.shard.count > 1)
        ctx.addIssue({
          code: 'custom',
          path: ['shard'],
          message:
            'cannot split a capacity search: each probe depends on the previous one; run it on one runner (or compare instance types with one matrix leg per type)',
        });
    }
    if (deploy?.instanceTypes) {
      const field = ['endpoint', 'deploy', 'instance-types'];
      const refuse = (message: string) => ctx.addIssue({ code: 'custom', path: field, message });
      if (!load.capacity)
        refuse(
          'compares the capacity of each type, so it needs `load.mode: capacity` (set `load.mode: capacity` and `slo.p95`)',
        );
      if (deploy.instanceType ?? deploy.variant?.instanceType)
        refuse(
          'cannot be combined with `instance-type` (or `variant.instance-type`): list every type to compare in `instance-types`',
        );
      if (deploy.kind !== 'instance')
        refuse(`applies only to \`kind: instance\` (kind is \`${deploy.kind}\`)`);
    }
    refineKinds(endpoint, request, ctx);
    // After a failed `load:` section the raw value arrives here (no stages with `mode: capacity`).
    const stageNames = new Set((load.stages as typeof load.stages | undefined)?.map((s) => s.name) ?? []);
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

/**
 * Paired mode's baseline: an existing endpoint (`baseline-endpoint`) or the base branch's deploy
 * (`baseline-deploy: base`), never both; replication (`pairs`) needs deployed pairs; a declared
 * per-endpoint spread (`endpoint-spread`) needs paired mode.
 */
function abIssues(
  compare: z.output<typeof compareSchema>,
  deploy: z.output<typeof endpointSchema>['deploy'],
  maxPairs: number,
): { code: 'custom'; path: (string | number)[]; message: string }[] {
  const issues: { code: 'custom'; path: (string | number)[]; message: string }[] = [];
  // After a failed `compare:` section the raw value arrives here: its own issues say enough.
  if (typeof (compare as { pairs?: unknown }).pairs !== 'number' || !('blockDurationMs' in compare))
    return issues;
  const at = (field: string, message: string) =>
    issues.push({ code: 'custom', path: ['compare', field], message });
  if (compare.mode === 'paired' && !compare.baselineEndpoint && !compare.baselineDeploy)
    at(
      'baseline-endpoint',
      "is required with `mode: paired` (the endpoint to alternate blocks with), unless `baseline-deploy: base` deploys the base branch's candidate as the baseline",
    );
  if (compare.baselineEndpoint && compare.baselineDeploy)
    at(
      'baseline-deploy',
      "cannot be combined with `baseline-endpoint`: the baseline is either an existing endpoint or the base branch's deploy; drop one",
    );
  if (compare.baselineDeploy) {
    if (compare.mode !== 'paired')
      at(
        'baseline-deploy',
        'needs `compare.mode: paired`: the freshly deployed baseline is compared block by block with the candidate',
      );
    if (!deploy)
      issues.push({
        code: 'custom',
        path: ['endpoint', 'deploy'],
        message:
          "is required with `compare.baseline-deploy: base`: the pull request's candidate is deployed next to the base branch's (to test an existing endpoint against another, use `compare.baseline-endpoint`)",
      });
    if (deploy?.kind === 'async')
      issues.push({
        code: 'custom',
        path: ['endpoint', 'deploy', 'kind'],
        message:
          '`async` cannot run paired blocks (asynchronous requests have no block-length latency); use `compare.mode: history` for an async endpoint',
      });
  }
  if (compare.endpointSpread !== undefined && compare.mode !== 'paired')
    at(
      'endpoint-spread',
      'is used only by `compare.mode: paired` (the spread between the baseline and the candidate endpoint); set `mode: paired` or drop it',
    );
  if (compare.pairs > 1 && !compare.baselineDeploy)
    at(
      'pairs',
      `${compare.pairs} endpoint pairs need \`compare.baseline-deploy: base\` (an existing baseline endpoint cannot be replicated); set it or drop \`pairs\``,
    );
  if (compare.pairs > maxPairs)
    at(
      'pairs',
      `${compare.pairs} endpoint pairs exceed \`guardrails.max-pairs\` (${maxPairs}); each pair deploys two candidates`,
    );
  return issues;
}

/** The validated settings of one run, as the config file, action inputs and CLI flags resolved them. */
export type ParsedConfig = z.output<typeof configSchema>;
