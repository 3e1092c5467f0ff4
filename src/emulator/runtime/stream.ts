/**
 * InvokeEndpointWithResponseStream on a modelled variant: after a worker is free, the first token
 * arrives after the time to first token, then one token per inter-token gap, each as a PayloadPart
 * event. Injected faults end a stream with a ModelStreamError or InternalStreamFailure event after
 * some tokens, or finish it with an in-band `finish_reason: "error"`.
 *
 * Token times are scheduled against absolute targets (each from the previous *target*), so timer
 * slop never accumulates over a long generation.
 */
import { finishThroughStalls } from '../capacity/service-time.js';
import type { PoolJob } from '../capacity/variant-pool.js';
import { randomInt } from '../../core/random.js';
import type { Outcome } from '../introspection/outcomes.js';
import { streamContentType, tokenChunk, tokenText, type StreamEnd } from '../model/generation.js';
import { accountRequest } from './accounting.js';
import { exceptionFrame, payloadPartFrame } from './event-stream.js';
import type { AcceptedRequest } from './invoke.js';
import { chatErrorEvent, chatStreamEnd, chatTokenChunk } from '../model/chat-chunks.js';
import { decodeFactor, multiModelLoadUs, planGeneration, type GenerationPlan } from './work.js';

type StreamFault = 'none' | 'modelStreamError' | 'internalStreamFailure' | 'inBandError';

export class StreamInvocation implements PoolJob {
  readonly arrivalUs: number;
  startUs = 0;
  private readonly request: AcceptedRequest;
  private plan: GenerationPlan | undefined;
  private next = 0;
  private targetUs = 0;
  private fault: StreamFault = 'none';
  /** Token index at which a fault strikes. */
  private faultAt = 0;
  private firstByteUs = -1;
  private generated = '';
  private finished = false;

  constructor(request: AcceptedRequest) {
    this.request = request;
    this.arrivalUs = request.arrivalUs;
  }

  start(startUs: number): void {
    const { variant, endpoint, body, headers, res } = this.request;
    const plan = planGeneration(variant, body);
    plan.ttftUs += multiModelLoadUs(variant, headers.targetModel, startUs);
    this.plan = plan;
    if (endpoint.faultsActive) this.drawFault(plan.tokens);
    res.once('close', this.onClose);
    this.targetUs = finishThroughStalls(startUs, plan.ttftUs, variant.stalls);
    this.request.ctx.scheduler.at(this.targetUs, this.emit);
  }

  private drawFault(tokens: number): void {
    const { faults, random } = this.request.endpoint;
    const u = random.next();
    if (u < faults.streamError) this.fault = 'modelStreamError';
    else if (u < faults.streamError + faults.internalStreamFailure) this.fault = 'internalStreamFailure';
    else if (u < faults.streamError + faults.internalStreamFailure + faults.inBandError)
      this.fault = 'inBandError';
    if (this.fault === 'modelStreamError' || this.fault === 'internalStreamFailure')
      this.faultAt = randomInt(random, tokens);
  }

  private readonly onClose = (): void => {
    if (!this.finished) this.finish('clientAborted');
  };

  private readonly emit = (): void => {
    if (this.finished) return;
    const plan = this.plan as GenerationPlan;
    const { res } = this.request;
    if (this.firstByteUs < 0) {
      this.writeHead();
      this.firstByteUs = this.request.ctx.time.nowUs() - this.arrivalUs;
    }
    const index = this.next++;
    if (
      (this.fault === 'modelStreamError' || this.fault === 'internalStreamFailure') &&
      index === this.faultAt
    ) {
      res.write(this.faultFrame());
      res.end();
      this.finish(this.fault);
      return;
    }
    const text = tokenText(plan.words, index);
    this.generated += text;
    const last = index === plan.tokens - 1;
    const end: StreamEnd | undefined = last
      ? {
          finishReason: this.fault === 'inBandError' ? 'error' : 'length',
          generatedText: this.generated,
          generatedTokens: plan.tokens,
          inputTokens: plan.inputTokens,
        }
      : undefined;
    this.writeChunk(
      plan.chat
        ? this.chatChunk(plan, index, text, end)
        : tokenChunk(this.format(), index, text, end, this.chunkContext()),
    );
    if (last) {
      res.end();
      this.finish(this.fault === 'inBandError' ? 'inBandError' : 'ok');
      return;
    }
    // Continuous batching: this decode step is shared with every sequence in flight now.
    this.targetUs = finishThroughStalls(
      this.targetUs,
      (plan.gapsUs[index + 1] ?? 0) * decodeFactor(this.request.variant),
      this.request.variant.stalls,
    );
    this.request.ctx.scheduler.at(this.targetUs, this.emit);
  };

