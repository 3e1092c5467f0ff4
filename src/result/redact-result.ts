/**
 * The result document as it may leave the process: every string through the run's redactor, and
 * every endpoint-supplied error sample stripped of control characters, masked and cut. Applied to the
 * measured result before it is judged, published or stored, and to every stored result read back
 * (older versions stored samples unredacted).
 */
import { sanitizeEndpointText, type Redactor } from '../core/redact.js';
import type { ResultDocument, StageStats } from './document.js';

/** `result` with secrets masked and endpoint text sanitized (a new document; the input is unchanged). */
export function redactResult(result: ResultDocument, redactor: Redactor): ResultDocument {
  const masked = redactor.value(result);
  return {
    ...masked,
    stages: masked.stages.map((stage) => ({ ...stage, stats: sanitizeStats(stage.stats, redactor) })),
    overall: sanitizeStats(masked.overall, redactor),
  };
}

function sanitizeStats(stats: StageStats, redactor: Redactor): StageStats {
  const errorsByClass: StageStats['errorsByClass'] = {};
  for (const [name, summary] of Object.entries(stats.errorsByClass) as [
    keyof StageStats['errorsByClass'],
    NonNullable<StageStats['errorsByClass'][keyof StageStats['errorsByClass']]>,
  ][])
    errorsByClass[name] = {
      ...summary,
      sampleMessage: sanitizeEndpointText(summary.sampleMessage, redactor),
    };
  return { ...stats, errorsByClass };
}
