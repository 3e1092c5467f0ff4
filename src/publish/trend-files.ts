/** Writes the trend report (trend.md, trend.html) into an output directory; rendering is pure (src/report). */
import { join, resolve } from 'node:path';
import { attempt } from '../core/errors.js';
import { renderTrendHtml } from '../report/html/trend-page.js';
import { renderTrendMarkdown } from '../report/markdown/trend-report.js';
import type { TrendAnalysis } from '../trend/change-points.js';
import { nodeFileWriter, type FileWriter } from './report-files.js';

export interface WrittenTrend {
  markdownPath: string;
  htmlPath: string;
  markdown: string;
}

/** Renders and writes trend.md and trend.html into `dir` (created if missing). */
export async function writeTrendFiles(
  dir: string,
  analysis: TrendAnalysis,
  title: string,
  fs: FileWriter = nodeFileWriter,
): Promise<WrittenTrend> {
  const absolute = resolve(dir);
  const markdown = renderTrendMarkdown(analysis, title);
  const markdownPath = join(absolute, 'trend.md');
  const htmlPath = join(absolute, 'trend.html');
  await attempt(`create the output directory ${absolute}`, () => fs.mkdir(absolute, { recursive: true }));
  await attempt(`write ${markdownPath}`, () => fs.writeFile(markdownPath, markdown));
  await attempt(`write ${htmlPath}`, () => fs.writeFile(htmlPath, renderTrendHtml(analysis, title)));
  return { markdownPath, htmlPath, markdown };
}
