/**
 * Escaping for text that did not come from us (stage names, titles, error messages from endpoints,
 * config values): it must never break the comment's markdown, open HTML, or ping people.
 */

/** What can start emphasis, code, links, HTML, strikethrough or end a table cell inside a line. */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>|~]/g;

/** Inline text: one line, markdown specials escaped, `@` defused, at most `maxChars` characters. */
export function escapeInline(text: string, maxChars = 300): string {
  return escapeFragment(text.trim(), maxChars);
}

/** Like `escapeInline`, keeping leading and trailing spaces (for text joined to other pieces). */
export function escapeFragment(text: string, maxChars = 300): string {
  const oneLine = truncate(text.replace(/\s+/g, ' '), maxChars);
  return oneLine
    .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/@/g, '&#64;');
}

/**
 * Markdown that we wrote around free text (a verdict headline: our words, code spans of stage names
 * and error samples): the code spans are kept as code, everything else is escaped like inline text —
 * no HTML, no links, no @-mentions, whatever the stage names or endpoint messages inside said.
 */
export function escapeWithCodeSpans(text: string, maxChars = 300): string {
  const oneLine = truncate(text.replace(/\s+/g, ' ').trim(), maxChars);
  const parts: string[] = [];
  let last = 0;
  for (const match of oneLine.matchAll(/`([^`]+)`/g)) {
    parts.push(escapeFragment(oneLine.slice(last, match.index), maxChars));
    parts.push(inlineCode(match[1] ?? '', maxChars));
    last = match.index + match[0].length;
  }
  parts.push(escapeFragment(oneLine.slice(last), maxChars));
  return parts.join('');
}

/** A code span that survives backticks and pipes inside (for table cells too). */
export function inlineCode(text: string, maxChars = 300): string {
  const oneLine = truncate(text.replace(/\s+/g, ' ').trim(), maxChars).replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return oneLine === '' ? '` `' : `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run in the content. */
export function codeBlock(content: string, language = ''): string {
  const longestRun = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${language}\n${content.replace(/\n+$/, '')}\n${fence}`;
}

/** A `<summary>` text (HTML context). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Cuts at `maxChars` with an ellipsis (by code point, never splitting a surrogate pair). */
function truncate(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(0, maxChars - 1)).join('')}…`;
}
