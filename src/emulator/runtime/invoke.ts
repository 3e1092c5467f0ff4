/**
 * InvokeEndpoint on a modelled variant: wait for a worker, hold it for the service time, answer.
 * The completion is scheduled against an absolute target time, so the latency a client sees is the
 * modelled time plus only the real transport cost.
 */
import type { ServerResponse } from 'node:http';
import { finishThroughStalls, sampleLognormalUs } from '../capacity/service-time.js';
import type { PoolJob } from '../capacity/variant-pool.js';
import type { EmulatorContext } from '../emulator-context.js';
import { completeResponse } from '../model/generation.js';
import type { DeployedEndpoint, DeployedVariant } from '../state/deployed.js';
import { recordModelSetup } from '../kinds/kind-metrics.js';
import type { ServerlessWarmth } from '../kinds/serverless-warmth.js';
import { accountRequest, type AccountedRequest } from './accounting.js';
import { modelErrorMembers, writeRuntimeError } from './errors.js';
import type { RuntimeHeaders } from './request.js';
import { decodeFactor, multiModelLoadUs, planGeneration, planText } from './work.js';

/** Everything an accepted runtime request carries. */
export interface AcceptedRequest extends AccountedRequest {
  readonly ctx: EmulatorContext;
  readonly res: ServerResponse;
  readonly body: Buffer;
  readonly headers: RuntimeHeaders;
  readonly endpoint: DeployedEndpoint;
  /** The variant serving it (the first one until routing chose). */
  variant: DeployedVariant;
}

/** One InvokeEndpoint holding (or waiting for) a worker. */
export class ModelledInvocation implements PoolJob {
  readonly arrivalUs: number;
  startUs = 0;
  private serviceUs = 0;
  /** Scheduled completion (model time). */
  private endUs = 0;
  private generated: string | undefined;
  /** Serverless: whether this request holds a provisioned environment (undefined: none held). */
  private provisionedEnvironment: boolean | undefined;
  private readonly request: AcceptedRequest;

  constructor(request: AcceptedRequest) {
    this.request = request;
    this.arrivalUs = request.arrivalUs;
  }

  start(startUs: number): void {
    const { variant, headers, body } = this.request;
    let serviceUs: number;
    if (variant.model.response === 'generate') {
      const plan = planGeneration(variant, body);
      // Decode steps are shared with the sequences in flight now (continuous batching).
      serviceUs = plan.ttftUs + (plan.totalUs - plan.ttftUs) * decodeFactor(variant);
      this.generated = completeResponse(variant.model.streaming.format, planText(plan), plan.tokens, {
        modelName: variant.model.modelName,
        requestId: this.request.requestId,
        createdSec: Math.floor(this.request.ctx.time.wallMsAt(startUs) / 1000),
        inputTokens: plan.inputTokens,
        chat: plan.chat,
      });
    } else {
      serviceUs = sampleLognormalUs(variant.serviceTime, variant.random);
    }
    serviceUs += multiModelLoadUs(variant, headers.targetModel, startUs);
    this.serviceUs = serviceUs;
    const setupUs = variant.warmth === undefined ? 0 : this.takeEnvironment(startUs);
    const modelStartUs = startUs + setupUs;
    this.endUs =
      variant.stalls.length === 0
        ? modelStartUs + serviceUs
        : finishThroughStalls(modelStartUs, serviceUs, variant.stalls);
    if (this.endUs === startUs) this.complete();
    else this.request.ctx.scheduler.at(this.endUs, () => this.complete());
  }

  /** Serverless: takes an execution environment; returns its cold-start time (0 when warm). */
  private takeEnvironment(startUs: number): number {
    const { variant, ctx } = this.request;
    const environment = (variant.warmth as ServerlessWarmth).acquire(startUs);
    this.provisionedEnvironment = environment.provisioned;
    if (environment.setupUs > 0)
      recordModelSetup(ctx, variant.endpointName, variant.name, startUs, environment.setupUs);
    return environment.setupUs;
  }

  private complete(): void {
    const { ctx, res, variant, endpoint } = this.request;
    if (this.provisionedEnvironment !== undefined)
      variant.warmth?.release(this.endUs, this.provisionedEnvironment);
    variant.pool.release(this, this.endUs);
    const queueUs = this.startUs - this.arrivalUs;
    if (res.destroyed) {
      accountRequest(ctx, this.request, endpoint, variant, 'clientAborted', this.serviceUs, queueUs);
      return;
    }
    const faults = endpoint.faults;
    if (endpoint.faultsActive && faults.modelError > 0 && endpoint.random.next() < faults.modelError) {
      const status = faults.modelErrorStatus;
      const logStreamArn = `arn:aws:logs:${ctx.settings.region}:${ctx.settings.accountId}:log-group:/aws/sagemaker/Endpoints/${endpoint.name}`;
      const error = modelErrorMembers(
        status,
        'Injected model error (emulator fault)',
        logStreamArn,
        ctx.settings.accountId,
      );
      writeRuntimeError(res, 'ModelError', error.message, this.request.requestId, error.members);
      accountRequest(ctx, this.request, endpoint, variant, 'modelError', this.serviceUs, queueUs, -1, status);
      return;
    }
    this.respond();
    accountRequest(ctx, this.request, endpoint, variant, 'ok', this.serviceUs, queueUs);
  }

  private respond(): void {
    const { res, headers, variant, body, requestId } = this.request;
    const payload = this.generated === undefined ? body : Buffer.from(this.generated, 'utf8');
    const contentType = this.generated === undefined ? headers.contentType : 'application/json';
    const head = [
      'Content-Type',
      contentType,
      'x-Amzn-Invoked-Production-Variant',
      variant.name,
      'x-amzn-RequestId',
      requestId,
      'Content-Length',
      String(payload.length),
    ];
    if (headers.customAttributes !== undefined)
      head.push('X-Amzn-SageMaker-Custom-Attributes', headers.customAttributes);
    if (headers.sessionId === 'NEW_SESSION') {
      const expires = new Date(
        this.request.ctx.time.wallMsAt(this.request.ctx.time.nowUs()) + 20 * 60_000,
      ).toISOString();
      head.push('X-Amzn-SageMaker-New-Session-Id', `${requestId}; Expires=${expires}`);
    }
    res.writeHead(200, head);
    res.end(payload);
  }
}
