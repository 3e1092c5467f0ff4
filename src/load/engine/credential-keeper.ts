/**
 * Credentials for the generators: resolved once through the provider (the SDK's default chain in
 * production: env, profiles, SSO, web identity/OIDC, instance roles), handed to every worker, and
 * re-resolved periodically — the SDK provider caches and refreshes before expiry — with changes
 * pushed to the workers. One resolution for all workers instead of one STS call each.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { errorMessage, InfrastructureError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';

const REFRESH_EVERY_MS = 60_000;

export class CredentialKeeper {
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly provider: AwsCredentialIdentityProvider,
    private current: AwsCredentialIdentity,
  ) {}

  /** Resolves credentials now; fails (exit 3) before any load is sent when there are none. */
  static async start(provider: AwsCredentialIdentityProvider): Promise<CredentialKeeper> {
    try {
      return new CredentialKeeper(provider, plain(await provider()));
    } catch (error) {
      throw new InfrastructureError(`Could not resolve AWS credentials: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }

  get credentials(): AwsCredentialIdentity {
    return this.current;
  }

  /** Calls `onChange` whenever a periodic re-resolution yields different credentials. */
  watch(onChange: (credentials: AwsCredentialIdentity) => void, logger?: Logger): void {
    this.stop();
    this.timer = setInterval(() => {
      this.provider().then(
        (next) => {
          const fresh = plain(next);
          if (sameIdentity(fresh, this.current)) return;
          this.current = fresh;
          onChange(fresh);
        },
        (error: unknown) => logger?.warning(`Could not refresh AWS credentials: ${errorMessage(error)}`),
      );
    }, REFRESH_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Only the fields signing needs, as plain cloneable data. */
function plain(c: AwsCredentialIdentity): AwsCredentialIdentity {
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    ...(c.expiration ? { expiration: c.expiration } : {}),
  };
}

function sameIdentity(a: AwsCredentialIdentity, b: AwsCredentialIdentity): boolean {
  return (
    a.accessKeyId === b.accessKeyId &&
    a.secretAccessKey === b.secretAccessKey &&
    a.sessionToken === b.sessionToken
  );
}
