/** A minimal .npy reader for tests (format 1.0, the three dtypes the encoder writes). */
export function decodeNpy(bytes: Uint8Array): {
  dtype: string;
  shape: number[];
  values: number[];
  dataOffset: number;
} {
  const buffer = Buffer.from(bytes);
  if (buffer.subarray(0, 6).toString('latin1') !== '\x93NUMPY') throw new Error('not an .npy file');
  const headerLength = buffer.readUInt16LE(8);
  const header = buffer.subarray(10, 10 + headerLength).toString('latin1');
  const dtype = /'descr': '([^']+)'/.exec(header)?.[1] ?? '';
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const dataOffset = 10 + headerLength;
  const count = shape.reduce((a, b) => a * b, 1);
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    if (dtype === '<f8') values.push(buffer.readDoubleLE(dataOffset + i * 8));
    else if (dtype === '<i8') values.push(Number(buffer.readBigInt64LE(dataOffset + i * 8)));
    else values.push(buffer.readUInt8(dataOffset + i));
  }
  return { dtype, shape, values, dataOffset };
}
