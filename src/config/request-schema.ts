/** `request:` — what each invocation sends and how its response is judged. */
import { z } from 'zod';
import { positiveDurationMs, positiveInt, sagemakerName } from './fields.js';
import { LLM_FORMATS, syntheticSchema, tokenizerPath, type LlmFormat } from './llm-schema.js';
import { s3Path } from './kind-schema.js';

const headerValue = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(/^[\x20-\x7e]*$/, 'must contain only printable ASCII characters');

/** One inline payload. Exactly one of `json`, `text`, `file`, `base64`. */
const payloadItem = z
  .object({
    /** A JSON value sent as the body (serialized by `serializer`). */
    json: z.unknown().optional(),
    /** A text body sent as is. */
    text: z.string().optional(),
    /** A file (relative to the config file) whose bytes are the body. */
    file: z.string().optional(),
    /** Base64 bytes sent as is. */
    base64: z.string().optional(),
    /** Weight for `selection: weighted`. Default 1. */
    weight: z.number().positive('must be greater than 0').default(1),
    /** Per-payload X-Amzn-SageMaker-Target-Model (multi-model endpoints). */
    'target-model': z.string().min(1).max(1024).optional(),
    /** A label used in reports. Default: its position. */
    name: z.string().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const given = (['json', 'text', 'file', 'base64'] as const).filter((k) => p[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `each inline payload needs exactly one of json, text, file, base64 (got ${given.length === 0 ? 'none' : given.join(', ')})`,
      });
    }
  })
  .transform((p) => ({
    json: p.json,
    text: p.text,
    file: p.file,
    base64: p.base64,
    weight: p.weight,
    targetModel: p['target-model'],
    name: p.name,
  }));

const jsonCheck = z
  .object({
    /** A JSON path into the response, e.g. `$.predictions[0].label`. */
    path: z.string().regex(/^\$/, 'expected a JSON path starting with "$"'),
    equals: z.unknown().optional(),
    contains: z.string().optional(),
    'non-empty': z.boolean().optional(),
  })
  .strict()
  .transform((c) => ({ path: c.path, equals: c.equals, contains: c.contains, nonEmpty: c['non-empty'] }));

const expectSchema = z
  .object({
    /** Expected HTTP status. Default 200. */
    status: z.number().int().min(100).max(599).default(200),
    /** The response body must not be empty. Default false. */
    'non-empty': z.boolean().default(false),
    /** JSON checks on the response body. */
    json: z.array(jsonCheck).default([]),
  })
  .strict()
  .transform((e) => ({ status: e.status, nonEmpty: e['non-empty'], json: e.json }));

export const SELECTIONS = ['random', 'sequential', 'weighted'] as const;
const SERIALIZERS = ['json', 'npy', 'raw'] as const;
export const STREAM_FORMATS = ['auto', 'jsonlines', 'sse', 'openai'] as const;

