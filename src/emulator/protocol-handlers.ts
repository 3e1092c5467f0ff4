/**
 * The protocols the emulator speaks, in matching order. To add one, write a `ProtocolHandler`
 * (./protocol-handler.ts) in its own folder and add it here.
 *
 * - SageMaker Runtime (restJson1): `POST /endpoints/{name}/invocations[-response-stream]`.
 * - SageMaker control plane (awsJson1_1): `POST /` with `X-Amz-Target: SageMaker.<Operation>`
 *   (also answers a `POST /` without a target, with AWS's UnknownOperationException).
 * - CloudWatch (awsJson1_0, `X-Amz-Target: GraniteServiceVersion20100801.*`) and S3 (path-style
 *   `/bucket/key`, anything that is neither of the above) go after these two.
 */
import { cloudwatchProtocol } from './cloudwatch/handler.js';
import { controlPlaneProtocol } from './control/handler.js';
import type { ProtocolHandler } from './protocol-handler.js';
import { runtimeProtocol } from './runtime/handler.js';
import { s3Protocol } from './s3/handler.js';

export const PROTOCOL_HANDLERS: readonly ProtocolHandler[] = [
  runtimeProtocol,
  controlPlaneProtocol,
  cloudwatchProtocol,
  s3Protocol,
];
