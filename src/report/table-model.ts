/**
 * A table as data: plain-text cells, so the markdown and HTML renderers escape each for their own
 * medium. Cells flagged `code` are identifiers (stage names, keys) shown in monospace.
 */
import { markdownTable } from 'markdown-table';
import { escapeInline, inlineCode } from './markdown/escape.js';

export type Align = 'l' | 'r' | 'c';

export interface Cell {
  text: string;
  code?: boolean;
}

export interface TableModel {
  headers: readonly string[];
  align: readonly Align[];
  rows: readonly (readonly Cell[])[];
}

/** A plain cell. */
export function cell(text: string): Cell {
  return { text };
}

/** A monospace cell. */
export function codeCell(text: string): Cell {
  return { text, code: true };
}

/** GitHub-flavoured markdown via `markdown-table`; every cell escaped. */
export function tableToMarkdown(table: TableModel, maxCellChars = 300): string {
  const render = (c: Cell) =>
    c.code ? inlineCode(c.text, maxCellChars) : escapeInline(c.text, maxCellChars);
  return markdownTable(
    [table.headers.map((h) => escapeInline(h, 100)), ...table.rows.map((r) => r.map(render))],
    {
      align: [...table.align],
      alignDelimiters: false,
    },
  );
}
