/**
 * A publisher that writes the output directory and nothing else: no S3, no GitHub. The gate's tests
 * use it; the CLI and the demo use `local-publisher.ts` (which adds `report.upload-s3-uri`).
 */
import { dirname } from 'node:path';
import { trendTitle, type GatePublisher } from './publisher.js';
import { writeReportFiles, writeResultFile, type FileWriter } from './report-files.js';
import { writeTrendFiles } from './trend-files.js';

/** Writes the report files (and the trend report) to `report.output-dir`, and nothing else. */
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
