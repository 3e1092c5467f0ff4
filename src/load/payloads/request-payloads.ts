/**
 * The payload set of a run as `request:` describes it: the user's payloads (`payloads:`), or
 * generated prompts (`synthetic:`), each turned into the body of `request.format`. The digest covers
 * the final bodies, so the format, the stream flags and a synthetic distribution are all part of
 * the scenario key.
 */
import type { RequestConfig } from '../../config/request-schema.js';
import { UserInputError, type InputIssue } from '../../core/errors.js';
import { PayloadShapeError, payloadBody, payloadShapeFix, promptBody } from '../llm/request-format.js';
import { syntheticPrompts } from '../synthetic/synthetic-prompts.js';
import { loadTokenizer, resolveTokenizerPath, WORD_COUNTER } from '../tokens/token-counter.js';
import { digestPayloads } from './digest.js';
import { loadPayloads } from './load-payloads.js';
import type { Payload, PayloadSet } from './payload.js';

export type RequestPayloadSettings = Pick<
  RequestConfig,
  'payloads' | 'format' | 'synthetic' | 'tokenizer' | 'stream'
>;

/**
 * Loads or generates the payloads of `request` and shapes them for its format.
 * @param baseDir the config file's directory (relative paths start here)
 * @param workspaceDir the workspace root; a tokenizer path must stay inside it or `baseDir`
 */
export async function loadRequestPayloads(
  request: RequestPayloadSettings,
  baseDir: string,
  workspaceDir: string = baseDir,
): Promise<PayloadSet> {
  const { format } = request;
  const tokenizerPath =
    request.tokenizer === undefined
      ? undefined
      : resolveTokenizerPath(request.tokenizer, baseDir, workspaceDir);
  const withTokenizer = (set: PayloadSet): PayloadSet =>
    tokenizerPath === undefined ? set : { ...set, tokenizerPath };
  if (request.synthetic !== undefined && format !== 'raw') {
    const counter = tokenizerPath === undefined ? WORD_COUNTER : loadTokenizer(tokenizerPath);
    const payloads: Payload[] = syntheticPrompts(request.synthetic, counter).map((prompt, i) => {
      const value = promptBody(format, prompt, request.stream);
      return json(`synthetic ${i + 1}`, `request.synthetic[${i}]`, value);
    });
    return withTokenizer({ payloads, digest: digestPayloads(payloads) });
  }
  // Fail on a bad tokenizer now, before any request (the generators load it again in their threads).
  if (tokenizerPath !== undefined) loadTokenizer(tokenizerPath);
  const loaded = await loadPayloads(request.payloads, baseDir, workspaceDir);
  if (format === 'raw') return withTokenizer(loaded);
  const issues: InputIssue[] = [];
  const payloads = loaded.payloads.map((payload) => {
    const value =
      payload.body.kind === 'json' ? payload.body.value : Buffer.from(payload.body.bytes).toString('utf8');
    const body = payloadBody(format, value, request.stream);
    if (body instanceof PayloadShapeError)
      issues.push({ field: payload.source, message: body.message, fix: payloadShapeFix(format) });
    return {
      ...json(payload.name, payload.source, body),
      weight: payload.weight,
      ...(payload.targetModel === undefined ? {} : { targetModel: payload.targetModel }),
    };
  });
  if (issues.length > 0) throw new UserInputError(issues, { title: 'Invalid payloads' });
  return withTokenizer({ payloads, digest: digestPayloads(payloads) });
}

function json(name: string, source: string, value: unknown): Payload {
  return { name, source, body: { kind: 'json', value, text: JSON.stringify(value) }, weight: 1 };
}
