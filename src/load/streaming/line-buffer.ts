/**
 * Splits a byte stream into text lines. PayloadParts cut anywhere — inside a JSON line, inside a
 * multi-byte UTF-8 character, between `\r` and `\n` — so bytes are decoded in streaming mode and
 * the unfinished line is kept until its newline (or the end of the stream) arrives.
 */
export class LineBuffer {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';

  /** Lines completed by this chunk (without their line endings). */
  push(chunk: Uint8Array): string[] {
    const text = this.pending + this.decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.map(stripCarriageReturn);
  }

  /** The last line when the stream ends without a newline. */
  end(): string[] {
    const rest = this.pending + this.decoder.decode();
    this.pending = '';
    return rest === '' ? [] : [stripCarriageReturn(rest)];
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
