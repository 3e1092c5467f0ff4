/** `endpoint:` and `guardrails:` — what is tested, and whether a candidate is deployed for it. */
import { z } from 'zod';
import { instanceType, positiveDurationMs, positiveInt, sagemakerName, stringMap } from './fields.js';
import { asyncSchema, componentSchema, DEPLOY_KINDS, serverlessSchema } from './kind-schema.js';

const modelSpec = z
  .object({
    /** Container image URI (required for a full spec). */
    image: z.string().min(1, 'must not be empty'),
    /** S3 URI of the model artifact (optional). */
    'model-data-url': z
      .string()
      .regex(/^s3:\/\//, 'expected an s3:// URI')
      .optional(),
    /** IAM role SageMaker assumes for the model (required by AWS for a full spec). */
    'execution-role-arn': z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\//, 'expected an IAM role ARN')
      .optional(),
    /** Container environment. Default: none. */
    environment: stringMap.default({}),
  })
  .strict()
  .transform((m) => ({
    image: m.image,
    modelDataUrl: m['model-data-url'],
    executionRoleArn: m['execution-role-arn'],
    environment: m.environment,
  }));

const variantSpec = z
  .object({
    /** Production variant name. Default `AllTraffic`. */
    name: sagemakerName.default('AllTraffic'),
    /** Instance type of the variant; wins over `deploy.instance-type`. Default: `deploy.instance-type` (or the cloned variant's). */
    'instance-type': instanceType.optional(),
    /** Instance count; wins over `deploy.instance-count`. Default: `deploy.instance-count`, else the cloned count, else 1. */
    'instance-count': positiveInt.optional(),
    /** How long SageMaker waits for the container's `/ping` (whole seconds). Default: the cloned value, else SageMaker's default. */
    'container-startup-health-check-timeout': positiveDurationMs.optional(),
    /** How long SageMaker may take to download the model artifact (whole seconds). Default: the cloned value, else SageMaker's default. */
    'model-data-download-timeout': positiveDurationMs.optional(),
  })
  .strict()
  .transform((v) => ({
    name: v.name,
    instanceType: v['instance-type'],
    instanceCount: v['instance-count'],
    containerStartupHealthCheckTimeoutMs: v['container-startup-health-check-timeout'],
    modelDataDownloadTimeoutMs: v['model-data-download-timeout'],
  }));

const deploySpec = z
  .object({
    /** Hosting kind: `instance`, `inference-component` (on `endpoint.name`), `serverless` or `async`. Default `instance`. */
    kind: z.enum(DEPLOY_KINDS).default('instance'),
    /** `kind: inference-component`: copies and compute requirements of the candidate component. */
    'inference-component': componentSchema.optional(),
    /** `kind: serverless`: memory and concurrency. */
    serverless: serverlessSchema.optional(),
    /** `kind: async`: the S3 output and failure paths. Required with `kind: async`. */
    async: asyncSchema.optional(),
    /** Clone this existing endpoint's config (models, variants), then apply the overrides below. */
    'from-endpoint': sagemakerName.optional(),
    /** Override of the (first) variant's instance type. */
    'instance-type': instanceType.optional(),
    /** Override of the (first) variant's instance count. */
    'instance-count': positiveInt.optional(),
    /**
     * `load.mode: capacity`: compare 2–8 instance types, one candidate of each deployed, searched and
     * torn down in turn (src/gate/instance-comparison.ts). Instead of `instance-type`. Default: none.
     */
    'instance-types': z
      .array(instanceType)
      .min(2, 'needs at least 2 instance types to compare')
      .max(8, 'compares at most 8 instance types in one run')
      .refine((types) => new Set(types).size === types.length, { message: 'must not repeat a type' })
      .optional(),
    /** Merged into the model container's environment. Default: none. */
    environment: stringMap.default({}),
    /** A full model spec instead of `from-endpoint`. */
    model: modelSpec.optional(),
    variant: variantSpec.optional(),
    /** Resource names are `<prefix>-<short sha>-<run id>[-attempt]`. Default `perf-gate`. */
    'name-prefix': z
      .string()
      .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/, 'must contain only letters, digits and hyphens')
      .max(20, 'must be at most 20 characters so generated names fit in 63')
      .default('perf-gate'),
    /** How long to wait for InService; on timeout the candidate is torn down. Default `30m`. */
    'wait-timeout': positiveDurationMs.default(30 * 60_000),
    /** How often DescribeEndpoint is polled while waiting (the waiter backs off to twice this). Default `15s`. */
    'poll-interval': positiveDurationMs.default(15_000),
    /**
     * How long teardown keeps retrying a delete that is throttled, fails transiently, or finds the
     * resource busy (an endpoint still Creating) before giving up and naming what is left. Default `5m`.
     */
    'teardown-timeout': positiveDurationMs
      .refine((ms) => ms >= 1_000 && ms <= 3_600_000, { message: 'must be between 1s and 1h' })
      .default(5 * 60_000),
    /** Keep the candidate up after the run (for debugging; it keeps costing money). Default false. */
    keep: z.boolean().default(false),
    /** How long after creation `sweep` may delete a leaked resource (the `perf-gate:expires-at` tag). Default `6h`. */
    'expires-after': positiveDurationMs
      .refine((ms) => ms >= 10 * 60_000 && ms <= 7 * 24 * 3_600_000, {
        message: 'must be between 10m and 7d',
      })
      .default(6 * 3_600_000),
  })
  .strict()
  .transform((d) => ({
    kind: d.kind,
    component: d['inference-component'],
    serverless: d.serverless,
    async: d.async,
    fromEndpoint: d['from-endpoint'],
    instanceType: d['instance-type'],
    instanceCount: d['instance-count'],
    ...(d['instance-types'] ? { instanceTypes: d['instance-types'] } : {}),
    environment: d.environment,
    model: d.model,
    variant: d.variant,
    namePrefix: d['name-prefix'],
    waitTimeoutMs: d['wait-timeout'],
    pollIntervalMs: d['poll-interval'],
    teardownTimeoutMs: d['teardown-timeout'],
    keep: d.keep,
    expiresAfterMs: d['expires-after'],
  }));

