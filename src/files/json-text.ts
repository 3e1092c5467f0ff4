/**
 * JSON parsing whose errors never quote the text: V8's messages include a snippet of the input
 * (`Unexpected token 'A', "AWS_SECRET=…" is not valid JSON`), which would put the content of a file
 * the config names — possibly secrets — into logs and reports. Only the position is kept.
 */

export type JsonParse = { ok: true; value: unknown } | { ok: false; problem: string };

/** Parses `text`; on failure, a description with the line and column but none of the text. */
export function parseJsonText(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: describeJsonError(error, text) };
  }
}

/** `not valid JSON at line 3, column 7` (or `… (unexpected end)`), from a JSON.parse error. */
export function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message);
  if (position?.[1] !== undefined) {
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `not valid JSON at line ${line}, column ${column}`;
  }
  if (/end of (JSON )?input/i.test(message) || text.trim() === '') return 'not valid JSON (unexpected end)';
  return 'not valid JSON';
}
