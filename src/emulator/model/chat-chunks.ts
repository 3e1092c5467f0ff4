/**
 * OpenAI chat-completions bodies for a modelled LLM, as the serving containers write them
 * (sagemaker-protocol-more.md §4a): a role-only first chunk, one content chunk per token, a last
 * chunk with `finish_reason`, a usage-only chunk (`choices: []`) only when the request set
 * `stream_options.include_usage`, then `data: [DONE]`. vLLM/TGI frame chunks as SSE `data:` events;
 * LMI's chat API writes JSON lines with no `[DONE]`. A mid-stream failure is vLLM's
 * `{"error":{"message","type","code"}}` event.
 */

/** How chunks are framed on the wire. */
export type ChatFraming = 'sse' | 'jsonlines';

export interface ChatContext {
  readonly modelName: string;
  readonly requestId: string;
  readonly createdSec: number;
}

function frame(framing: ChatFraming, value: unknown): string {
  const json = JSON.stringify(value);
  return framing === 'sse' ? `data: ${json}\n\n` : `${json}\n`;
}

function chunk(ctx: ChatContext, choices: unknown[], extra: Record<string, unknown> = {}): unknown {
  return {
    id: `chatcmpl-${ctx.requestId}`,
    object: 'chat.completion.chunk',
    created: ctx.createdSec,
    model: ctx.modelName,
    choices,
    ...extra,
  };
}

/** Token `index`'s chunk (the first also carries the role-only chunk before it). */
export function chatTokenChunk(
  framing: ChatFraming,
  ctx: ChatContext,
  index: number,
  text: string,
  finishReason: 'length' | null,
): string {
  const role =
    index === 0
      ? frame(
          framing,
          chunk(ctx, [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
        )
      : '';
  const extra = finishReason === null ? {} : { stop_reason: null };
  return (
    role +
    frame(
      framing,
      chunk(ctx, [{ index: 0, delta: { content: text }, finish_reason: finishReason, ...extra }]),
    )
  );
}

/** What ends a successful chat stream: the usage chunk when asked, then `[DONE]` (SSE only). */
export function chatStreamEnd(
  framing: ChatFraming,
  ctx: ChatContext,
  usage: { promptTokens: number; completionTokens: number } | undefined,
): string {
  const usageChunk =
    usage === undefined
      ? ''
      : frame(
          framing,
          chunk(ctx, [], {
            usage: {
              prompt_tokens: usage.promptTokens,
              completion_tokens: usage.completionTokens,
              total_tokens: usage.promptTokens + usage.completionTokens,
            },
          }),
        );
  return usageChunk + (framing === 'sse' ? 'data: [DONE]\n\n' : '');
}

/** vLLM's mid-stream error event (HTTP status already 200), then `[DONE]`. */
export function chatErrorEvent(framing: ChatFraming): string {
  const error = {
    message: 'Engine error during generation (emulator fault).',
    type: 'InternalServerError',
    param: null,
    code: 500,
  };
  return frame(framing, { error }) + (framing === 'sse' ? 'data: [DONE]\n\n' : '');
}

/** A non-streamed `chat.completion` (always with usage, as vLLM, TGI and LMI send it). */
export function chatCompletion(
  ctx: ChatContext,
  text: string,
  promptTokens: number,
  completionTokens: number,
): string {
  return JSON.stringify({
    id: `chatcmpl-${ctx.requestId}`,
    object: 'chat.completion',
    created: ctx.createdSec,
    model: ctx.modelName,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'length' }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  });
}
