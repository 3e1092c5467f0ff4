/** What every CLI command receives: where to write, the environment, and a logger. */
import type { Logger } from '../core/logger.js';
import type { Redactor } from '../core/redact.js';

export interface CliContext {
  /** Machine-readable or primary output (tables, verdicts). */
  stdout: NodeJS.WritableStream;
  /** Progress and diagnostics. */
  stderr: NodeJS.WritableStream;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** The redactor behind `logger` (src/core/redact.ts); the gate adds the config's secrets to it. */
  redactor?: Redactor | undefined;
  /** Set by a command to report its outcome (0 pass, 1 regression, 2 bad input, 3 infrastructure). */
  setExitCode(code: number): void;
}
