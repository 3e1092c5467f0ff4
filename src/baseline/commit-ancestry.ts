/**
 * What the history selection needs to know about commits, from the repository checkout: the merge
 * base of a pull request and the base branch's commits before it. Shallow checkouts may not have
 * them; then the selection falls back to creation times (and says so).
 */
import type { GitRunner } from './git/git-cli.js';
import type { SelectionRequest } from './selection.js';

/** How far back the ancestry is read; older results are not selected anyway (K ≤ 100). */
const ANCESTRY_DEPTH = 1000;

export interface SelectionInputs {
  /** Results to select (`baseline.history`). */
  count: number;
  /** The base branch (pull request) or the pushed branch. */
  baseBranch?: string | undefined;
  /** Pull request: the base commit; push: the commit before the push. */
  baseSha?: string | undefined;
  /** Pull request: the head commit (the merge base is computed from both). */
  headSha?: string | undefined;
}

/**
 * The selection request for a run: merge base (or the base commit itself when the merge base
 * cannot be computed) and its ancestry, when the checkout has them.
 */
export async function resolveSelection(git: GitRunner, inputs: SelectionInputs): Promise<SelectionRequest> {
  const baseSha = commitId(inputs.baseSha);
  const headSha = commitId(inputs.headSha);
  let mergeBaseSha = baseSha;
  if (baseSha && headSha) {
    const outcome = await git.tryRun(['merge-base', '--end-of-options', baseSha, headSha]);
    if (outcome.code === 0 && outcome.stdout.trim()) mergeBaseSha = outcome.stdout.trim();
  }
  let ancestry: string[] | undefined;
  if (mergeBaseSha) {
    const outcome = await git.tryRun([
      'rev-list',
      `--max-count=${ANCESTRY_DEPTH}`,
      '--end-of-options',
      mergeBaseSha,
    ]);
    if (outcome.code === 0) ancestry = outcome.stdout.split('\n').filter(Boolean);
    // One commit in a shallow checkout says nothing about order: fall back to times.
    if (ancestry && ancestry.length < 2) ancestry = undefined;
  }
  return { count: inputs.count, mergeBaseSha, ancestry, branch: inputs.baseBranch };
}

/** A full or abbreviated hexadecimal commit id as given, else undefined (never an option or a ref expression). */
function commitId(value: string | undefined): string | undefined {
  return value !== undefined && /^[0-9a-f]{7,64}$/i.test(value) ? value : undefined;
}
