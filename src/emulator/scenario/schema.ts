/**
 * The scenario file: what the emulated account holds at start and how it behaves. Every field is
 * optional; docs/emulator.md is the reference. Keys are kebab-case like the gate's config file.
 */
import { z } from 'zod';
import {
  durationMs,
  instanceType,
  latencyMs,
  percentFraction,
  positiveInt,
  sagemakerName,
  stringMap,
} from '../../config/fields.js';
import { STREAM_FORMATS } from '../model/generation.js';

const probability = percentFraction.refine((p) => p <= 1, { message: 'must be at most 100%' });
const nonNegativeInt = z
  .number({ error: 'expected a whole number' })
  .int('expected a whole number')
  .nonnegative('must not be negative');
const pattern = z
  .string({ error: 'expected a name or a pattern with * wildcards' })
  .min(1, 'must not be empty');

const profileSchema = z
  .object({
    /** Requests one instance serves at once. */
    workers: positiveInt.optional(),
    /** Median service time, e.g. `20ms` (`0ms` = instantaneous). */
    median: latencyMs.optional(),
    /** Lognormal sigma of the service time (0 = constant). */
    sigma: z.number({ error: 'expected a number' }).nonnegative('must not be negative').optional(),
    /** Requests that may wait per instance before the endpoint throttles. */
    queue: nonNegativeInt.optional(),
    vcpus: positiveInt.optional(),
    gpus: nonNegativeInt.optional(),
    'memory-gib': positiveInt.optional(),
  })
  .strict();

const streamingSchema = z
  .object({
    /** Median time to first token. Default: a draw from the variant's service-time distribution. */
    ttft: latencyMs.optional(),
    /** Gap between tokens. Default `15ms`. */
    'inter-token': latencyMs.optional(),
    /** Lognormal sigma of each gap. Default 0.1. */
    'inter-token-sigma': z.number().nonnegative('must not be negative').optional(),
    /** Tokens per response when the request does not say. Default 32. */
    tokens: positiveInt.optional(),
    /** Chunk format. Default `jsonlines`. */
    format: z.enum(STREAM_FORMATS).optional(),
    /** Split every chunk across two PayloadParts. Default false. */
    'split-parts': z.boolean().optional(),
    /** LLM prefill time per prompt token (whitespace word), added to the TTFT. Default `0ms`. */
    'prefill-per-token': latencyMs.optional(),
    /** Continuous batching: each additional sequence in flight adds this fraction to every decode gap. Default 0. */
    'decode-slowdown': z.number().nonnegative('must not be negative').optional(),
    /** Most sequences a generating model serves at once per instance (its workers). Default: the instance profile's workers. */
    'max-sequences': positiveInt.optional(),
  })
  .strict();

const modelSchema = z
  .object({
    /** Container image (any string; an http(s):// URL proxies to a real container). */
    image: z.string().min(1, 'must not be empty').default('emulator/echo:latest'),
    'model-data-url': z.string().optional(),
    /** `SingleModel` (default) or `MultiModel`. */
    mode: z.enum(['SingleModel', 'MultiModel']).default('SingleModel'),
    /** Container environment (see docs/emulator.md for the variables the emulator reads). */
    environment: stringMap.default({}),
  })
  .strict();

const variantSchema = z
  .object({
    name: sagemakerName.default('AllTraffic'),
    /** Model name (declared under `models`). */
    model: sagemakerName,
    'instance-type': instanceType.default('ml.g5.xlarge'),
    'instance-count': positiveInt.default(1),
    weight: z.number().nonnegative('must not be negative').default(1),
  })
  .strict();

const endpointSchema = z
  .object({
    /** Endpoint configuration name. Default `<endpoint>-config`. */
    'config-name': sagemakerName.optional(),
    variants: z.array(variantSchema).min(1, 'needs at least one variant'),
    tags: stringMap.default({}),
  })
  .strict();

const stallSchema = z
  .object({
    every: durationMs.refine((ms) => ms > 0, { message: 'must be longer than 0' }),
    duration: durationMs.refine((ms) => ms > 0, { message: 'must be longer than 0' }),
    /** Time of the first stall after the emulator starts. Default: one `every`. */
    offset: durationMs.optional(),
    endpoint: pattern.default('*'),
  })
  .strict()
  .refine((s) => s.duration < s.every, {
    message: '`duration` must be shorter than `every`',
    path: ['duration'],
  });

