/**
 * Optional response checks (`request.expect`): status, a non-empty body, JSON path equals /
 * contains / non-empty. A mismatch is a failure of its own class (`expectation_failed`), so a
 * model that answers 200 with garbage is not counted as a success.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ResponseExpectation } from '../../config/request-schema.js';
import { parseJsonPath, valueAtPath, type PathStep } from './json-path.js';

export interface ResponseChecker {
  /** Whether the checks need the response body (so invokers only keep it when they must). */
  readonly needsBody: boolean;
  /** A description of the first failed check, or undefined when the response passes. */
  check(statusCode: number, body: Uint8Array | undefined, tokenEvents?: number): string | undefined;
}

interface CompiledCheck {
  readonly path: string;
  readonly steps: PathStep[];
  readonly equals: unknown;
  readonly hasEquals: boolean;
  readonly contains: string | undefined;
  readonly nonEmpty: boolean | undefined;
}

/** Compiles the checks once (JSON paths parsed up front so bad paths fail before the run). */
export function compileExpectation(expect: ResponseExpectation | undefined): ResponseChecker {
  if (!expect) return { needsBody: false, check: () => undefined };
  const checks: CompiledCheck[] = expect.json.map((c) => ({
    path: c.path,
    steps: parseJsonPath(c.path),
    equals: c.equals,
    hasEquals: c.equals !== undefined,
    contains: c.contains,
    nonEmpty: c.nonEmpty,
  }));
  return {
    needsBody: expect.nonEmpty || checks.length > 0,
    check(statusCode, body, tokenEvents) {
      if (statusCode !== expect.status) return `expected HTTP ${expect.status}, got ${statusCode}`;
      const streamed = tokenEvents !== undefined;
      if (expect.nonEmpty && (streamed ? tokenEvents === 0 : (body?.byteLength ?? 0) === 0)) {
        return streamed ? 'expected at least one token, the stream had none' : 'expected a non-empty body';
      }
      if (checks.length === 0 || streamed) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(body ?? new Uint8Array()).toString('utf8'));
      } catch {
        return 'expected a JSON body';
      }
      for (const c of checks) {
        const failure = checkOne(c, valueAtPath(parsed, c.steps));
        if (failure) return failure;
      }
      return undefined;
    },
  };
}

function checkOne(c: CompiledCheck, value: unknown): string | undefined {
  if (c.hasEquals && !isDeepStrictEqual(value, c.equals)) {
    return `${c.path}: expected ${JSON.stringify(c.equals)}, got ${describe(value)}`;
  }
  if (c.contains !== undefined) {
    const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
    if (!text.includes(c.contains))
      return `${c.path}: expected it to contain "${c.contains}", got ${describe(value)}`;
  }
  if (c.nonEmpty && isEmpty(value)) return `${c.path}: expected a non-empty value, got ${describe(value)}`;
  return undefined;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
