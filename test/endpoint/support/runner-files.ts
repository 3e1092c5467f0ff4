/**
 * What the GitHub Actions runner does with a step's file commands (`GITHUB_STATE`, `GITHUB_OUTPUT`):
 * each line is `NAME=VALUE` or a heredoc `NAME<<DELIMITER` … `DELIMITER`; the last value of a name
 * wins. The runner then hands saved state to the post step as `STATE_<NAME>` environment variables.
 */
import { readFileSync } from 'node:fs';

/** Parses a file-command file exactly as the runner does (empty lines skipped, heredocs unwrapped). */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      values[line.slice(0, equals)] = line.slice(equals + 1);
    } else if (heredoc >= 0 && (equals < 0 || heredoc < equals)) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i] ?? '');
      if (i >= lines.length) throw new Error(`Matching delimiter not found '${delimiter}'`);
      values[name] = body.join('\n');
    } else {
      throw new Error(`Invalid format '${line}'`);
    }
  }
  return values;
}

/** The `STATE_*` environment the runner gives the post step, from main's `GITHUB_STATE` file. */
export function postStepStateEnv(stateFile: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseFileCommands(readFileSync(stateFile, 'utf8'))))
    env[`STATE_${name}`] = value;
  return env;
}