export const endpointSchema = z
  .object({
    /** Name of an existing endpoint to test as is. Required unless `deploy` is given. */
    name: sagemakerName.optional(),
    /** AWS region. Default: the `AWS_REGION` of the environment. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region like "us-east-1"')
      .optional(),
    /** Target one production variant (X-Amzn-SageMaker-Target-Variant). Default: SageMaker's weighted routing. */
    variant: sagemakerName.optional(),
    /** Deploy a candidate endpoint for the run instead of testing `name`. */
    deploy: deploySpec.optional(),
  })
  .strict()
  .transform((e) => ({ name: e.name, region: e.region, variant: e.variant, deploy: e.deploy }));

export const guardrailsSchema = z
  .object({
    /** Instance types a candidate may use. Default: any. */
    'allowed-instance-types': z.array(instanceType).min(1).optional(),
    /** Largest instance count per variant. Default 4. */
    'max-instance-count': positiveInt.default(4),
    /** Refuse runs whose estimated cost (price × count × (deploy + test time)) exceeds this. Default: no limit. */
    'max-cost-usd': z.number().positive().optional(),
    /** Longest load test (warm-up plus all stages). Default `1h`. */
    'max-test-duration': positiveDurationMs.default(3_600_000),
    /** Highest concurrency-mode stage target (virtual users). Default 1000. */
    'max-users': positiveInt.max(100_000).default(1000),
    /** Highest arrival-rate stage target in requests per second. Default 5000. */
    'max-arrival-rate': z.number().positive().max(1_000_000).default(5000),
    /** Most load-generator worker threads. Default 16. */
    'max-workers': positiveInt.max(256).default(16),
    /** Highest `load.max-in-flight` (requests outstanding at once). Default 4096. */
    'max-in-flight': positiveInt.max(1_000_000).default(4096),
    /** Most endpoint pairs `compare.pairs` may deploy (each pair is two candidates). Default 2. */
    'max-pairs': positiveInt.max(4, 'must be at most 4 (the most `compare.pairs` allows)').default(2),
  })
  .strict()
  .transform((g) => ({
    allowedInstanceTypes: g['allowed-instance-types'],
    maxInstanceCount: g['max-instance-count'],
    maxCostUsd: g['max-cost-usd'],
    maxTestDurationMs: g['max-test-duration'],
    maxUsers: g['max-users'],
    maxArrivalRate: g['max-arrival-rate'],
    maxWorkers: g['max-workers'],
    maxInFlight: g['max-in-flight'],
    maxPairs: g['max-pairs'],
  }));

export type EndpointConfig = z.output<typeof endpointSchema>;
export type DeployConfig = NonNullable<EndpointConfig['deploy']>;
export type GuardrailsConfig = z.output<typeof guardrailsSchema>;
