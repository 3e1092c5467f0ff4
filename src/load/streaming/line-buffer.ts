/**
 * Splits a byte stream into text lines. PayloadParts cut anywhere — inside a JSON line, inside a
 * multi-byte UTF-8 character, between `\r` and `\n` — so the bytes are scanned for newlines (a `\n`
 * byte is never part of a multi-byte character) and only whole lines are decoded; the unfinished
 * line's bytes are kept until its newline (or the end of the stream) arrives. A byte order mark at
 * the start of the stream is dropped, as a streaming TextDecoder drops it.
 */
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export class LineBuffer {
  /** Bytes of the unfinished line (our own copy), or undefined. */
  private pending: Buffer | undefined;
  private atStart = true;

  /** Lines completed by this chunk (without their line endings). */
  push(chunk: Uint8Array): string[] {
    const bytes = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const lines: string[] = [];
    let start = 0;
    let newline = bytes.indexOf(NEWLINE, 0);
    if (newline >= 0 && this.pending !== undefined) {
      lines.push(
        this.decode(
          Buffer.concat([this.pending, bytes.subarray(0, newline)]),
          0,
          newline + this.pending.byteLength,
        ),
      );
      this.pending = undefined;
      start = newline + 1;
      newline = bytes.indexOf(NEWLINE, start);
    }
    while (newline >= 0) {
      lines.push(this.decode(bytes, start, newline));
      start = newline + 1;
      newline = bytes.indexOf(NEWLINE, start);
    }
    if (start < bytes.byteLength) {
      const rest = bytes.subarray(start);
      this.pending = this.pending === undefined ? Buffer.from(rest) : Buffer.concat([this.pending, rest]);
    }
    return lines;
  }

  /** The last line when the stream ends without a newline. */
  end(): string[] {
    const rest = this.pending;
    this.pending = undefined;
    if (rest === undefined) return [];
    const line = this.decode(rest, 0, rest.byteLength);
    // As before: nothing when the rest decodes to nothing (a lone byte order mark), a line otherwise.
    return line === '' && rest[rest.byteLength - 1] !== CARRIAGE_RETURN ? [] : [line];
  }

  /** `bytes[start, end)` as text, without a trailing `\r` (and the stream's byte order mark). */
  private decode(bytes: Buffer, start: number, end: number): string {
    if (this.atStart) {
      this.atStart = false;
      if (end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf)
        start += 3;
    }
    if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
    return bytes.toString('utf8', start, end);
  }
}
