/**
 * Which stored results form the baseline of a run: the base branch's results for the same
 * scenario, the merge-base commit's result first, then the most recent ones before it, K in all.
 *
 * "Before it" means earlier in the base branch's history when the commit ancestry is known (a
 * `git rev-list` of the merge base), and earlier in time otherwise. Results recorded after the
 * merge base (later commits on the base branch that the pull request does not contain) are left
 * out when the ancestry or the merge-base result tells us which they are.
 */
export interface SelectionRequest {
  /** How many results form the history (K, `baseline.history`). */
  count: number;
  /** The merge-base commit (pull request) or the previous commit (push): its result comes first. */
  mergeBaseSha?: string | undefined;
  /** Commits reachable from the merge base, nearest first, when known (e.g. `git rev-list -n 500 <merge base>`). */
  ancestry?: readonly string[] | undefined;
  /** Only results recorded on this branch (the base branch); results without branch information are kept. */
  branch?: string | undefined;
}

export interface Selectable {
  runId: string;
  createdAt: string;
  sha?: string | undefined;
  branch?: string | undefined;
}

export interface Selection<T> {
  /** Merge-base result first (when found), then newest to oldest. */
  selected: T[];
  mergeBaseFound: boolean;
  notes: string[];
}

/** Selects the history as described in the file comment. */
export function selectHistory<T extends Selectable>(
  entries: readonly T[],
  request: SelectionRequest,
): Selection<T> {
  const notes: string[] = [];
  const onBranch = entries.filter((e) => !request.branch || !e.branch || e.branch === request.branch);
  const byTime = [...onBranch].sort(newestFirst);
  const mergeBase = request.mergeBaseSha;
  const anchor = mergeBase ? byTime.find((e) => sameCommit(e.sha, mergeBase)) : undefined;

  let earlier: T[];
  if (request.ancestry && request.ancestry.length > 0) {
    const distance = new Map<string, number>();
    request.ancestry.forEach((sha, i) => {
      if (!distance.has(sha.toLowerCase())) distance.set(sha.toLowerCase(), i);
    });
    const reachable = (e: T) => e.sha !== undefined && distanceOf(distance, e.sha) !== undefined;
    earlier = byTime
      .filter((e) => e !== anchor && reachable(e))
      .sort(
        (a, b) =>
          (distanceOf(distance, a.sha) ?? 0) - (distanceOf(distance, b.sha) ?? 0) || newestFirst(a, b),
      );
  } else if (anchor) {
    const anchorTime = Date.parse(anchor.createdAt);
    earlier = byTime.filter((e) => e !== anchor && Date.parse(e.createdAt) <= anchorTime);
  } else {
    earlier = byTime;
  }

  if (mergeBase && !anchor && onBranch.length > 0) {
    notes.push(
      `No stored result for the merge-base commit ${mergeBase.slice(0, 12)}; the baseline is the ${Math.min(request.count, earlier.length)} most recent ${request.ancestry?.length ? 'result(s) in its history' : 'stored result(s)'}.`,
    );
  }
  const selected = [...(anchor ? [anchor] : []), ...earlier].slice(0, Math.max(1, request.count));
  return { selected, mergeBaseFound: anchor !== undefined, notes };
}

function sameCommit(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  return Math.min(x.length, y.length) >= 7 && (x.startsWith(y) || y.startsWith(x));
}

function distanceOf(distance: Map<string, number>, sha: string | undefined): number | undefined {
  if (!sha) return undefined;
  const exact = distance.get(sha.toLowerCase());
  if (exact !== undefined) return exact;
  for (const [full, i] of distance) if (sameCommit(full, sha)) return i;
  return undefined;
}

function newestFirst(a: Selectable, b: Selectable): number {
  const byTime = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  return byTime !== 0 ? byTime : b.runId < a.runId ? -1 : b.runId > a.runId ? 1 : 0;
}
