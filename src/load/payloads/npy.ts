/**
 * NumPy `.npy` (format 1.0) encoding of JSON arrays, as the SageMaker Python SDK's
 * `NumpySerializer` sends them to PyTorch / scikit-learn / TensorFlow predictors
 * (`application/x-npy`). `np.asarray` rules: all booleans → `|b1`, all whole numbers → `<i8`,
 * otherwise `<f8`; nested arrays must be rectangular.
 */

export type NpyDtype = '<f8' | '<i8' | '|b1';

/** The shape and dtype a JSON value would have as a NumPy array. */
export interface NpyLayout {
  readonly shape: readonly number[];
  readonly dtype: NpyDtype;
}

/** Why a value cannot become an array; `undefined` when it can. */
export type NpyProblem = string;

/** Shape and dtype of a JSON value, or a problem description. */
export function npyLayout(value: unknown): NpyLayout | NpyProblem {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const leaves: unknown[] = [];
  const problem = collectLeaves(value, shape, 0, leaves);
  if (problem) return problem;
  if (leaves.every((v) => typeof v === 'boolean'))
    return leaves.length > 0 ? { shape, dtype: '|b1' } : { shape, dtype: '<f8' };
  if (!leaves.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return 'holds something other than finite numbers or booleans';
  }
  const whole = (leaves as number[]).every((v) => Number.isSafeInteger(v));
  return { shape, dtype: whole ? '<i8' : '<f8' };
}

function collectLeaves(
  value: unknown,
  shape: readonly number[],
  depth: number,
  out: unknown[],
): NpyProblem | undefined {
  if (depth === shape.length) {
    if (Array.isArray(value)) return `is ragged (nesting deeper than ${shape.length} at some element)`;
    out.push(value);
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== shape[depth]) {
    return `is ragged (expected ${shape[depth]} elements at depth ${depth + 1})`;
  }
  for (const item of value) {
    const problem = collectLeaves(item, shape, depth + 1, out);
    if (problem) return problem;
  }
  return undefined;
}

/** Encodes a JSON array (or scalar) as `.npy` bytes; throws when `npyLayout` reports a problem. */
export function encodeNpy(value: unknown): Uint8Array {
  const layout = npyLayout(value);
  if (typeof layout === 'string') throw new Error(`cannot encode as .npy: the value ${layout}`);
  const leaves: unknown[] = [];
  collectLeaves(value, layout.shape, 0, leaves);
  return encodeLeaves(leaves, layout);
}

/** Encodes already-flattened leaves (row-major) with a known layout. */
export function encodeLeaves(leaves: readonly unknown[], layout: NpyLayout): Uint8Array {
  const header = npyHeader(layout);
  const itemBytes = layout.dtype === '|b1' ? 1 : 8;
  const out = Buffer.alloc(header.byteLength + leaves.length * itemBytes);
  header.copy(out, 0);
  let offset = header.byteLength;
  for (const leaf of leaves) {
    if (layout.dtype === '|b1') out.writeUInt8(leaf === true ? 1 : 0, offset);
    else if (layout.dtype === '<i8') out.writeBigInt64LE(BigInt(leaf as number), offset);
    else out.writeDoubleLE(leaf as number, offset);
    offset += itemBytes;
  }
  return out;
}

/** Magic, version 1.0, header length, and the header dict padded so the data starts 64-byte aligned. */
function npyHeader(layout: NpyLayout): Buffer {
  const shape = layout.shape.length === 1 ? `(${layout.shape[0]},)` : `(${layout.shape.join(', ')})`;
  const dict = `{'descr': '${layout.dtype}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + dict.length + 1;
  const padding = (64 - (unpadded % 64)) % 64;
  const text = `${dict}${' '.repeat(padding)}\n`;
  const header = Buffer.alloc(10 + text.length);
  header.write('\x93NUMPY', 0, 'latin1');
  header.writeUInt8(1, 6);
  header.writeUInt8(0, 7);
  header.writeUInt16LE(text.length, 8);
  header.write(text, 10, 'latin1');
  return header;
}

/** Flattens a value whose layout is known to be valid (row-major). */
export function flattenLeaves(value: unknown, layout: NpyLayout): unknown[] {
  const leaves: unknown[] = [];
  collectLeaves(value, layout.shape, 0, leaves);
  return leaves;
}
