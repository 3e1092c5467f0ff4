/**
 * The control-plane client the lifecycle uses. Credentials come only from the SDK's default provider
 * chain (OIDC via configure-aws-credentials, env, profile, instance role); the endpoint can be
 * redirected with `AWS_ENDPOINT_URL_SAGEMAKER` (the emulator). The SDK's own retries are off: our
 * retry helper owns them, so every attempt is logged and creates are never blindly repeated.
 */
import { SageMakerClient } from '@aws-sdk/client-sagemaker';

/** A SageMaker control-plane client for `region`. */
export function createControlPlaneClient(region: string): SageMakerClient {
  return new SageMakerClient({
    region,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
  });
}
