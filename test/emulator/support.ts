/**
 * Test support: start an emulator and point the unmodified AWS SDK clients at it the way users do,
 * through the AWS_ENDPOINT_URL_* environment variables (restored afterwards).
 */
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

/** Sets the emulator's environment in this process; returns a function that restores the old one. */
export function pointSdkAt(emulator: RunningEmulator): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(emulator.env)) {
    saved.set(name, process.env[name]);
    process.env[name] = value;
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

export interface Harness {
  emulator: RunningEmulator;
  runtime: SageMakerRuntimeClient;
  sagemaker: SageMakerClient;
  close(): Promise<void>;
}

/**
 * Starts an emulator and SDK clients (no retries) configured only through the environment. The SDK
 * reads region and endpoint lazily at each call, so the variables stay set until `close()`.
 */
export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ seed: 7, ...options });
  const restore = pointSdkAt(emulator);
  const runtime = new SageMakerRuntimeClient({ maxAttempts: 1 });
  const sagemaker = new SageMakerClient({ maxAttempts: 1 });
  return {
    emulator,
    runtime,
    sagemaker,
    async close() {
      runtime.destroy();
      sagemaker.destroy();
      restore();
      await emulator.close();
    },
  };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
