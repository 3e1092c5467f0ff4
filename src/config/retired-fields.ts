/**
 * Config fields that existed once and were folded into others. An old config that still sets one
 * gets an error that says what to write instead (exit 2), rather than a bare "unknown field".
 */
import type { InputIssue } from '../core/errors.js';

const RETIRED: Readonly<Record<string, (value: unknown) => string>> = {
  'compare.on-inconclusive': (value) =>
    value === 'fail'
      ? 'write `fail-on: inconclusive` under `compare:` (or the action input `fail-on: inconclusive`) instead'
      : 'remove it: an inconclusive verdict passes with a warning under the default `fail-on: regression`; write `fail-on: inconclusive` to make it fail',
};

/** The issue for a retired field at `path` (dotted), or undefined when the field was never retired. */
export function retiredFieldIssue(path: string, value: unknown): InputIssue | undefined {
  const fix = RETIRED[path];
  if (!fix) return undefined;
  return {
    field: path,
    message: 'was retired: `compare.fail-on` is the one setting that decides what fails the check',
    fix: fix(value),
  };
}
