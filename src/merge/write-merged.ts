/** Writes a merged result document where `compare`, `report` and the baseline stores read results. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { attempt } from '../core/errors.js';
import type { ResultDocument } from '../result/document.js';
import { RESULT_FILE_NAME } from './read-shards.js';

/** Writes `<outDir>/result.json` and returns its path. */
export async function writeMergedResult(document: ResultDocument, outDir: string): Promise<string> {
  const path = join(outDir, RESULT_FILE_NAME);
  await attempt(`write the merged result to ${path}`, async () => {
    await mkdir(outDir, { recursive: true });
    await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
  });
  return path;
}

/** A few lines for the console: per stage, requests, throughput and p95 of the merged run. */
export function describeMerged(document: ResultDocument): string[] {
  if (document.comparison) return describeComparison(document);
  const lines = [
    `Merged ${document.shards?.length ?? 0} shard(s) of scenario ${document.scenario.key} into run ${document.runId}`,
  ];
  for (const stage of document.stages) {
    const s = stage.stats;
    lines.push(
      `  ${stage.name}: target ${round(stage.target)}, ${s.requests} requests, ${round(s.throughputRps)} req/s, p95 ${s.latency.p95Ms} ms, errors ${s.errors}`,
    );
  }
  if (document.clientHealth.saturated) lines.push('  client saturated: the result is not trustworthy');
  return lines;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The merged legs of an instance comparison: one line per type, the recommended one marked. */
function describeComparison(document: ResultDocument): string[] {
  const rows = document.comparison ?? [];
  return [
    `Merged ${rows.length} instance type leg(s) of scenario ${document.scenario.key} into comparison ${document.runId}`,
    ...rows.map(
      (r) =>
        `  ${r.instanceType}: capacity ${r.limit ?? 'none'} ${r.unit}, ${r.throughputRps === null ? '–' : round(r.throughputRps)} req/s, ` +
        `$${r.costPerMillionRequestsUsd === null ? '–' : round(r.costPerMillionRequestsUsd)} per 1M requests${r.recommended ? ' (recommended)' : ''}`,
    ),
  ];
}
