/**
 * Where the gate's report goes. The gate only renders through a `GatePublisher`: the action's
 * publishes to GitHub (files, artifact, S3, comment, job summary, outputs), the CLI's and the demo's
 * write the output directory only.
 */
import { dirname } from 'node:path';
import type { Config } from '../config/parse.js';
import { writeReportFiles, writeResultFile, type FileWriter } from '../output/write-report-files.js';
import type { PublishInput } from '../publish/publish-report.js';
import type { ResultDocument } from '../result/document.js';
import type { CreepReport } from '../trend/creep.js';
import { writeTrendFiles } from '../output/write-trend-files.js';

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

/** Writes the report files to `report.output-dir` and nothing else (the CLI, the demo). */
export function filesOnlyPublisher(fileWriter?: FileWriter): GatePublisher {
  return {
    async report(input, config) {
      const written = await writeReportFiles(
        config.report.outputDir,
        { ...input, title: config.report.title },
        fileWriter,
      );
      return { outputDir: written.dir, resultPath: written.paths.result, reportPath: written.paths.markdown };
    },
    async shard(result, config) {
      const resultPath = await writeResultFile(config.report.outputDir, result, fileWriter);
      return { outputDir: dirname(resultPath), resultPath };
    },
    async trend(report, config) {
      await writeTrendFiles(config.report.outputDir, report.analysis, trendTitle(config));
    },
  };
}

/** The trend report's title: `report.title`, else the scenario name, else the endpoint. */
export function trendTitle(config: Config): string {
  return config.report.title ?? config.scenario ?? config.endpoint.name ?? 'default branch';
}
