/**
 * `endpoint.deploy.kind` and the settings of each hosting kind: `instance` (a real-time endpoint on
 * instances, the default), `inference-component` (the candidate as a component on the existing
 * endpoint `endpoint.name`), `serverless`, `async`. Cross-field rules live in ./kind-rules.ts.
 */
import { z } from 'zod';
import { positiveInt } from './fields.js';

export const DEPLOY_KINDS = ['instance', 'inference-component', 'serverless', 'async'] as const;
export type DeployKind = (typeof DEPLOY_KINDS)[number];

/** An `s3://bucket[/prefix]` location. */
export const s3Path = z
  .string({ error: 'expected an s3:// URI like "s3://my-bucket/perf-gate/out"' })
  .max(512, 'must be at most 512 characters')
  .regex(
    /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[a-zA-Z0-9!_.*'()/-]*)?$/,
    'expected an s3:// URI like "s3://my-bucket/perf-gate/out"',
  );

/** The candidate as an inference component (`kind: inference-component`). */
export const componentSchema = z
  .object({
    /** Copies of the component (RuntimeConfig.CopyCount). Default 1. */
    copies: positiveInt.default(1),
    /** Memory one copy needs, MB (MinMemoryRequiredInMb, ≥ 128). Default 1024. */
    'memory-mb': z.number().int().min(128, 'must be at least 128').default(1024),
    /** CPU cores one copy needs (NumberOfCpuCoresRequired, ≥ 0.25). Default 1. */
    'cpu-cores': z.number().min(0.25, 'must be at least 0.25').default(1),
    /** Accelerators (GPUs) one copy needs. Default: none. */
    accelerators: positiveInt.optional(),
    /** Host variant on `endpoint.name`. Default: the endpoint's first variant. */
    variant: z.string().min(1).max(63).optional(),
  })
  .strict()
  .transform((c) => ({
    copies: c.copies,
    memoryMb: c['memory-mb'],
    cpuCores: c['cpu-cores'],
    accelerators: c.accelerators,
    variant: c.variant,
  }));

const SERVERLESS_MEMORY_MB = [1024, 2048, 3072, 4096, 5120, 6144] as const;

/** A serverless candidate (`kind: serverless`). */
export const serverlessSchema = z
  .object({
    /** Memory, MB: 1024, 2048, 3072, 4096, 5120 or 6144. Default 2048. */
    'memory-mb': z
      .number()
      .refine((mb) => (SERVERLESS_MEMORY_MB as readonly number[]).includes(mb), {
        message: `must be one of ${SERVERLESS_MEMORY_MB.join(', ')}`,
      })
      .default(2048),
    /** Most concurrent invocations, 1–200. Default 5. */
    'max-concurrency': positiveInt.max(200, 'must be at most 200').default(5),
    /** Environments kept warm, 1–max-concurrency. Default: none (every scale-up is a cold start). */
    'provisioned-concurrency': positiveInt.max(200, 'must be at most 200').optional(),
  })
  .strict()
  .transform((s) => ({
    memoryMb: s['memory-mb'],
    maxConcurrency: s['max-concurrency'],
    provisionedConcurrency: s['provisioned-concurrency'],
  }));

/** An asynchronous candidate (`kind: async`). */
export const asyncSchema = z
  .object({
    /** Where SageMaker writes outputs (S3OutputPath). Required. */
    'output-path': s3Path,
    /** Where SageMaker writes failures (S3FailurePath). Default: under the output path. */
    'failure-path': s3Path.optional(),
    /** MaxConcurrentInvocationsPerInstance, 1–1000. Default: SageMaker's choice. */
    'max-concurrent-invocations-per-instance': positiveInt.max(1000, 'must be at most 1000').optional(),
  })
  .strict()
  .transform((a) => ({
    outputPath: a['output-path'],
    failurePath: a['failure-path'],
    maxConcurrentInvocationsPerInstance: a['max-concurrent-invocations-per-instance'],
  }));

export type ComponentConfig = z.output<typeof componentSchema>;
export type ServerlessDeployConfig = z.output<typeof serverlessSchema>;
export type AsyncDeployConfig = z.output<typeof asyncSchema>;
