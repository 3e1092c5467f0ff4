/** What every CLI command receives: where to write, the environment, and a logger. */
import type { Logger } from '../core/logger.js';

export interface CliContext {
  /** Machine-readable or primary output (tables, verdicts). */
  stdout: NodeJS.WritableStream;
  /** Progress and diagnostics. */
  stderr: NodeJS.WritableStream;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** Set by a command to report its outcome (0 pass, 1 regression, 2 bad input, 3 infrastructure). */
  setExitCode(code: number): void;
}
