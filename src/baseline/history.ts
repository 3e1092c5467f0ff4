/** What a baseline store hands to the comparison: the selected earlier results of one scenario. */
import type { ResultDocument } from '../result/document.js';

export interface History {
  /** The scenario key the results were selected for (the current run's key). */
  scenarioKey: string;
  /** The selected results: the merge-base commit's result first (when found), then newest to oldest. */
  runs: ResultDocument[];
  /** The merge-base commit's own result is `runs[0]`. */
  mergeBaseFound: boolean;
  /** What the reader should know about the selection (e.g. stored results of another scenario, no merge-base result). */
  notes: string[];
}

/** An empty history: nothing stored yet for this scenario. */
export function emptyHistory(scenarioKey: string, notes: string[] = []): History {
  return { scenarioKey, runs: [], mergeBaseFound: false, notes };
}
