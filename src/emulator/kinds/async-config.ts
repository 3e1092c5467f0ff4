/**
 * An endpoint configuration's AsyncInferenceConfig, resolved: the S3 output and failure locations
 * and the concurrency per instance. Validated by CreateEndpointConfig already.
 */
import type { AsyncSettings } from './settings.js';

/** An `s3://bucket/prefix` location. */
export interface S3Location {
  bucket: string;
  /** Key prefix without a trailing slash ('' = bucket root). */
  prefix: string;
}

export interface AsyncEndpointConfig {
  output: S3Location;
  /** Where failures go; SageMaker writes them under the output path when there is none. */
  failure: S3Location;
  concurrencyPerInstance: number;
  /** Queued requests are kept (up to the request TTL); the emulator bounds memory only. */
  queueCapacity: number;
}

/** Parses `s3://bucket/key` (or `https://bucket/...`); undefined when it is not one. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const match = /^(?:https|s3):\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) return undefined;
  return { bucket: match[1] as string, key: match[2] as string };
}

function location(uri: string): S3Location | undefined {
  const parsed = parseS3Uri(uri);
  return parsed === undefined ? undefined : { bucket: parsed.bucket, prefix: parsed.key.replace(/\/+$/, '') };
}

/** The async settings of a config input, or undefined for a real-time configuration. */
export function asyncEndpointConfig(
  input: Record<string, unknown>,
  defaults: AsyncSettings,
): AsyncEndpointConfig | undefined {
  const raw = input.AsyncInferenceConfig as
    | {
        ClientConfig?: { MaxConcurrentInvocationsPerInstance?: number };
        OutputConfig?: { S3OutputPath?: string; S3FailurePath?: string };
      }
    | undefined;
  if (raw === undefined) return undefined;
  const output = location(raw.OutputConfig?.S3OutputPath ?? '');
  if (output === undefined) return undefined;
  const failure = raw.OutputConfig?.S3FailurePath;
  return {
    output,
    failure: (failure === undefined ? undefined : location(failure)) ?? output,
    concurrencyPerInstance:
      raw.ClientConfig?.MaxConcurrentInvocationsPerInstance ?? defaults.defaultConcurrencyPerInstance,
    queueCapacity: 1_000_000,
  };
}

/** `s3://bucket/prefix/name` */
export function s3Uri(location: S3Location, name: string): string {
  return `s3://${location.bucket}/${location.prefix === '' ? '' : `${location.prefix}/`}${name}`;
}
