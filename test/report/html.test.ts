/**
 * report.html rendered in real headless Chromium: every chart must have drawn its series (the page
 * script counts the pixels of each series colour), and the page must load nothing from the network.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html/page.js';
import type { ReportInput } from '../../src/report/input.js';
import { capacityCase, firstRunCase, regressionCase, streamingCase } from './cases.js';

const run = promisify(execFile);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-gate-html-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Canvas {
  id: string;
  drawn: boolean;
  seriesPixels: number[];
}

/** Loads the page in headless Chromium and returns the DOM after its scripts ran. */
async function renderInChromium(
  name: string,
  input: ReportInput,
): Promise<{ dom: string; canvases: Canvas[] }> {
  const path = join(dir, `${name}.html`);
  await writeFile(path, renderHtmlReport(input));
  const profile = await mkdtemp(join(dir, 'profile-'));
  const { stdout } = await run(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      '--window-size=1200,900',
      '--dump-dom',
      pathToFileURL(path).href,
    ],
    { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const canvases = [...stdout.matchAll(/<canvas ([^>]*)>/g)].map((m) => {
    const attrs = m[1] ?? '';
    const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(attrs)?.[1];
    return {
      id: attr('id') ?? '',
      drawn: attr('data-drawn') === 'true',
      seriesPixels: (attr('data-series-pixels') ?? '').split(',').filter(Boolean).map(Number),
    };
  });
  return { dom: stdout, canvases };
}

describe('report.html in headless Chromium', () => {
  it('draws every chart with every series, baseline vs PR', async () => {
    const input = regressionCase();
    input.result.stages[1]!.stats.errorsByClass.model_error!.sampleMessage =
      '</script><script>document.body.dataset.pwned=1</script>';
    const { dom, canvases } = await renderInChromium('regression', input);
    const body = /<body[^>]*>/.exec(dom)?.[0] ?? '';
    expect(body).toBe('<body data-charts-drawn="7">');
    // Overview p95 + throughput + trend, then latency + throughput for each of the two stages.
    expect(canvases.map((c) => c.id)).toEqual([
      'overview-p95',
      'overview-throughput',
      'trend-p95',
      'stage-0-latency',
      'stage-0-throughput',
      'stage-1-latency',
      'stage-1-throughput',
    ]);
    for (const canvas of canvases) {
      expect(canvas.drawn, canvas.id).toBe(true);
      for (const pixels of canvas.seriesPixels) expect(pixels, canvas.id).toBeGreaterThan(100);
    }
    // Latency charts carry p50/p95/p99 for this run and for the baseline.
    expect(canvases.find((c) => c.id === 'stage-1-latency')!.seriesPixels).toHaveLength(6);
  });

  it('draws this run alone on a first run, and streaming reports too', async () => {
    const first = await renderInChromium('first-run', firstRunCase());
    expect(first.canvases.map((c) => c.id)).not.toContain('trend-p95');
    expect(first.canvases.find((c) => c.id === 'stage-0-latency')!.seriesPixels).toHaveLength(3);
    for (const canvas of first.canvases) expect(canvas.drawn, canvas.id).toBe(true);
    const streaming = await renderInChromium('streaming', streamingCase());
    for (const canvas of streaming.canvases) expect(canvas.drawn, canvas.id).toBe(true);
    expect(streaming.dom).toContain('Time to first token p95');
  });

  it('shows a capacity search as the comment does: the figure, the knee charts with the SLO line, the probe table', async () => {
    const { dom, canvases } = await renderInChromium('capacity', capacityCase());
    expect(dom).toContain('<h2>Capacity at SLO (p95 ≤ 500 ms)</h2>');
    expect(dom).toContain(
      '<strong>40 req/s</strong> — throughput 39.8 req/s, goodput 39.0 req/s, p95 482 ms at the limit, $9.64 per 1M requests.',
    );
    expect(dom).toContain('Capacity 40 req/s: the SLO held at 40 and broke at 42 req/s.');
    // The knee: p95 and the SLO line; throughput bars and the goodput line, each series drawn.
    const knee = canvases.filter((c) => c.id.startsWith('capacity-'));
    expect(knee.map((c) => c.id)).toEqual(['capacity-latency', 'capacity-throughput']);
    for (const canvas of knee) {
      expect(canvas.drawn, canvas.id).toBe(true);
      expect(canvas.seriesPixels, canvas.id).toHaveLength(2);
      for (const pixels of canvas.seriesPixels) expect(pixels, canvas.id).toBeGreaterThan(100);
    }
    expect(dom).toMatch(
      /<figcaption>p95 latency vs load \(req\/s\), the SLO as a dashed line \(ms\)<\/figcaption>/,
    );
    expect(dom).toContain('SLO 500 ms');
    // The probe table, in the order the probes ran, with the probe's sentence escaped.
    const table = dom.slice(dom.indexOf('<th class="r">#</th>'));
    expect([...table.slice(0, table.indexOf('</table>')).matchAll(/<tr>/g)]).toHaveLength(5);
    expect(dom).toContain('60 % of requests over 500 ms &lt;script&gt;@team&lt;/script&gt;');
    expect(dom).not.toContain('<script>@team');
  });

  it('is self-contained: a CSP forbids loads and nothing references a remote resource', () => {
    const html = renderHtmlReport(regressionCase());
    expect(html).toContain(`content="default-src 'none';`);
    expect(html).not.toMatch(/<(link|img|iframe)\b/);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/);
    const urls = [...html.matchAll(/https?:\/\/[^"'\s<)]+/g)].map((m) => m[0]);
    for (const url of urls) expect(html).toContain(`href="${url}"`);
  });
});
