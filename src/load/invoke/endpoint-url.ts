/**
 * Where SageMaker Runtime is, resolved the way the AWS SDK does it: an explicit URL, then
 * `AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME`, then `AWS_ENDPOINT_URL` (both ignored when
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`), then the regional AWS endpoint. The environment is
 * passed in; nothing here reads `process.env`.
 */

export type Environment = Readonly<Record<string, string | undefined>>;

/** Base URL (no trailing slash) of the SageMaker Runtime API for a region. */
export function resolveRuntimeUrl(region: string, env: Environment = {}, explicitUrl?: string): string {
  const configured = explicitUrl ?? configuredUrl(env);
  if (configured) return configured.replace(/\/+$/, '');
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://runtime.sagemaker.${region}.${suffix}`;
}

function configuredUrl(env: Environment): string | undefined {
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true') return undefined;
  return nonEmpty(env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME) ?? nonEmpty(env.AWS_ENDPOINT_URL);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Request path of an invocation (endpoint names are `[a-zA-Z0-9-]`, validated by the config). */
export function invocationPath(endpointName: string, stream: boolean): string {
  return `/endpoints/${encodeURIComponent(endpointName)}/${stream ? 'invocations-response-stream' : 'invocations'}`;
}

/** The S3 URL override (`AWS_ENDPOINT_URL_S3`, then `AWS_ENDPOINT_URL`), undefined for AWS's own. */
export function resolveS3Url(env: Environment = {}): string | undefined {
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true') return undefined;
  return (nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL))?.replace(/\/+$/, '');
}
