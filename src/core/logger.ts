/**
 * Logging seam: the action logs through `@actions/core`, the CLI to the console, tests to memory.
 * Nothing else in the code base prints.
 */
import type { Redactor } from './redact.js';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** Runs `fn` inside a collapsible group (a log group in Actions, an indented header on a console). */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** A logger that writes plain lines to stderr/stdout; `verbose` enables debug lines. */
export function consoleLogger(options: { verbose?: boolean; stream?: NodeJS.WritableStream } = {}): Logger {
  const out = options.stream ?? process.stderr;
  const write = (line: string) => out.write(`${line}\n`);
  return {
    debug: (m) => {
      if (options.verbose) write(`debug: ${m}`);
    },
    info: (m) => write(m),
    warning: (m) => write(`warning: ${m}`),
    error: (m) => write(`error: ${m}`),
    group: async (name, fn) => {
      write(`== ${name}`);
      return fn();
    },
  };
}

/** A logger that keeps every line in memory, for tests and for quiet in-process runs. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug: ${m}`),
    info: (m) => lines.push(m),
    warning: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    group: async (name, fn) => {
      lines.push(`== ${name}`);
      return fn();
    },
  };
}

/**
 * `inner` with every line (and group name) passed through `redactor` first: the one boundary every
 * log line crosses, so no caller has to remember to mask.
 */
export function redactingLogger(inner: Logger, redactor: Redactor): Logger {
  const clean = (m: string) => redactor.text(m);
  return {
    debug: (m) => inner.debug(clean(m)),
    info: (m) => inner.info(clean(m)),
    warning: (m) => inner.warning(clean(m)),
    error: (m) => inner.error(clean(m)),
    group: (name, fn) => inner.group(clean(name), fn),
  };
}
