/**
 * Turns payloads into request bodies: the serializer (`json`, `npy`, `raw`) and batching (k payloads
 * combined into one JSON array, or stacked into one NumPy array). Everything that can be computed
 * once is computed once (bytes, their sha256 for signing); a batch is assembled per request from
 * pre-serialized parts. Every problem is found here, before the first request.
 */
import { createHash } from 'node:crypto';
import type { RequestConfig } from '../../config/request-schema.js';
import { UserInputError, type InputIssue } from '../../core/errors.js';
import { encodeLeaves, encodeNpy, flattenLeaves, npyLayout, type NpyDtype, type NpyLayout } from './npy.js';
import { MAX_BODY_BYTES, type Payload } from './payload.js';

/** One request body, ready to sign and send. */
export interface RequestBody {
  readonly bytes: Uint8Array;
  /** Hex sha256 of `bytes` (the SigV4 payload hash). */
  readonly sha256Hex: string;
  /** X-Amzn-SageMaker-Target-Model for this body, when any. */
  readonly targetModel: string | undefined;
}

/** Builds the body for a list of selected payload indices (length = batch size). */
export interface BodyBuilder {
  readonly batch: number;
  build(indices: readonly number[]): RequestBody;
}

export type BodyOptions = Pick<RequestConfig, 'serializer' | 'batch' | 'targetModel'>;

const NPY_MAGIC = Buffer.from('\x93NUMPY', 'latin1');

