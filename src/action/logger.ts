/** The `Logger` seam backed by `@actions/core`: log lines, annotations and collapsible groups. */
import * as core from '@actions/core';
import type { Logger } from '../core/logger.js';

export function actionsLogger(): Logger {
  return {
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
    error: (m) => core.error(m),
    group: (name, fn) => core.group(name, fn),
  };
}