  /** A chat request's chunk: chat-completion chunks, framed as the container frames them. */
  private chatChunk(plan: GenerationPlan, index: number, text: string, end: StreamEnd | undefined): string {
    const framing = this.format() === 'jsonlines' ? 'jsonlines' : 'sse';
    const ctx = this.chunkContext();
    if (end?.finishReason === 'error') return chatErrorEvent(framing);
    const chunk = chatTokenChunk(framing, ctx, index, text, end === undefined ? null : 'length');
    if (end === undefined) return chunk;
    const usage = plan.includeUsage
      ? { promptTokens: plan.inputTokens, completionTokens: plan.tokens }
      : undefined;
    return chunk + chatStreamEnd(framing, ctx, usage);
  }

  private writeHead(): void {
    const { res, variant, headers, requestId } = this.request;
    const head = [
      'Content-Type',
      'application/vnd.amazon.eventstream',
      'X-Amzn-SageMaker-Content-Type',
      streamContentType(this.format()),
      'x-Amzn-Invoked-Production-Variant',
      variant.name,
      'x-amzn-RequestId',
      requestId,
    ];
    if (headers.customAttributes !== undefined)
      head.push('X-Amzn-SageMaker-Custom-Attributes', headers.customAttributes);
    res.writeHead(200, head);
  }

  private writeChunk(chunk: string): void {
    const bytes = Buffer.from(chunk, 'utf8');
    const { res, variant } = this.request;
    if (variant.model.streaming.splitParts && bytes.length > 1) {
      const cut = 1 + randomInt(variant.random, bytes.length - 1);
      res.write(payloadPartFrame(bytes.subarray(0, cut)));
      res.write(payloadPartFrame(bytes.subarray(cut)));
    } else {
      res.write(payloadPartFrame(bytes));
    }
  }

  private faultFrame(): Uint8Array {
    if (this.fault === 'internalStreamFailure')
      return exceptionFrame('InternalStreamFailure', {
        Message: 'Internal stream failure (emulator fault).',
      });
    return exceptionFrame('ModelStreamError', {
      Message: 'Model stream error (emulator fault).',
      ErrorCode: this.request.endpoint.faults.streamErrorCode,
    });
  }

  private format() {
    return this.request.variant.model.streaming.format;
  }

  private chunkContext() {
    return {
      modelName: this.request.variant.model.modelName,
      requestId: this.request.requestId,
      createdSec: Math.floor(this.request.ctx.time.wallMsAt(this.startUs) / 1000),
    };
  }

  private finish(outcome: Outcome): void {
    this.finished = true;
    const { ctx, variant, endpoint, res } = this.request;
    res.off('close', this.onClose);
    // A normal end frees the worker at the last token's scheduled time (model time); an abort now.
    const endUs = outcome === 'clientAborted' ? Math.max(this.startUs, ctx.time.nowUs()) : this.targetUs;
    variant.pool.release(this, endUs);
    const serviceUs = endUs - this.startUs;
    accountRequest(
      ctx,
      this.request,
      endpoint,
      variant,
      outcome,
      serviceUs,
      this.startUs - this.arrivalUs,
      this.firstByteUs,
    );
  }
}
