/** Small HTML building blocks for the report page; every text is escaped here. */
import { escapeHtml } from '../markdown/escape.js';
import type { TableModel } from '../table-model.js';

/** A table from the shared table model. */
export function tableHtml(table: TableModel): string {
  const head = table.headers
    .map((h, i) => `<th class="${table.align[i] ?? 'l'}">${escapeHtml(h)}</th>`)
    .join('');
  const rows = table.rows
    .map(
      (row) =>
        `<tr>${row
          .map((c, i) => {
            const text = escapeHtml(c.text);
            return `<td class="${table.align[i] ?? 'l'}">${c.code ? `<code>${text}</code>` : text}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** Our own sentences may mark identifiers with backticks; show them as code, escape the rest. */
export function inlineHtml(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** JSON for a `<script type="application/json">` block: nothing in it can end the script element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export interface LegendEntry {
  name: string;
  color: string;
  dashed?: boolean;
}

/** A chart: caption, canvas (drawn by the page script) and an HTML legend. */
export function figureHtml(id: string, caption: string, legend: readonly LegendEntry[]): string {
  const items = legend
    .map(
      (l) =>
        `<span><i class="${l.dashed ? 'dashed' : ''}" style="border-color:${l.color}"></i>${escapeHtml(l.name)}</span>`,
    )
    .join('');
  return `<figure><figcaption>${escapeHtml(caption)}</figcaption><canvas id="${id}" role="img" aria-label="${escapeHtml(caption)}"></canvas><div class="legend">${items}</div></figure>`;
}
