/**
 * The scenario key: a stable hash of what makes two results comparable.
 *
 * It covers the *test*: which endpoint is targeted (an existing endpoint by name, or a candidate by
 * what it is deployed from), region and variant, the load profile, the request shape and the payload
 * set. It deliberately leaves out the *configuration under test* of a deployed candidate (instance
 * type and count, container environment, image tag): that is what a pull request changes and what
 * the gate must judge, so a PR that moves to a smaller instance is compared with the baseline instead
 * of silently becoming a "first run". Runs that must never be compared with each other (e.g. the legs
 * of a matrix over instance types) get their own `scenario:` name, which is part of the key.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config/parse.js';
import type { ResultDocument } from '../result/document.js';
import { formatDuration } from '../core/duration.js';

export type Scenario = ResultDocument['scenario'];

/** Bump when the meaning of the components changes, so old results stop matching. */
const KEY_VERSION = 'v1';

/**
 * The scenario of a run.
 * @param payloadDigest digest of the resolved payload set (bodies, weights, per-payload target models)
 */
export function computeScenario(config: Config, payloadDigest: string): Scenario {
  const components = scenarioComponents(config, payloadDigest);
  const canonical = Object.keys(components)
    .sort()
    .map((k) => `${k}=${components[k]}`)
    .join('\n');
  const key = createHash('sha256').update(`${KEY_VERSION}\n${canonical}`).digest('hex').slice(0, 16);
  return config.scenario === undefined ? { key, components } : { key, name: config.scenario, components };
}

/** The human-readable parts the key is computed from (shown in reports). */
function scenarioComponents(config: Config, payloadDigest: string): Record<string, string> {
  const { endpoint, load, request } = config;
  const components: Record<string, string> = {
    target: targetIdentity(config),
    region: config.region,
    load: [
      load.mode,
      load.mode === 'arrival-rate' ? `${load.arrivals} max-in-flight=${load.maxInFlight}` : '',
      `warmup=${formatDuration(load.warmupMs)}`,
      load.capacity
        ? `capacity start=${load.capacity.start} max=${load.capacity.max} probe=${formatDuration(load.capacity.probeMs)} resolution=${load.capacity.resolution}`
        : '',
      load.stages
        .map(
          (s) =>
            `${s.name}:${formatDuration(s.durationMs)}@${s.target}${s.rampMs ? `~${formatDuration(s.rampMs)}` : ''}`,
        )
        .join(','),
    ]
      .filter(Boolean)
      .join(' '),
    request: [
      `${request.contentType}->${request.accept}`,
      `serializer=${request.serializer}`,
      `batch=${request.batch}`,
      `selection=${request.selection}`,
      request.stream ? `stream=${request.streamFormat}` : 'stream=off',
      request.targetModel ? `target-model=${request.targetModel}` : '',
      request.targetContainer ? `target-container=${request.targetContainer}` : '',
      request.inferenceComponent ? `inference-component=${request.inferenceComponent}` : '',
      request.customAttributes ? `custom-attributes=${request.customAttributes}` : '',
    ]
      .filter(Boolean)
      .join(' '),
    payloads: payloadDigest,
  };
  if (endpoint.variant) components.variant = endpoint.variant;
  if (config.scenario) components.scenario = config.scenario;
  return components;
}

function targetIdentity(config: Config): string {
  const deploy = config.endpoint.deploy;
  if (!deploy) return `endpoint:${config.endpoint.name ?? ''}`;
  if (deploy.fromEndpoint) return `candidate-from:${deploy.fromEndpoint}`;
  // A full model spec: identify the candidate by its image repository, not the tag under test.
  const image = deploy.model?.image ?? '';
  const repository = image.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[^/:]+$/, '');
  return `candidate-image:${repository}`;
}
