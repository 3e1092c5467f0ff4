/**
 * The S3 objects of an async candidate's run: its inputs under `<input-path>/<run prefix>/`, its
 * outputs and failures under `<output-path>/<run prefix>/` and `<failure-path>/<run prefix>/` (the
 * async invoker sends the run prefix as `S3OutputPathExtension`). The invoker deletes what it knows
 * of when it closes; a request the endpoint still held when a run was cancelled can write its output
 * after that, until the endpoint's deletion starts. So once the candidate is torn down, everything
 * left under the run's prefixes is deleted here, within the teardown's time limit. The bucket is the
 * user's: nothing outside the run's prefixes is touched.
 */
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { DeployConfig } from '../config/endpoint-schema.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

/** `s3://bucket/prefix/` locations that hold only this run's objects. */
export function asyncRunPrefixes(
  deploy: DeployConfig,
  inputPath: string | undefined,
  runPrefix: string,
): string[] {
  const a = deploy.async;
  const paths = [inputPath, a?.outputPath, a?.failurePath].filter((p) => p !== undefined);
  const under = (path: string) => `${path.replace(/\/+$/, '')}/${runPrefix}/`;
  return [...new Set(paths.map(under))];
}

function parse(uri: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  return match ? { bucket: match[1] as string, key: match[2] as string } : undefined;
}

/** An S3 client like the report upload's: path-style when an endpoint URL is configured (the emulator). */
function s3Client(region: string, env: Readonly<Record<string, string | undefined>>): S3Client {
  const custom = Boolean(env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL);
  return new S3Client({ region, maxAttempts: 3, ...(custom ? { forcePathStyle: true } : {}) });
}

/** Deletes every object under `prefixes`, within `timeoutMs`; logs what it did, warns on what is left. */
export async function deleteRunObjects(
  prefixes: readonly string[],
  options: {
    region: string;
    logger: Logger;
    timeoutMs: number;
    env?: Readonly<Record<string, string | undefined>>;
  },
): Promise<void> {
  if (prefixes.length === 0) return;
  const s3 = s3Client(options.region, options.env ?? process.env);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs);
  try {
    let deleted = 0;
    for (const uri of prefixes) {
      const at = parse(uri);
      if (at === undefined) continue;
      try {
        deleted += await deleteUnder(s3, at.bucket, at.key, abort.signal);
      } catch (error) {
        options.logger.warning(
          `Could not delete the run's S3 objects under ${uri}: ${errorMessage(error)}. Delete them with: aws s3 rm --recursive ${uri}`,
        );
      }
    }
    if (deleted > 0)
      options.logger.info(`Deleted ${deleted} S3 object(s) of the run left under ${prefixes.join(', ')}.`);
  } finally {
    clearTimeout(timer);
    s3.destroy();
  }
}

async function deleteUnder(
  s3: S3Client,
  bucket: string,
  prefix: string,
  signal: AbortSignal,
): Promise<number> {
  let deleted = 0;
  // Each page's objects are deleted before the next listing: pages shrink as the run's objects go.
  for (let page = 0; page < 1000; page++) {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }), {
      abortSignal: signal,
    });
    const keys = (listed.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
    if (keys.length === 0) return deleted;
    await Promise.all(
      keys.map((Key) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }), { abortSignal: signal })),
    );
    deleted += keys.length;
  }
  return deleted;
}