export const requestSchema = z
  .object({
    /** Content-Type of the request. Default `application/json` (`application/x-npy` with `serializer: npy`). */
    'content-type': headerValue(1024).optional(),
    /** Accept header (X-Amzn-SageMaker-Accept when streaming). Default `application/json`. */
    accept: headerValue(1024).default('application/json'),
    /** A path (JSON Lines file, JSON array file, or directory of raw files) or an inline list. Required unless `synthetic` is given. */
    payloads: z
      .union([z.string().min(1), z.array(payloadItem).min(1, 'needs at least one payload')], {
        error: 'expected a path to a payload file or directory, or a list of inline payloads',
      })
      .optional(),
    /** LLM request/response schema: `raw`, `openai-chat`, `tgi` or `lmi` (docs/llm.md). Default `raw`. */
    format: z.enum(LLM_FORMATS).default('raw'),
    /** Synthetic LLM prompts to a token-length distribution (needs a `format` other than `raw`). */
    synthetic: syntheticSchema.optional(),
    /** A Hugging Face tokenizer.json (relative to the config file) for exact token counts without usage. */
    tokenizer: tokenizerPath.optional(),
    /** How the next payload is chosen. Default `random` (seeded). */
    selection: z.enum(SELECTIONS).default('random'),
    /** Payloads combined into one JSON array per request. Default 1. */
    batch: positiveInt.default(1),
    /** How JSON payloads become bytes. Default `json`. */
    serializer: z.enum(SERIALIZERS).default('json'),
    /** Response checks; a mismatch is counted as an `expectation_failed` error. */
    expect: expectSchema.optional(),
    /** X-Amzn-SageMaker-Custom-Attributes. */
    'custom-attributes': headerValue(1024).optional(),
    /** X-Amzn-SageMaker-Target-Model for every request (per-payload values win). */
    'target-model': z.string().min(1).max(1024).optional(),
    /** X-Amzn-SageMaker-Target-Container-Hostname. */
    'target-container': sagemakerName.optional(),
    /** X-Amzn-SageMaker-Inference-Component. */
    'inference-component': sagemakerName.optional(),
    /** Test an existing asynchronous endpoint: InvokeEndpointAsync, payloads uploaded to S3, outputs polled. Default false. */
    async: z.boolean().default(false),
    /** Where async payloads are uploaded (`s3://bucket/prefix`). Required with `async: true`; default with `deploy.kind: async`: `<output-path>/perf-gate-inputs`. */
    'async-input-path': s3Path.optional(),
    /** Use InvokeEndpointWithResponseStream. Default false. */
    stream: z.boolean().default(false),
    /** How streamed chunks are parsed. Default `auto`. */
    'stream-format': z.enum(STREAM_FORMATS).default('auto'),
    /** Per-request timeout. Default `70s` (what AWS advises for the client socket). */
    timeout: positiveDurationMs.default(70_000),
    /** Seed for payload selection. Default 1. */
    seed: z.number().int().nonnegative().default(1),
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.payloads === undefined) === (r.synthetic === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [r.payloads === undefined ? 'payloads' : 'synthetic'],
        message:
          r.payloads === undefined
            ? 'is required: give a payload file or list, or a `synthetic:` workload'
            : 'cannot be combined with `payloads`: choose generated prompts or your own payloads',
      });
    }
    if (r.synthetic !== undefined && r.format === 'raw') {
      ctx.addIssue({
        code: 'custom',
        path: ['format'],
        message:
          'a synthetic workload needs an LLM format to build its requests in: set `format: openai-chat`, `tgi` or `lmi`',
      });
    }
    if (r.format !== 'raw' && r.serializer !== 'json') {
      ctx.addIssue({
        code: 'custom',
        path: ['serializer'],
        message: `format "${r.format}" sends JSON bodies, so the serializer must be \`json\` (got "${r.serializer}")`,
      });
    }
    if (r.format !== 'raw' && r.batch > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['batch'],
        message: `format "${r.format}" sends one prompt per request; remove \`batch\` (got ${r.batch})`,
      });
    }
    if (r.stream && (r.expect?.json.length ?? 0) > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['expect', 'json'],
        message: 'JSON checks need a whole response body; with `stream: true` use `status` and `non-empty`',
      });
    }
  })
  .transform((r) => ({
    contentType: r['content-type'] ?? (r.serializer === 'npy' ? 'application/x-npy' : 'application/json'),
    accept: r.accept,
    payloads: r.payloads,
    selection: r.selection,
    batch: r.batch,
    serializer: r.serializer,
    expect: r.expect,
    customAttributes: r['custom-attributes'],
    targetModel: r['target-model'],
    targetContainer: r['target-container'],
    inferenceComponent: r['inference-component'],
    format: r.format,
    synthetic: r.synthetic,
    tokenizer: r.tokenizer,
    async: r.async,
    asyncInputPath: r['async-input-path'],
    stream: r.stream,
    streamFormat: r['stream-format'] === 'auto' ? streamFormatOf(r.format) : r['stream-format'],
    timeoutMs: r.timeout,
    seed: r.seed,
  }));

/** How a format's stream is framed (`auto` for raw: told apart line by line). */
function streamFormatOf(format: LlmFormat): StreamFormat {
  if (format === 'openai-chat') return 'openai';
  if (format === 'tgi') return 'sse';
  if (format === 'lmi') return 'jsonlines';
  return 'auto';
}

export type RequestConfig = z.output<typeof requestSchema>;
export type Selection = (typeof SELECTIONS)[number];
export type Serializer = (typeof SERIALIZERS)[number];
export type StreamFormat = (typeof STREAM_FORMATS)[number];
export type InlinePayload = Extract<RequestConfig['payloads'], readonly unknown[]>[number];
export type ResponseExpectation = NonNullable<RequestConfig['expect']>;