/** Validates the payloads for the serializer and batch size and returns the body builder. */
export function prepareBodies(payloads: readonly Payload[], options: BodyOptions): BodyBuilder {
  const issues: InputIssue[] = [];
  const builder =
    options.batch === 1 ? singleBodies(payloads, options, issues) : batchedBodies(payloads, options, issues);
  if (issues.length > 0) throw new UserInputError(issues, { title: 'Invalid payloads' });
  return builder;
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function withHash(bytes: Uint8Array, targetModel: string | undefined): RequestBody {
  return { bytes, sha256Hex: sha256Hex(bytes), targetModel };
}

function singleBodies(payloads: readonly Payload[], options: BodyOptions, issues: InputIssue[]): BodyBuilder {
  const bodies = payloads.map((p) =>
    withHash(singleBytes(p, options, issues), p.targetModel ?? options.targetModel),
  );
  bodies.forEach((body, i) => checkSize(body.bytes.byteLength, payloads[i]?.source ?? '', issues));
  return {
    batch: 1,
    build: (indices) => bodies[indices[0] ?? 0] as RequestBody,
  };
}

function singleBytes(payload: Payload, options: BodyOptions, issues: InputIssue[]): Uint8Array {
  const { body } = payload;
  if (options.serializer === 'raw') return body.kind === 'json' ? Buffer.from(body.text, 'utf8') : body.bytes;
  if (options.serializer === 'json') {
    return body.kind === 'json' ? Buffer.from(JSON.stringify(body.value) ?? 'null', 'utf8') : body.bytes;
  }
  // npy: bytes that already are a .npy file go as they are; JSON becomes an array.
  if (body.kind === 'bytes' && Buffer.from(body.bytes.subarray(0, 6)).equals(NPY_MAGIC)) return body.bytes;
  const value = jsonValueOf(payload, issues);
  if (value === undefined) return new Uint8Array();
  const layout = npyLayout(value);
  if (typeof layout === 'string') {
    issues.push({ field: payload.source, message: `cannot be sent as .npy: the value ${layout}` });
    return new Uint8Array();
  }
  return encodeNpy(value);
}

/** The JSON value of a payload (bytes are parsed as UTF-8 JSON); records an issue when it has none. */
function jsonValueOf(payload: Payload, issues: InputIssue[]): unknown {
  if (payload.body.kind === 'json') return payload.body.value;
  try {
    return JSON.parse(Buffer.from(payload.body.bytes).toString('utf8'));
  } catch {
    issues.push({
      field: payload.source,
      message: 'is not JSON, so it cannot be serialized as .npy or combined into a batch',
      fix: 'use JSON payloads, or `serializer: raw` with `batch: 1`',
    });
    return undefined;
  }
}

function checkSize(bytes: number, source: string, issues: InputIssue[]): void {
  if (bytes > MAX_BODY_BYTES) {
    issues.push({
      field: source,
      message: `is ${bytes} bytes, over SageMaker's 6 MB (${MAX_BODY_BYTES} bytes) real-time payload limit`,
    });
  }
}

function batchTargetModel(
  payloads: readonly Payload[],
  options: BodyOptions,
  issues: InputIssue[],
): string | undefined {
  const models = new Set(payloads.map((p) => p.targetModel ?? options.targetModel));
  if (models.size > 1) {
    issues.push({
      field: 'request.batch',
      message: 'payloads with different `target-model`s cannot be combined into one request',
      fix: 'use `batch: 1`, or one `request.target-model` for all payloads',
    });
  }
  return [...models][0];
}

function batchedBodies(
  payloads: readonly Payload[],
  options: BodyOptions,
  issues: InputIssue[],
): BodyBuilder {
  const targetModel = batchTargetModel(payloads, options, issues);
  const values = payloads.map((p) => jsonValueOf(p, issues));
  if (issues.length > 0) return { batch: options.batch, build: () => withHash(new Uint8Array(), undefined) };
  return options.serializer === 'npy'
    ? npyBatch(payloads, values, options.batch, targetModel, issues)
    : jsonBatch(values, options.batch, targetModel, issues);
}

function largestSum(sizes: readonly number[], k: number): number {
  const sorted = [...sizes].sort((a, b) => b - a);
  let sum = 0;
  for (let i = 0; i < k; i++) sum += sorted[i % sorted.length] ?? 0;
  return sum;
}

function jsonBatch(
  values: readonly unknown[],
  batch: number,
  targetModel: string | undefined,
  issues: InputIssue[],
): BodyBuilder {
  const parts = values.map((v) => JSON.stringify(v) ?? 'null');
  const largest = largestSum(
    parts.map((p) => Buffer.byteLength(p)),
    batch,
  );
  if (largest + batch + 1 > MAX_BODY_BYTES) {
    issues.push({
      field: 'request.batch',
      message: `a batch of the ${batch} largest payloads would be ${largest + batch + 1} bytes, over SageMaker's 6 MB limit`,
      fix: 'lower `batch` or use smaller payloads',
    });
  }
  return {
    batch,
    build: (indices) => {
      let text = '[';
      for (let i = 0; i < indices.length; i++)
        text += (i > 0 ? ',' : '') + (parts[indices[i] ?? 0] ?? 'null');
      return withHash(Buffer.from(`${text}]`, 'utf8'), targetModel);
    },
  };
}

function npyBatch(
  payloads: readonly Payload[],
  values: readonly unknown[],
  batch: number,
  targetModel: string | undefined,
  issues: InputIssue[],
): BodyBuilder {
  const layouts: NpyLayout[] = [];
  values.forEach((value, i) => {
    const layout = npyLayout(value);
    if (typeof layout === 'string')
      issues.push({
        field: payloads[i]?.source ?? '',
        message: `cannot be sent as .npy: the value ${layout}`,
      });
    else layouts.push(layout);
  });
  const first = layouts[0];
  if (!first || issues.length > 0) return { batch, build: () => withHash(new Uint8Array(), undefined) };
  const shapeText = (s: readonly number[]) => `(${s.join(', ')})`;
  layouts.forEach((layout, i) => {
    if (shapeText(layout.shape) !== shapeText(first.shape)) {
      issues.push({
        field: payloads[i]?.source ?? '',
        message: `has shape ${shapeText(layout.shape)} but the first payload has ${shapeText(first.shape)}; a batch stacks arrays of one shape`,
      });
    }
  });
  const dtype = commonDtype(layouts, issues);
  const element: NpyLayout = { shape: first.shape, dtype };
  // Data sections (no header) per payload, in the common dtype.
  const headerless = values.map((v) => {
    const full = encodeLeaves(flattenLeaves(v, element), element);
    const headerLength = full.byteLength - elementBytes(element);
    return full.subarray(headerLength);
  });
  const header = encodeLeaves([], { shape: [batch, ...first.shape], dtype });
  if (header.byteLength + batch * elementBytes(element) > MAX_BODY_BYTES) {
    issues.push({
      field: 'request.batch',
      message: `a batch of ${batch} arrays would be over SageMaker's 6 MB limit`,
      fix: 'lower `batch` or use smaller arrays',
    });
  }
  return {
    batch,
    build: (indices) =>
      withHash(
        Buffer.concat([header, ...indices.map((i) => headerless[i] ?? new Uint8Array())]),
        targetModel,
      ),
  };
}

function elementBytes(layout: NpyLayout): number {
  const count = layout.shape.reduce((a, b) => a * b, 1);
  return count * (layout.dtype === '|b1' ? 1 : 8);
}

function commonDtype(layouts: readonly NpyLayout[], issues: InputIssue[]): NpyDtype {
  const kinds = new Set(layouts.map((l) => l.dtype));
  if (kinds.size === 1) return layouts[0]?.dtype ?? '<f8';
  if (kinds.has('|b1')) {
    issues.push({
      field: 'request.payloads',
      message: 'mixes boolean and numeric arrays; a batch needs one dtype',
    });
  }
  return kinds.has('<f8') ? '<f8' : '<i8';
}
