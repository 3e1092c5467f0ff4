/**
 * Reading a scenario (file or object), turning it into settings, and putting its resources and
 * faults into a fresh emulator. A bad scenario is a UserInputError naming the field.
 */
import { readFile } from 'node:fs/promises';
import { parseYaml, toInputIssues } from '../../config/parse.js';
import { UserInputError, type InputIssue } from '../../core/errors.js';
import { BUILT_IN_PROFILES, FALLBACK_PROFILE, type InstanceProfile } from '../capacity/instance-profiles.js';
import type { EmulatorContext } from '../emulator-context.js';
import { namePattern } from '../faults/registry.js';
import { s3Objects } from '../s3/handler.js';
import { DEFAULT_STREAMING, DeploymentFailure } from '../model/behaviour.js';
import { DEFAULT_KIND_SETTINGS, type KindSettings } from '../kinds/settings.js';
import { DEFAULT_LIFECYCLE, type EmulatorSettings, type OverloadError } from '../settings.js';
import type { EndpointConfigRecord, ModelRecord, VariantSpec } from '../state/resources.js';
import { scenarioSchema, type Scenario, type ScenarioInput } from './schema.js';

/** The scenario used when none is given: one `demo` endpoint on an ml.g5.xlarge, echo model that also streams. */
const DEFAULT_SCENARIO: ScenarioInput = {
  models: { 'demo-model': { image: 'emulator/echo:latest' } },
  endpoints: {
    demo: {
      variants: [
        { name: 'AllTraffic', model: 'demo-model', 'instance-type': 'ml.g5.xlarge', 'instance-count': 1 },
      ],
    },
  },
};

/** Validates a scenario object or reads and validates a YAML/JSON file. */
export async function loadScenario(source: string | ScenarioInput | undefined): Promise<Scenario> {
  if (source === undefined) return validate(DEFAULT_SCENARIO, 'the default scenario');
  if (typeof source !== 'string') return validate(source, 'the scenario');
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new UserInputError(
      {
        field: source,
        message: `cannot read the scenario file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        fix: 'check the --scenario path',
      },
      { cause: error },
    );
  }
  return validate(parseYaml(text, source), source);
}

function validate(raw: unknown, where: string): Scenario {
  const result = scenarioSchema.safeParse(raw ?? {});
  if (!result.success)
    throw new UserInputError(toInputIssues(result.error, raw), {
      title: `Invalid emulator scenario in ${where}`,
    });
  const scenario = result.data;
  const issues: InputIssue[] = [];
  for (const [endpointName, endpoint] of Object.entries(scenario.endpoints)) {
    endpoint.variants.forEach((variant, i) => {
      if (!(variant.model in scenario.models))
        issues.push({
          field: `endpoints.${endpointName}.variants[${i}].model`,
          message: `model "${variant.model}" is not declared under \`models\``,
          fix: `add it under \`models:\` (declared: ${Object.keys(scenario.models).join(', ') || 'none'})`,
        });
    });
    const names = endpoint.variants.map((v) => v.name);
    if (new Set(names).size !== names.length)
      issues.push({ field: `endpoints.${endpointName}.variants`, message: 'variant names must be unique' });
  }
  if (issues.length > 0) throw new UserInputError(issues, { title: `Invalid emulator scenario in ${where}` });
  return scenario;
}

