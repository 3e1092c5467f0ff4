/**
 * Reading stored result documents. Anything that is not a valid result document of this tool —
 * unreadable JSON, another tool's file, a newer schema version, a broken field — is a clear error
 * that names the file, says what is wrong and how to fix it. Stores never overwrite such a file.
 */
import { UserInputError } from '../core/errors.js';
import { parseJsonText } from '../files/json-text.js';
import {
  RESULT_SCHEMA_ID,
  RESULT_SCHEMA_VERSION,
  resultDocumentSchema,
  type ResultDocument,
} from '../result/document.js';

/**
 * Parses and validates a result document.
 * @param source where it came from, as the user would find it (a path, or `branch:path` for the git store)
 */
export function parseResultDocument(text: string, source: string): ResultDocument {
  const parsedJson = parseJsonText(text);
  // The message keeps only the position: the file may hold anything (never quoted, no cause).
  if (!parsedJson.ok) throw corrupt(source, `is ${parsedJson.problem}`);
  const raw = parsedJson.value;
  const header = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  if (header.schema !== RESULT_SCHEMA_ID) {
    throw corrupt(
      source,
      `is not a sagemaker-perf-gate result document (expected "schema": "${RESULT_SCHEMA_ID}", got ${describe(header.schema)})`,
    );
  }
  if (header.version !== RESULT_SCHEMA_VERSION) {
    const newer = typeof header.version === 'number' && header.version > RESULT_SCHEMA_VERSION;
    throw new UserInputError({
      field: source,
      message: `has result schema version ${describe(header.version)}, this build reads version ${RESULT_SCHEMA_VERSION}`,
      fix: newer ? 'upgrade sagemaker-perf-gate' : 'remove the file or re-run to record a new result',
    });
  }
  const parsed = resultDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.map(String).join('.') : '';
    throw corrupt(
      source,
      `is a damaged result document (${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'})`,
      parsed.error,
    );
  }
  return parsed.data;
}

function corrupt(source: string, message: string, cause?: unknown): UserInputError {
  return new UserInputError(
    { field: source, message, fix: 'remove or replace the file; it is never overwritten automatically' },
    cause === undefined ? undefined : { cause },
  );
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  // Identifier-shaped values only: anything else in the file is never quoted.
  if (typeof value === 'number' || (typeof value === 'string' && /^[A-Za-z0-9._/-]{1,40}$/.test(value)))
    return JSON.stringify(value);
  return `a ${value === null ? 'null' : typeof value} that is not shown`;
}
