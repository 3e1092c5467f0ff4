/**
 * The small JSON path subset response checks use: `$`, `.name`, `['name']` / `["name"]`, `[index]`
 * (negative counts from the end). Enough to point at a field; no filters or wildcards.
 */

export type PathStep = string | number;

/** Parses `$.predictions[0]['label']`; throws with the position of the problem. */
export function parseJsonPath(path: string): PathStep[] {
  if (!path.startsWith('$')) throw new Error(`JSON path "${path}" must start with "$"`);
  const steps: PathStep[] = [];
  const pattern = /\.([A-Za-z_$][\w$-]*)|\[(-?\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const at = pattern.lastIndex;
    const match = pattern.exec(path);
    if (!match)
      throw new Error(`JSON path "${path}" is not supported at position ${at} ("${path.slice(at)}")`);
    if (match[1] !== undefined) steps.push(match[1]);
    else if (match[2] !== undefined) steps.push(Number(match[2]));
    else steps.push((match[3] ?? match[4] ?? '').replace(/\\(.)/g, '$1'));
  }
  return steps;
}

/** The value at a parsed path, or `undefined` when it does not exist. */
export function valueAtPath(root: unknown, steps: readonly PathStep[]): unknown {
  let current = root;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step < 0 ? current.length + step : step];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
      if (!Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}
