/**
 * Where the gate's own log goes during the demo: every line (deploy status, progress, the verdict's
 * reasoning, baseline notes) into `demo.log` in the output directory, and, with `--verbose`, to the
 * console logger as well. The demo's console shows its own short lines instead.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Logger } from '../core/logger.js';

export interface GateLog extends Logger {
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** A logger appending to `path`, also forwarding to `echo` when given. */
export function gateLog(path: string, echo?: Logger): GateLog {
  const stream: WriteStream = createWriteStream(path, { flags: 'w' });
  const write = (line: string) => {
    stream.write(`${new Date().toISOString()} ${line}\n`);
  };
  return {
    debug: (m) => {
      write(`debug: ${m}`);
      echo?.debug(m);
    },
    info: (m) => {
      write(m);
      echo?.info(m);
    },
    warning: (m) => {
      write(`warning: ${m}`);
      echo?.warning(m);
    },
    error: (m) => {
      write(`error: ${m}`);
      echo?.error(m);
    },
    group: async (name, fn) => {
      write(`== ${name}`);
      return echo ? echo.group(name, fn) : fn();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
      }),
  };
}
