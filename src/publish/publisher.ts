/**
 * Where the gate's report goes. The gate only renders through a `GatePublisher` (this file is the
 * seam it depends on; src/gate imports nothing else from src/publish): the action's publishes to
 * GitHub (files, artifact, S3, comment, job summary, outputs — `github-publisher.ts`), the CLI's and
 * the demo's write the output directory and the S3 copy when asked (`local-publisher.ts`), and
 * `files-only-publisher.ts` writes the files alone.
 */
import type { Config } from '../config/parse.js';
import type { PublishInput } from './publish-report.js';
import type { ResultDocument } from '../result/document.js';
import type { CreepReport } from '../trend/creep.js';

/** Where a judged run's report went. */
export interface PublishedReport {
  /** The output directory (absolute). */
  outputDir: string;
  /** `result.json` in it. */
  resultPath: string;
  /** `report.md` in it (the comment's full content). */
  reportPath: string;
  /** The PR comment, when one was posted or updated. */
  commentUrl?: string | undefined;
}

/** Where a shard's result went. */
export interface PublishedShard {
  outputDir: string;
  resultPath: string;
}

export interface GatePublisher {
  /** Publishes a judged run (result, verdict, history). */
  report(input: PublishInput, config: Config): Promise<PublishedReport>;
  /** Publishes one shard's result for the merge job (no verdict: the merge judges the whole run). */
  shard(result: ResultDocument, config: Config): Promise<PublishedShard>;
  /** Publishes the change points found after a default-branch push (`trend:`). Optional: absent = logged only. */
  trend?(report: CreepReport, config: Config): Promise<void>;
}

/** The trend report's title: `report.title`, else the scenario name, else the endpoint. */
export function trendTitle(config: Config): string {
  return config.report.title ?? config.scenario ?? config.endpoint.name ?? 'default branch';
}
