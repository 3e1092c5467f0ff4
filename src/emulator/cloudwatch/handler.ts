/**
 * The CloudWatch surface (awsJson1_0 with awsQueryCompatible, as the installed
 * @aws-sdk/client-cloudwatch speaks it): `POST /` with
 * `X-Amz-Target: GraniteServiceVersion20100801.GetMetricData`, answered from the metrics store.
 * Errors carry `x-amzn-query-error` so the SDK names them as the Query API would.
 */
import type { ServerResponse } from 'node:http';
import { errorMessage } from '../../core/errors.js';
import type { EmulatorContext } from '../emulator-context.js';
import { amzTarget, type ProtocolHandler } from '../protocol-handler.js';
import { CloudWatchRequestError, getMetricData } from './get-metric-data.js';

const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** Knobs of the CloudWatch surface, per emulator (tests and demos set them through `cloudwatchControls`). */
export interface CloudWatchControls {
  /** How long after a period closes its datapoint becomes visible. Default 0 (at once); AWS: about 60 s. */
  publishDelayMs: number;
  /** Answer every call with AccessDenied (a role without cloudwatch:GetMetricData). Default false. */
  denyAccess: boolean;
}

/** The emulator's CloudWatch knobs (created with defaults on first use). */
export function cloudwatchControls(ctx: EmulatorContext): CloudWatchControls {
  return ctx.handlerState<CloudWatchControls>('cloudwatch', () => ({ publishDelayMs: 0, denyAccess: false }));
}

function writeError(
  res: ServerResponse,
  status: number,
  queryCode: string,
  type: string,
  message: string,
  requestId: string,
): void {
  const body = JSON.stringify({ __type: `com.amazonaws.cloudwatch#${type}`, message });
  res.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'x-amzn-RequestId': requestId,
    'x-amzn-query-error': `${queryCode};Sender`,
  });
  res.end(body);
}

export const cloudwatchProtocol: ProtocolHandler = {
  name: 'cloudwatch',
  matches: (req) => req.method === 'POST' && amzTarget(req).startsWith(TARGET_PREFIX),
  handle(req, res, body, ctx) {
    const requestId = ctx.nextRequestId();
    const operation = amzTarget(req).slice(TARGET_PREFIX.length);
    const controls = cloudwatchControls(ctx);
    if (controls.denyAccess) {
      const message = `User: arn:aws:sts::${ctx.settings.accountId}:assumed-role/perf-gate/ci is not authorized to perform: cloudwatch:${operation} because no identity-based policy allows the cloudwatch:${operation} action`;
      return writeError(res, 400, 'AccessDenied', 'AccessDeniedException', message, requestId);
    }
    if (operation !== 'GetMetricData')
      return writeError(
        res,
        400,
        'InvalidAction',
        'InvalidAction',
        `The emulator does not implement ${operation}.`,
        requestId,
      );
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch (error) {
      return writeError(
        res,
        400,
        'SerializationException',
        'SerializationException',
        errorMessage(error),
        requestId,
      );
    }
    try {
      const nowMs = ctx.time.wallMsAt(ctx.time.nowUs());
      const answer = getMetricData(request, ctx.metrics, nowMs, controls.publishDelayMs);
      res.writeHead(200, { 'Content-Type': CONTENT_TYPE, 'x-amzn-RequestId': requestId });
      res.end(JSON.stringify(answer));
    } catch (error) {
      if (error instanceof CloudWatchRequestError)
        return writeError(res, 400, error.code, `${error.code}Exception`, error.message, requestId);
      throw error;
    }
  },
};
