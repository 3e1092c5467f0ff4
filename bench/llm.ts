/**
 * `npm run bench:llm`: what reading an LLM token stream costs the load generator, next to a bare
 * undici client reading the very same bytes in the same run. A child process serves one prebuilt
 * InvokeEndpointWithResponseStream body (OpenAI chat chunks, one token per PayloadPart, usage chunk,
 * [DONE]) as fast as the socket takes it, so this process's CPU time is the client's alone.
 *
 * Prints one JSON line:
 * - `invokerCpuUsPerToken`: the fast invoker (SigV4, event-stream framing with CRC checks, SSE/JSON
 *   parsing, token timing) plus recording into the stage's HDR histograms, CPU µs per output token;
 * - `undiciCpuUsPerToken`: a bare undici request that only reads the bytes (the floor);
 * - `parseRecordTokensPerSec`: framing + parsing + recording with no socket at all — the most tokens
 *   per second one core can parse and record (goal ≥ 200,000).
 */
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { systemClock } from '../src/core/clock.js';
import { chatStreamEnd, chatTokenChunk } from '../src/emulator/model/chat-chunks.js';
import { payloadPartFrame } from '../src/emulator/runtime/event-stream.js';
import { createInvoker } from '../src/load/invoke/create-invoker.js';
import { EventStreamFramer } from '../src/load/invoke/event-stream-frames.js';
import type { Outcome } from '../src/load/invoke/outcome.js';
import { StreamObserver } from '../src/load/invoke/stream-observer.js';
import { StageRecorder } from '../src/metrics/stage-recorder.js';
import { invocationSpec } from '../test/load/harness.js';

const TOKENS = 2000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const PARSE_ROUNDS = Number(process.env.BENCH_PARSE_ROUNDS ?? 60);

function streamBody(): Buffer {
  const ctx = { modelName: 'bench', requestId: 'r', createdSec: 1767225600 };
  const frames: Uint8Array[] = [];
  for (let i = 0; i < TOKENS; i++)
    frames.push(payloadPartFrame(Buffer.from(chatTokenChunk('sse', ctx, i, `tok${i % 97} `, null))));
  const end = chatStreamEnd('sse', ctx, { promptTokens: 10, completionTokens: TOKENS });
  frames.push(payloadPartFrame(Buffer.from(end)));
  return Buffer.concat(frames);
}

const SERVER = `
const { createServer } = require('node:http');
const body = require('node:fs').readFileSync(process.argv[1]);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-sagemaker-content-type': 'text/event-stream' });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startServer(body: Buffer): Promise<{ url: string; stop(): void }> {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-llm-')), 'stream.bin');
  writeFileSync(file, body);
  const child = spawn(process.execPath, ['-e', SERVER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

async function invokerCost(url: string): Promise<{ cpuUsPerToken: number; tokens: number }> {
  const invoker = createInvoker(
    'fast',
    invocationSpec(url, 'bench', {
      stream: true,
      streamFormat: 'openai',
      llmFormat: 'openai-chat',
      timeoutMs: 30_000,
    }),
    {
      monotonicUs: systemClock.monotonicUs,
      nowMs: systemClock.nowMs,
      credentials: () => ({ accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' }),
      maxConnections: 1,
    },
  );
  const body = { bytes: Buffer.from('{"messages":[]}'), sha256Hex: '0'.repeat(64), targetModel: undefined };
  const recorder = new StageRecorder(systemClock.monotonicUs());
  await invoker.invoke(body); // warm-up
  let tokens = 0;
  const before = cpuUs();
  for (let i = 0; i < REQUESTS; i++) {
    const startUs = systemClock.monotonicUs();
    recorder.started(startUs, startUs, body.bytes.byteLength);
    const outcome: Outcome = await invoker.invoke(body);
    recorder.completed(startUs, startUs, outcome, Date.now());
    tokens += outcome.stream?.outputTokens ?? 0;
  }
  const spent = cpuUs() - before;
  await invoker.close();
  if (tokens !== REQUESTS * TOKENS)
    throw new Error(`invoker counted ${tokens} tokens, expected ${REQUESTS * TOKENS}`);
  return { cpuUsPerToken: spent / tokens, tokens };
}

async function undiciCost(url: string): Promise<number> {
  const pool = new Pool(url, { connections: 1 });
  const read = async () => {
    const res = await pool.request({ path: '/', method: 'POST', body: '{"messages":[]}' });
    for await (const chunk of res.body) void chunk;
  };
  await read();
  const before = cpuUs();
  for (let i = 0; i < REQUESTS; i++) await read();
  const spent = cpuUs() - before;
  await pool.close();
  return spent / (REQUESTS * TOKENS);
}

/** Framing + parsing + recording with the bytes already in memory, cut in 16 KiB socket-sized chunks. */
function parseRecordRate(body: Buffer): number {
  const recorder = new StageRecorder(0);
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length; at += 16_384) chunks.push(body.subarray(at, at + 16_384));
  const before = cpuUs();
  let tokens = 0;
  for (let round = 0; round < PARSE_ROUNDS; round++) {
    const framer = new EventStreamFramer();
    const observer = new StreamObserver('openai');
    let nowUs = round * 1_000_000;
    for (const chunk of chunks) {
      nowUs += 50;
      for (const event of framer.push(chunk)) if (event.kind === 'part') observer.part(event.bytes, nowUs);
    }
    observer.end(nowUs);
    const stream = observer.observation();
    recorder.started(round * 1_000_000, round * 1_000_000, 16);
    const outcome: Outcome = {
      outcome: 'ok',
      statusCode: 200,
      message: undefined,
      originalStatus: undefined,
      bytesReceived: body.length,
      endUs: nowUs,
      stream,
    };
    recorder.completed(round * 1_000_000, round * 1_000_000, outcome, 0);
    tokens += stream.outputTokens ?? 0;
  }
  return tokens / ((cpuUs() - before) / 1e6);
}

const body = streamBody();
const server = await startServer(body);
try {
  const parseRecordTokensPerSec = parseRecordRate(body);
  const invoker = await invokerCost(server.url);
  const undiciCpuUsPerToken = await undiciCost(server.url);
  console.log(
    JSON.stringify({
      bench: 'llm',
      tokensPerRequest: TOKENS,
      requests: REQUESTS,
      streamBytesPerToken: Math.round(body.length / TOKENS),
      invokerCpuUsPerToken: Number(invoker.cpuUsPerToken.toFixed(3)),
      undiciCpuUsPerToken: Number(undiciCpuUsPerToken.toFixed(3)),
      invokerOverUndici: Number((invoker.cpuUsPerToken / undiciCpuUsPerToken).toFixed(2)),
      invokerTokensPerCpuSec: Math.round(1e6 / invoker.cpuUsPerToken),
      parseRecordTokensPerSec: Math.round(parseRecordTokensPerSec),
      goalTokensPerSec: 200_000,
      note: 'CPU time of this process only (the server is a child process); machine shared with other jobs',
    }),
  );
} finally {
  server.stop();
}
