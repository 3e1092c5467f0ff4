/**
 * The gate's redaction boundary: one redactor per run that knows the config's secrets (container
 * environment values, custom attributes) on top of what the entry point registered (the resolved
 * AWS credentials, the GitHub token). Every log line of the run and every result document — the
 * measured one, the merged one and the stored history — pass through it before anything is judged,
 * published or stored, so the verdict, the comment, the files and the data branch hold no secret.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { History } from '../baseline/history.js';
import type { Config } from '../config/parse.js';
import { configSecrets } from '../config/secrets.js';
import { redactingLogger, type Logger } from '../core/logger.js';
import {
  createRedactor,
  environmentSecrets,
  MIN_ENVIRONMENT_SECRET_CHARS,
  type Redactor,
} from '../core/redact.js';
import { redactResult } from '../result/redact-result.js';

/** What a gate run needs for redaction. */
export interface RedactionDeps {
  logger: Logger;
  /** The entry point's redactor (it already knows the credentials); default a new one. */
  redactor?: Redactor | undefined;
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** `deps` with a redactor that knows `config`'s secrets and a logger that masks through it. */
export function withRedaction<D extends RedactionDeps>(
  config: Config,
  deps: D,
): D & { redactor: Redactor; logger: Logger } {
  const redactor = deps.redactor ?? createRedactor(environmentSecrets(deps.env ?? {}));
  redactor.addSecrets(configSecrets(config));
  return { ...deps, redactor, logger: redactingLogger(deps.logger, redactor) };
}

/** The history with every stored result redacted (older results were stored unredacted). */
export function redactHistory(history: History, redactor: Redactor): History {
  return { ...history, runs: history.runs.map((run) => redactResult(run, redactor)) };
}

/**
 * `provider` registering every credential it resolves with `redactor` (and so, in the action, with
 * `core.setSecret`) before anything can use or print it.
 */
export function maskedCredentials(
  provider: AwsCredentialIdentityProvider,
  redactor: Redactor,
): AwsCredentialIdentityProvider {
  return async (options) => {
    const identity = await provider(options);
    redactor.addSecrets([identity.secretAccessKey, identity.sessionToken], MIN_ENVIRONMENT_SECRET_CHARS);
    return identity;
  };
}
