/** `report:` and `shard:` — where results go and how the run is split across runners. */
import { z } from 'zod';
import { artifactNameField } from './artifact-name.js';
import { positiveDurationMs } from './fields.js';

export const COMMENT_POLICIES = ['auto', 'always', 'never'] as const;

export const reportSchema = z
  .object({
    /** Directory for result.json, CSVs, hlog, report.md/html. Default `perf-gate-results`. */
    'output-dir': z.string().min(1).default('perf-gate-results'),
    /** A title for the comment and reports. Default: the endpoint name. */
    title: z.string().max(100).optional(),
    /** Post/update the PR comment: `auto` = on pull requests when the token can write. Default `auto`. */
    comment: z.enum(COMMENT_POLICIES).default('auto'),
    /** Name of the uploaded artifact. Default `perf-gate-results`. */
    'artifact-name': artifactNameField.default('perf-gate-results'),
    /** Override the built-in on-demand price per instance-hour in USD. */
    'hourly-price': z.number().positive().optional(),
    /** Also copy the output directory to this S3 prefix. */
    'upload-s3-uri': z
      .string()
      .regex(/^s3:\/\/[a-z0-9.-]{3,63}(\/.*)?$/, 'expected s3://bucket/prefix')
      .optional(),
    /** Query CloudWatch for server-side metrics. Default true. */
    cloudwatch: z.boolean().default(true),
    /** How long to wait for late CloudWatch datapoints after the run. Default `2m`. */
    'cloudwatch-wait': positiveDurationMs.default(120_000),
  })
  .strict()
  .transform((r) => ({
    outputDir: r['output-dir'],
    title: r.title,
    comment: r.comment,
    artifactName: r['artifact-name'],
    hourlyPriceUsd: r['hourly-price'],
    uploadS3Uri: r['upload-s3-uri'],
    cloudwatch: r.cloudwatch,
    cloudwatchWaitMs: r['cloudwatch-wait'],
  }));

/** `i/n`: this runner generates shard i (1-based) of n. */
export const shardSchema = z
  .string()
  .regex(/^\d+\/\d+$/, 'expected "i/n", like "1/4"')
  .transform((text, ctx) => {
    const [i, n] = text.split('/').map(Number) as [number, number];
    if (n < 1 || i < 1 || i > n) {
      ctx.addIssue({ code: 'custom', message: `shard index must be between 1 and ${n}, got "${text}"` });
      return z.NEVER;
    }
    return { index: i, count: n };
  });

export type ReportConfig = z.output<typeof reportSchema>;
export type ShardConfig = z.output<typeof shardSchema>;
