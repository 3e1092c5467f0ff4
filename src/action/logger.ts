/** The `Logger` seam backed by `@actions/core`: log lines, annotations and collapsible groups. */
import * as core from '@actions/core';
import type { Logger } from '../core/logger.js';

/** Annotations already emitted during the step (GitHub shows 10 per level and step). */
export interface EmittedAnnotations {
  errors: number;
  warnings: number;
}

/** The logger, counting the error and warning annotations it emits. */
export function actionsLogger(): Logger & { emitted: EmittedAnnotations } {
  const emitted: EmittedAnnotations = { errors: 0, warnings: 0 };
  return {
    emitted,
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    warning: (m) => {
      emitted.warnings++;
      core.warning(m);
    },
    error: (m) => {
      emitted.errors++;
      core.error(m);
    },
    group: (name, fn) => core.group(name, fn),
  };
}
