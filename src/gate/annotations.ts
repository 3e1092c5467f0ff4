/**
 * Annotations for a verdict: one per regressed metric and per breached SLO (errors), one per
 * inconclusive gated metric (warnings). Pure; the action turns them into `core.error` /
 * `core.warning` with a title, the CLI prints them.
 */
import { metricSpec } from '../compare/metric-spec.js';
import { formatChange, formatValue } from '../compare/reason-text.js';
import type { MetricComparison, SloCheck, Verdict } from '../compare/verdict.js';

export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
}

/** Every annotation the verdict deserves, errors first. */
export function verdictAnnotations(verdict: Verdict): Annotation[] {
  const errors: Annotation[] = [];
  const warnings: Annotation[] = [];
  for (const stage of verdict.stages) {
    for (const m of stage.metrics) {
      if (!m.gated) continue;
      if (m.state === 'regression')
        errors.push({
          level: 'error',
          title: `${m.metric} regression at stage ${stage.stage}`,
          message: `${figures(m)}: ${m.reason}`,
        });
      else if (m.state === 'inconclusive')
        warnings.push({
          level: 'warning',
          title: `${m.metric} inconclusive at stage ${stage.stage}`,
          message: `${figures(m)}: ${m.reason}${m.advice ? `. To tighten: ${m.advice}` : ''}`,
        });
    }
  }
  for (const slo of verdict.slos.filter((s) => !s.passed)) errors.push(sloAnnotation(slo));
  return [...errors, ...warnings];
}

/** `p95 41.0 ms → 60.2 ms (+46.8 %)`, or the current value alone on a first run. */
function figures(m: MetricComparison): string {
  const spec = metricSpec(m.metric);
  const current = formatValue(spec, m.current);
  if (m.baseline === null || m.delta === null) return `${m.metric} ${current}`;
  return `${m.metric} ${formatValue(spec, m.baseline)} → ${current} (${formatChange(spec, m.delta)})`;
}

function sloAnnotation(slo: SloCheck): Annotation {
  const unit = slo.metric === 'error-rate' ? 'fraction' : slo.metric === 'min-throughput' ? 'rps' : 'ms';
  const value = (n: number) => formatValue({ unit }, n);
  const comparison = slo.metric === 'min-throughput' ? 'below the minimum' : 'above the limit';
  return {
    level: 'error',
    title: `SLO breached: ${slo.metric} (${slo.scope})`,
    message: `${slo.metric} is ${value(slo.actual)}, ${comparison} of ${value(slo.limit)} (${slo.scope === 'overall' ? 'all stages' : `stage ${slo.scope}`}).`,
  };
}
