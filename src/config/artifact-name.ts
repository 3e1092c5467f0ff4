/**
 * GitHub's rules for artifact names, checked when the config is parsed (exit 2, before any load
 * runs) instead of by the upload at the very end. The characters are the ones
 * `@actions/artifact` refuses (its `validateArtifactName`): the upload would fail with a warning
 * after the whole run, and the report would be lost.
 */
import { z } from 'zod';

/** Characters GitHub does not accept in an artifact name, with how to show them. */
const FORBIDDEN: readonly [string, string][] = [
  ['"', 'double quote "'],
  [':', 'colon :'],
  ['<', 'less than <'],
  ['>', 'greater than >'],
  ['|', 'vertical bar |'],
  ['*', 'asterisk *'],
  ['?', 'question mark ?'],
  ['\r', 'carriage return \\r'],
  ['\n', 'line feed \\n'],
  ['\\', 'backslash \\'],
  ['/', 'forward slash /'],
];

/** Why `name` is not a valid artifact name, or undefined when it is. */
function artifactNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'must not be empty';
  const found = FORBIDDEN.filter(([c]) => name.includes(c)).map(([, label]) => label);
  if (found.length === 0) return undefined;
  return `"${name}" contains ${found.join(', ')}, which GitHub does not allow in artifact names (also not allowed: ${FORBIDDEN.map(([, l]) => l.split(' ').at(-1)).join(' ')})`;
}

/** `report.artifact-name`: a name GitHub accepts. */
export const artifactNameField = z.string().superRefine((name, ctx) => {
  const problem = artifactNameProblem(name);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});
