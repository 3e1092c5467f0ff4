import { describe, expect, it } from 'vitest';
import { selectHistory } from '../../src/baseline/selection.js';

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString();
const entry = (runId: string, minute: number, sha: string, branch = 'main') => ({
  runId,
  createdAt: at(minute),
  sha,
  branch,
});

// Base-branch history: c1 → c2 → c3 (merge base) → c4 → c5; c3 was re-run once.
const entries = [
  entry('r1', 1, 'c1'.repeat(20)),
  entry('r2', 2, 'c2'.repeat(20)),
  entry('r3', 3, 'c3'.repeat(20)),
  entry('r3-rerun', 4, 'c3'.repeat(20)),
  entry('r4', 5, 'c4'.repeat(20)),
  entry('r5', 6, 'c5'.repeat(20)),
  entry('feature', 7, 'f0'.repeat(20), 'feature'),
];

describe('history selection', () => {
  it('takes the merge-base result first (newest if re-run), then the most recent before it', () => {
    const s = selectHistory(entries, { count: 3, mergeBaseSha: 'c3'.repeat(20), branch: 'main' });
    expect(s.mergeBaseFound).toBe(true);
    expect(s.selected.map((e) => e.runId)).toEqual(['r3-rerun', 'r3', 'r2']);
    expect(s.notes).toEqual([]);
  });

  it('accepts an abbreviated merge-base sha', () => {
    const s = selectHistory(entries, { count: 2, mergeBaseSha: 'c3c3c3c', branch: 'main' });
    expect(s.selected.map((e) => e.runId)).toEqual(['r3-rerun', 'r3']);
  });

  it('follows the commit ancestry when known, even against creation times', () => {
    // r2 was recorded late (a re-run of an old commit) but is an ancestor; r4/r5 are not.
    const late = [...entries, entry('r2-late', 9, 'c2'.repeat(20))];
    const ancestry = ['c3', 'c2', 'c1'].map((c) => c.repeat(20));
    const s = selectHistory(late, { count: 4, mergeBaseSha: 'c3'.repeat(20), ancestry, branch: 'main' });
    expect(s.selected.map((e) => e.runId)).toEqual(['r3-rerun', 'r3', 'r2-late', 'r2']);
  });

  it('without a merge-base result, says so and uses the most recent results', () => {
    const s = selectHistory(entries, { count: 2, mergeBaseSha: 'dd'.repeat(20), branch: 'main' });
    expect(s.mergeBaseFound).toBe(false);
    expect(s.selected.map((e) => e.runId)).toEqual(['r5', 'r4']);
    expect(s.notes[0]).toMatch(/No stored result for the merge-base commit dddddddddddd/);
  });

  it('only uses results of the base branch', () => {
    const s = selectHistory(entries, { count: 10, branch: 'main' });
    expect(s.selected.map((e) => e.runId)).not.toContain('feature');
    expect(s.selected).toHaveLength(6);
  });
});