/** Settings from a validated scenario and the start options (options win). */
export function resolveSettings(
  scenario: Scenario,
  options: { seed?: number; region?: string; lifecycle?: Partial<EmulatorSettings['lifecycle']> },
): EmulatorSettings {
  const profiles: Record<string, InstanceProfile> = { ...BUILT_IN_PROFILES };
  for (const [type, p] of Object.entries(scenario['instance-profiles'])) {
    const base = profiles[type] ?? FALLBACK_PROFILE;
    const workers = p.workers ?? base.workersPerInstance;
    profiles[type] = {
      workersPerInstance: workers,
      serviceTimeMedianMs: p.median ?? base.serviceTimeMedianMs,
      serviceTimeSigma: p.sigma ?? base.serviceTimeSigma,
      queuePerInstance: p.queue ?? (p.workers !== undefined ? workers * 8 : base.queuePerInstance),
      vcpus: p.vcpus ?? base.vcpus,
      gpus: p.gpus ?? base.gpus,
      memoryGiB: p['memory-gib'] ?? base.memoryGiB,
    };
  }
  const s = scenario.streaming;
  const l = scenario.lifecycle;
  const overload: Record<Scenario['overload'], OverloadError> = {
    throttling: 'ThrottlingException',
    'service-unavailable': 'ServiceUnavailable',
    'model-not-ready': 'ModelNotReadyException',
  };
  return {
    seed: options.seed ?? scenario.seed ?? 1,
    region: options.region ?? scenario.region ?? 'us-east-1',
    accountId: scenario['account-id'] ?? '123456789012',
    profiles,
    streaming: {
      ttftMedianUs: s.ttft === undefined ? DEFAULT_STREAMING.ttftMedianUs : s.ttft * 1000,
      interTokenUs: s['inter-token'] === undefined ? DEFAULT_STREAMING.interTokenUs : s['inter-token'] * 1000,
      interTokenSigma: s['inter-token-sigma'] ?? DEFAULT_STREAMING.interTokenSigma,
      tokens: s.tokens ?? DEFAULT_STREAMING.tokens,
      format: s.format ?? DEFAULT_STREAMING.format,
      splitParts: s['split-parts'] ?? DEFAULT_STREAMING.splitParts,
      prefillPerTokenUs:
        s['prefill-per-token'] === undefined
          ? DEFAULT_STREAMING.prefillPerTokenUs
          : s['prefill-per-token'] * 1000,
      decodeSlowdown: s['decode-slowdown'] ?? DEFAULT_STREAMING.decodeSlowdown,
      maxSequences: s['max-sequences'] ?? DEFAULT_STREAMING.maxSequences,
    },
    driftSigma: scenario.noise.drift ?? 0,
    stalls: scenario.noise.stalls.map((stall) => ({
      everyUs: stall.every * 1000,
      durationUs: stall.duration * 1000,
      phaseUs: (stall.offset ?? stall.every) * 1000,
      endpoint: namePattern(stall.endpoint),
    })),
    lifecycle: {
      createDelayMs: l['create-delay'] ?? DEFAULT_LIFECYCLE.createDelayMs,
      updateDelayMs: l['update-delay'] ?? DEFAULT_LIFECYCLE.updateDelayMs,
      deleteDelayMs: l['delete-delay'] ?? DEFAULT_LIFECYCLE.deleteDelayMs,
      containerStartupTimeoutMs:
        l['container-startup-timeout'] ?? DEFAULT_LIFECYCLE.containerStartupTimeoutMs,
      pingIntervalMs: l['ping-interval'] ?? DEFAULT_LIFECYCLE.pingIntervalMs,
      deleteWhileCreating: l['delete-while-creating'] ?? DEFAULT_LIFECYCLE.deleteWhileCreating,
      ...options.lifecycle,
    },
    overloadError: overload[scenario.overload],
    kinds: kindSettings(scenario),
  };
}

function kindSettings(scenario: Scenario): KindSettings {
  const d = DEFAULT_KIND_SETTINGS;
  const sl = scenario.serverless;
  const ic = scenario['inference-components'];
  return {
    serverless: {
      coldStartMs: sl['cold-start'] ?? d.serverless.coldStartMs,
      idleTimeoutMs: sl['idle-timeout'] ?? d.serverless.idleTimeoutMs,
    },
    components: {
      scaleToZeroAfterMs: ic['scale-to-zero-after'] ?? d.components.scaleToZeroAfterMs,
      scaleOutMs: ic['scale-out'] ?? d.components.scaleOutMs,
    },
    async: {
      defaultConcurrencyPerInstance:
        scenario.async['concurrency-per-instance'] ?? d.async.defaultConcurrencyPerInstance,
    },
    buckets: scenario.s3.buckets,
  };
}