const invocationFaultSchema = z
  .object({
    endpoint: pattern.default('*'),
    throttle: probability.optional(),
    'service-unavailable': probability.optional(),
    'internal-failure': probability.optional(),
    'model-not-ready': probability.optional(),
    'model-error': probability.optional(),
    'model-error-status': z.number().int().min(400).max(599).optional(),
    'stream-error': probability.optional(),
    'stream-error-code': z.enum(['ModelInvocationTimeExceeded', 'StreamBroken']).optional(),
    'internal-stream-failure': probability.optional(),
    'in-band-error': probability.optional(),
  })
  .strict();

const faultsSchema = z
  .object({
    invocation: z.array(invocationFaultSchema).default([]),
    deployment: z
      .array(
        z
          .object({
            endpoint: pattern,
            /** The deployment fails with this FailureReason. */
            fail: z.string().min(1).optional(),
            'extra-delay': durationMs.optional(),
            times: positiveInt.optional(),
          })
          .strict(),
      )
      .default([]),
    deletion: z.array(z.object({ endpoint: pattern, 'extra-delay': durationMs }).strict()).default([]),
    'control-plane': z
      .array(
        z
          .object({
            operation: z.string().min(1),
            resource: pattern.default('*'),
            error: z.string().regex(/^[A-Za-z]+$/, 'expected an error code like "ThrottlingException"'),
            message: z.string().optional(),
            status: z.number().int().min(400).max(599).optional(),
            times: positiveInt.optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const kindSchemas = {
  /** Serverless endpoints: cold start and how long a warm environment stays. */
  serverless: z
    .object({
      /** Time to start one more execution environment. Default `1s`. */
      'cold-start': durationMs.optional(),
      /** Idle time after which a warm environment is reclaimed. Default `60s`. */
      'idle-timeout': durationMs.optional(),
    })
    .strict()
    .default({}),
  /** Inference components: scale to zero when idle, and the time to serve again from zero. */
  'inference-components': z
    .object({
      /** Idle time after which a component has no copy left. Default: never. */
      'scale-to-zero-after': durationMs.optional(),
      /** From zero copies: first refused request → a copy serves. Default `1s`. */
      'scale-out': durationMs.optional(),
    })
    .strict()
    .default({}),
  /** Asynchronous endpoints. */
  async: z
    .object({
      /** MaxConcurrentInvocationsPerInstance when the endpoint config leaves it out. Default 4. */
      'concurrency-per-instance': positiveInt.optional(),
    })
    .strict()
    .default({}),
  /** The emulator's S3: buckets that exist at start (async input and output paths). */
  s3: z
    .object({
      buckets: z
        .array(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name'))
        .default([]),
    })
    .strict()
    .default({ buckets: [] }),
};

export const scenarioSchema = z
  .object({
    seed: z.number().int().optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region like "us-east-1"')
      .optional(),
    'account-id': z
      .string()
      .regex(/^\d{12}$/, 'expected 12 digits')
      .optional(),
    lifecycle: z
      .object({
        'create-delay': durationMs.optional(),
        'update-delay': durationMs.optional(),
        'delete-delay': durationMs.optional(),
        'container-startup-timeout': durationMs.optional(),
        'ping-interval': durationMs.optional(),
        /** DeleteEndpoint while Creating: `allow` (default) or `refuse` as AWS does. */
        'delete-while-creating': z.enum(['allow', 'refuse']).optional(),
      })
      .strict()
      .default({}),
    'instance-profiles': z.record(instanceType, profileSchema).default({}),
    streaming: streamingSchema.default({}),
    models: z.record(sagemakerName, modelSchema).default({}),
    endpoints: z.record(sagemakerName, endpointSchema).default({}),
    noise: z
      .object({
        /** Run-to-run drift: sigma of a lognormal factor drawn per endpoint creation, e.g. `5%`. */
        drift: percentFraction.optional(),
        stalls: z.array(stallSchema).default([]),
      })
      .strict()
      .default({ stalls: [] }),
    /** What a full queue answers. Default `throttling`. */
    overload: z.enum(['throttling', 'service-unavailable', 'model-not-ready']).default('throttling'),
    faults: faultsSchema.default({ invocation: [], deployment: [], deletion: [], 'control-plane': [] }),
    ...kindSchemas,
  })
  .strict();

export type Scenario = z.output<typeof scenarioSchema>;
/** The scenario as written (input side), for programmatic use. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
