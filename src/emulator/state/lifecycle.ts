/**
 * Endpoint lifecycle: Creating → InService (or Failed with a FailureReason), Updating → InService
 * (the new configuration, or the old one back with a FailureReason), Deleting → gone — after the
 * configured delays, so the SDK's waiters behave as they do against AWS.
 *
 * A deployment is built at the end of its delay (a model deleted in the meantime fails it, as on
 * AWS). Variants backed by a real container are pinged (`GET /ping`) from the start of Creating;
 * the endpoint fails if the container never answers within the startup timeout.
 */
import { errorMessage } from '../../core/errors.js';
import { pingContainer } from '../container/client.js';
import type { EmulatorContext } from '../emulator-context.js';
import { DeploymentFailure, modelBehaviour } from '../model/behaviour.js';
import { buildDeployment, type DeployedEndpoint } from './deployed.js';
import type { EndpointConfigRecord, EndpointRecord } from './resources.js';

export class Lifecycle {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly creations = new Map<string, number>();
  private closed = false;

  constructor(private readonly context: () => EmulatorContext) {}

  private get ctx(): EmulatorContext {
    return this.context();
  }

  /** Puts an endpoint straight into service (scenario endpoints that exist at start). Throws DeploymentFailure. */
  seed(name: string, config: EndpointConfigRecord): EndpointRecord {
    const nowMs = Date.now();
    const record: EndpointRecord = {
      name,
      arn: this.ctx.resources.arn('endpoint', name),
      configName: config.name,
      status: 'InService',
      failureReason: undefined,
      creationTimeMs: nowMs,
      lastModifiedTimeMs: nowMs,
      deployed: this.deploy(name, config),
      generation: 0,
    };
    this.ctx.resources.endpoints.set(name.toLowerCase(), record);
    return record;
  }

  /** Registers a new endpoint in Creating and schedules its deployment. */
  create(name: string, config: EndpointConfigRecord): EndpointRecord {
    const nowMs = Date.now();
    const record: EndpointRecord = {
      name,
      arn: this.ctx.resources.arn('endpoint', name),
      configName: config.name,
      status: 'Creating',
      failureReason: undefined,
      creationTimeMs: nowMs,
      lastModifiedTimeMs: nowMs,
      deployed: undefined,
      generation: 0,
    };
    this.ctx.resources.endpoints.set(name.toLowerCase(), record);
    this.startDeployment(record, config, this.ctx.settings.lifecycle.createDelayMs, 'create');
    return record;
  }

  /** Moves an InService endpoint to Updating and schedules the new deployment. */
  update(record: EndpointRecord, config: EndpointConfigRecord): void {
    record.status = 'Updating';
    record.failureReason = undefined;
    record.lastModifiedTimeMs = Date.now();
    record.generation++;
    this.startDeployment(record, config, this.ctx.settings.lifecycle.updateDelayMs, 'update');
  }

  /** Moves an endpoint to Deleting (no longer invokable) and removes it after the delete delay. */
  delete(record: EndpointRecord): void {
    record.status = 'Deleting';
    this.closeSeries(record);
    record.deployed = undefined;
    record.lastModifiedTimeMs = Date.now();
    const generation = ++record.generation;
    const delayMs = this.ctx.settings.lifecycle.deleteDelayMs + this.ctx.faults.deletionDelayMs(record.name);
    this.after(delayMs, () => {
      const { resources } = this.ctx;
      if (record.generation !== generation || resources.endpoints.get(record.name.toLowerCase()) !== record)
        return;
      resources.endpoints.delete(record.name.toLowerCase());
      resources.tags.delete(record.arn);
    });
  }

  /** Cancels every pending transition. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private startDeployment(
    record: EndpointRecord,
    config: EndpointConfigRecord,
    delayMs: number,
    kind: 'create' | 'update',
  ): void {
    const generation = record.generation;
    const fault = this.ctx.faults.takeDeploymentFault(record.name);
    const startedMs = Date.now();
    const ready = this.containersReady(config, startedMs);
    this.after(delayMs + fault.extraDelayMs, () => {
      ready.then(
        (failure) => this.finishDeployment(record, config, generation, kind, fault.failureReason ?? failure),
        (error: unknown) => this.finishDeployment(record, config, generation, kind, errorMessage(error)),
      );
    });
  }

  private finishDeployment(
    record: EndpointRecord,
    config: EndpointConfigRecord,
    generation: number,
    kind: 'create' | 'update',
    failureReason: string | undefined,
  ): void {
    if (this.closed || record.generation !== generation) return;
    let deployed: DeployedEndpoint | undefined;
    let reason = failureReason;
    if (reason === undefined) {
      try {
        deployed = this.deploy(record.name, config);
      } catch (error) {
        reason = error instanceof DeploymentFailure ? error.message : errorMessage(error);
      }
    }
    record.lastModifiedTimeMs = Date.now();
    record.generation++;
    if (deployed !== undefined) {
      this.closeSeries(record);
      record.deployed = deployed;
      record.configName = config.name;
      record.status = 'InService';
      record.failureReason = undefined;
    } else if (kind === 'update') {
      record.status = 'InService'; // the old deployment keeps serving, as after an AWS rollback
      record.failureReason = reason;
    } else {
      record.status = 'Failed';
      record.failureReason = reason;
    }
  }

  private deploy(name: string, config: EndpointConfigRecord): DeployedEndpoint {
    const creation = (this.creations.get(name.toLowerCase()) ?? 0) + 1;
    this.creations.set(name.toLowerCase(), creation);
    return buildDeployment(this.ctx, name, config, creation);
  }

  /** Resolves with a FailureReason when a proxied container never answers /ping, else undefined. */
  private async containersReady(
    config: EndpointConfigRecord,
    startedMs: number,
  ): Promise<string | undefined> {
    for (const variant of config.variants) {
      const model = this.ctx.resources.models.get(variant.ModelName.toLowerCase());
      if (model === undefined) continue;
      let url: string | undefined;
      try {
        url = modelBehaviour(model.name, model.container, this.ctx.settings.streaming).proxyUrl;
      } catch {
        continue; // reported when the deployment is built
      }
      if (url === undefined) continue;
      const timeoutMs = Math.min(
        this.ctx.settings.lifecycle.containerStartupTimeoutMs,
        (variant.ContainerStartupHealthCheckTimeoutInSeconds ?? Infinity) * 1000,
      );
      if (!(await this.pingUntil(url, startedMs + timeoutMs)))
        return (
          `The primary container for production variant ${variant.VariantName} did not pass the ping health check. ` +
          `Please check CloudWatch logs for this endpoint.`
        );
    }
    return undefined;
  }

  private async pingUntil(url: string, deadlineMs: number): Promise<boolean> {
    while (!this.closed) {
      if (await pingContainer(this.ctx, url)) return true;
      if (Date.now() >= deadlineMs) return false;
      await new Promise<void>((resolve) => this.after(this.ctx.settings.lifecycle.pingIntervalMs, resolve));
    }
    return false;
  }

  private closeSeries(record: EndpointRecord): void {
    const nowMs = Date.now();
    for (const v of record.deployed?.variants ?? []) v.series.toMs = nowMs;
  }

  private after(ms: number, fn: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        fn();
      },
      Math.max(0, ms),
    );
    this.timers.add(timer);
  }
}
