/** The comment's first lines: the verdict with its deciding number, what was tested, and notes. */
import type { Verdict, VerdictState } from '../../compare/verdict.js';
import { formatCount } from '../format.js';
import { reportTitle, type ReportInput } from '../input.js';
import { escapeFragment, escapeInline, escapeWithCodeSpans, inlineCode } from './escape.js';

/** The mark shown for each state, everywhere in the reports. */
export const STATE_MARK: Readonly<Record<VerdictState, string>> = {
  pass: '✅',
  regression: '❌',
  inconclusive: '⚠️',
  improvement: '🚀',
  broken: '🛑',
};

/** Mark and words for the overall verdict (an SLO breach fails a run whose comparison passed). */
export function verdictLabel(verdict: Verdict): { mark: string; label: string } {
  const sloBreached = verdict.slos.some((s) => !s.passed);
  if (verdict.state === 'broken') return { mark: STATE_MARK.broken, label: 'Broken run' };
  if (verdict.state === 'regression') return { mark: STATE_MARK.regression, label: 'Regression' };
  if (sloBreached) return { mark: STATE_MARK.regression, label: 'SLO breached' };
  if (verdict.state === 'inconclusive')
    return {
      mark: STATE_MARK.inconclusive,
      label: verdict.failed ? 'Inconclusive (fails the check)' : 'Inconclusive',
    };
  if (verdict.baseline.firstRun) return { mark: STATE_MARK.pass, label: 'No baseline yet' };
  if (verdict.state === 'improvement') return { mark: STATE_MARK.improvement, label: 'Improvement' };
  return { mark: STATE_MARK.pass, label: 'Pass' };
}

/** Line 1: `## ❌ Regression — p95 +23.4 % at stage peak (tolerance 10 %)`. */
export function renderHeadline(input: ReportInput): string {
  const { mark, label } = verdictLabel(input.verdict);
  // The headline quotes stage names and endpoint error samples: escaped, code spans kept.
  const headline = escapeWithCodeSpans(verdictSentence(input.verdict), 300);
  return `## ${mark} ${label}${headline ? ` — ${headline}` : ''}`;
}

/** One piece of the context line: plain text, an identifier, or the emphasized title. */
export interface ContextPart {
  text: string;
  code?: boolean;
  strong?: boolean;
}

/**
 * The verdict's headline without a leading state word the label already shows
 * ("inconclusive: p95 at stage peak: …" → "p95 at stage peak: …").
 */
export function verdictSentence(verdict: Verdict): string {
  return verdict.headline
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(broken run|regression|slo breached|inconclusive|improvement|pass):\s*/i, '');
}

/** What was tested, against what, as data (shared by the markdown and HTML reports). */
export function contextParts(input: ReportInput): ContextPart[] {
  const { result, verdict } = input;
  const { target } = result;
  const parts: ContextPart[] = [
    { text: reportTitle(input), strong: true },
    { text: 'scenario ' },
    { text: result.scenario.key, code: true },
    { text: ' · endpoint ' },
    { text: target.endpointName, code: true },
  ];
  if (target.deployed) parts.push({ text: ' (candidate deployed for this run)' });
  if (target.instanceType)
    parts.push(
      { text: ' · ' },
      { text: target.instanceType, code: true },
      { text: ` × ${target.instanceCount ?? '?'}` },
    );
  parts.push({ text: ` · ${target.region}` });
  if (result.source.sha)
    parts.push({ text: ' · commit ' }, { text: result.source.sha.slice(0, 7), code: true });
  parts.push({ text: ` · ${baselineDescription(verdict)}` });
  return parts;
}

/** What was tested, against what. */
export function renderContextLine(input: ReportInput): string {
  const [title, ...rest] = contextParts(input);
  const render = (p: ContextPart) => (p.code ? inlineCode(p.text) : escapeFragment(p.text, 200));
  return `**${escapeInline(title?.text ?? '', 100)}** · ${rest.map(render).join('')}`;
}

function baselineDescription(verdict: Verdict): string {
  const { baseline } = verdict;
  if (baseline.firstRun)
    return 'no baseline yet: this result becomes one when it lands on the default branch';
  if (baseline.mode === 'paired') return 'baseline: paired blocks against the baseline endpoint';
  const runs = `${formatCount(baseline.runs.length)} default-branch run${baseline.runs.length === 1 ? '' : 's'}`;
  return `baseline: ${runs}${baseline.mergeBaseFound ? ' (merge-base included)' : ' (merge-base result not found)'}`;
}

/** Verdict notes, client-health warnings and publisher notices, as GitHub alert blocks. */
export function renderNotes(input: ReportInput): string {
  const blocks: string[] = [];
  const health = input.result.clientHealth;
  if (health.saturated) {
    const warnings = health.warnings.length > 0 ? health.warnings : ['the load generator was saturated'];
    blocks.push(
      alert('WARNING', [
        'The load generator was saturated, so latencies include its own queueing:',
        ...warnings.map((w) => `- ${escapeInline(w)}`),
      ]),
    );
  }
  if (input.verdict.notes.length > 0)
    blocks.push(
      alert(
        'NOTE',
        input.verdict.notes.map((n) => `- ${escapeInline(n, 500)}`),
      ),
    );
  if (input.notices && input.notices.length > 0)
    blocks.push(
      alert(
        'IMPORTANT',
        input.notices.map((n) => `- ${escapeInline(n, 500)}`),
      ),
    );
  return blocks.join('\n\n');
}

function alert(kind: 'NOTE' | 'WARNING' | 'IMPORTANT', lines: readonly string[]): string {
  return [`> [!${kind}]`, ...lines.map((l) => `> ${l}`)].join('\n');
}
