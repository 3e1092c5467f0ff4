/**
 * The message recorded for a failed invocation: always the operation, the endpoint, the HTTP status
 * and the modeled error name when there is one, then the service's own words. A body that is not
 * the service's JSON (a proxy's 404 or 502 HTML page) is reduced to its `<title>` or first line, so
 * the report says "502 Bad Gateway" instead of pasting a web page.
 */

/** The parts of a failed invocation's message. */
export interface RuntimeErrorParts {
  /** `InvokeEndpoint` or `InvokeEndpointWithResponseStream`. */
  operation: string;
  endpointName: string;
  /** The HTTP status; undefined when no response arrived (transport errors). */
  statusCode: number | undefined;
  /** The modeled error name (`ServiceUnavailable`, `ModelError`, …), when the response had one. */
  errorName: string | undefined;
  /** The service's message, or the raw body (reduced here). */
  detail: string | undefined;
}

/** Longest detail kept, in characters. */
const MAX_DETAIL_CHARS = 300;

/** `InvokeEndpoint on "my-endpoint": HTTP 503 ServiceUnavailable: busy`. */
export function runtimeErrorMessage(parts: RuntimeErrorParts): string {
  const status = parts.statusCode === undefined ? 'no HTTP response' : `HTTP ${parts.statusCode}`;
  const name = parts.errorName ? ` ${parts.errorName}` : '';
  const detail = parts.detail === undefined ? undefined : reduceErrorBody(parts.detail);
  return `${parts.operation} on "${parts.endpointName}": ${status}${name}${detail ? `: ${detail}` : ''}`;
}

/** The operation name for a streaming or plain invocation. */
export function invokeOperation(stream: boolean): string {
  return stream ? 'InvokeEndpointWithResponseStream' : 'InvokeEndpoint';
}

/**
 * A body reduced to one readable line: an HTML page to its `<title>` (else its first line of text),
 * anything else to its first non-empty line; at most 300 characters.
 */
export function reduceErrorBody(body: string): string | undefined {
  const looksHtml = /^\s*(<!doctype html|<html|<head|<body|<\?xml|<title)/i.test(body);
  let line: string | undefined;
  if (looksHtml) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
    line = title !== undefined && title.trim() !== '' ? title : firstLine(stripTags(body));
  } else line = firstLine(body);
  if (line === undefined) return undefined;
  const clean = decodeEntities(line.replace(/\s+/g, ' ').trim());
  if (clean === '') return undefined;
  return clean.length > MAX_DETAIL_CHARS ? `${clean.slice(0, MAX_DETAIL_CHARS - 3)}...` : clean;
}

function firstLine(text: string): string | undefined {
  return text.split(/\r?\n/).find((l) => l.trim() !== '');
}

function stripTags(html: string): string {
  return html.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '').replace(/<[^>]*>/g, '\n');
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