/** Creates the scenario's models, configurations, endpoints (InService) and faults. */
export function applyScenario(ctx: EmulatorContext, scenario: Scenario): void {
  const { resources } = ctx;
  const nowMs = Date.now();
  for (const [name, m] of Object.entries(scenario.models)) {
    const container = {
      Image: m.image,
      Environment: m.environment,
      Mode: m.mode,
      ...(m['model-data-url'] ? { ModelDataUrl: m['model-data-url'] } : {}),
    };
    const record: ModelRecord = {
      name,
      arn: resources.arn('model', name),
      creationTimeMs: nowMs,
      container,
      input: {
        PrimaryContainer: container,
        ExecutionRoleArn: `arn:aws:iam::${ctx.settings.accountId}:role/emulator`,
      },
    };
    resources.models.set(name.toLowerCase(), record);
  }
  for (const [name, e] of Object.entries(scenario.endpoints)) {
    const configName = e['config-name'] ?? `${name}-config`;
    const variants: VariantSpec[] = e.variants.map((v) => {
      const raw = {
        VariantName: v.name,
        ModelName: v.model,
        InstanceType: v['instance-type'],
        InitialInstanceCount: v['instance-count'],
        InitialVariantWeight: v.weight,
      };
      return { ...raw, raw };
    });
    const config: EndpointConfigRecord = {
      name: configName,
      arn: resources.arn('endpoint-config', configName),
      creationTimeMs: nowMs,
      variants,
      input: { ProductionVariants: variants.map((v) => v.raw) },
    };
    resources.configs.set(configName.toLowerCase(), config);
    try {
      const record = ctx.lifecycle.seed(name, config);
      resources.addTags(
        record.arn,
        Object.entries(e.tags).map(([Key, Value]) => ({ Key, Value })),
      );
    } catch (error) {
      if (error instanceof DeploymentFailure)
        throw new UserInputError(
          { field: `endpoints.${name}`, message: error.message },
          { title: 'Invalid emulator scenario' },
        );
      throw error;
    }
  }
  applyFaults(ctx, scenario.faults);
  for (const bucket of scenario.s3.buckets) s3Objects(ctx).createBucket(bucket);
}

function applyFaults(ctx: EmulatorContext, faults: Scenario['faults']): void {
  for (const f of faults.invocation) {
    const rates = {
      throttle: f.throttle,
      serviceUnavailable: f['service-unavailable'],
      internalFailure: f['internal-failure'],
      modelNotReady: f['model-not-ready'],
      modelError: f['model-error'],
      modelErrorStatus: f['model-error-status'],
      streamError: f['stream-error'],
      streamErrorCode: f['stream-error-code'],
      internalStreamFailure: f['internal-stream-failure'],
      inBandError: f['in-band-error'],
    };
    const defined = Object.fromEntries(Object.entries(rates).filter(([, v]) => v !== undefined));
    ctx.faults.addInvocationFaults({ endpoint: f.endpoint, rates: defined });
  }
  for (const f of faults.deployment)
    ctx.faults.addDeploymentFault({
      endpoint: f.endpoint,
      ...(f.fail === undefined ? {} : { failureReason: f.fail }),
      ...(f['extra-delay'] === undefined ? {} : { extraDelayMs: f['extra-delay'] }),
      ...(f.times === undefined ? {} : { times: f.times }),
    });
  for (const f of faults.deletion)
    ctx.faults.addDeletionFault({ endpoint: f.endpoint, extraDelayMs: f['extra-delay'] });
  for (const f of faults['control-plane'])
    ctx.faults.addControlPlaneFault({
      operation: f.operation,
      resource: f.resource,
      error: f.error,
      ...(f.message === undefined ? {} : { message: f.message }),
      ...(f.status === undefined ? {} : { httpStatus: f.status }),
      ...(f.times === undefined ? {} : { times: f.times }),
    });
}
