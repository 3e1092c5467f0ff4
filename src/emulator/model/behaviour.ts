/**
 * How a model behaves in the emulator, read from its container definition — the same fields a real
 * CreateModel carries. Any image is accepted; what the emulator models comes from the container's
 * Environment (documented in docs/emulator.md):
 *
 * | variable | effect |
 * |---|---|
 * | `EMULATOR_LATENCY_FACTOR` | multiplies the service time (default 1) |
 * | `EMULATOR_RESPONSE` | `echo` (default: the request body comes back) or `generate` (text generation) |
 * | `EMULATOR_STREAM_FORMAT` | `jsonlines` \| `sse` \| `openai` (default: the scenario's streaming format) |
 * | `EMULATOR_TTFT_MS`, `EMULATOR_INTER_TOKEN_MS`, `EMULATOR_TOKENS` | streaming timing and length |
 * | `EMULATOR_PREFILL_MS_PER_TOKEN`, `EMULATOR_DECODE_SLOWDOWN`, `EMULATOR_MAX_SEQUENCES` | LLM prefill, continuous batching, concurrent sequences |
 * | `EMULATOR_CONTAINER_URL` | proxy to a real container at this URL (an `http(s)://` Image does the same) |
 * | `EMULATOR_ECHO_ERRORS` | `true`: every invocation fails with a ModelError quoting the request's headers and body |
 * | `EMULATOR_MME_LOAD_MS`, `EMULATOR_MME_MAX_LOADED` | multi-model: cold-load time, models kept loaded per variant |
 * | `SAGEMAKER_MODEL_SERVER_WORKERS` | workers per instance (as with SageMaker's inference toolkit) |
 * | `SM_NUM_GPUS` / `OPTION_TENSOR_PARALLEL_DEGREE` | tensor parallelism n: service time × n^-0.6, workers ÷ n |
 *
 * A malformed value makes the deployment fail with a FailureReason naming the variable, as a real
 * container that cannot start would.
 */
import { STREAM_FORMATS, type StreamFormat } from './generation.js';

/** Scenario-wide streaming defaults. */
export interface StreamingDefaults {
  /** Median time to first token, µs; undefined = a draw from the variant's service-time distribution. */
  ttftMedianUs: number | undefined;
  /** Gap between tokens, µs. */
  interTokenUs: number;
  /** Lognormal sigma of each gap (0 = constant). */
  interTokenSigma: number;
  /** Tokens per response when the request does not ask for a number. */
  tokens: number;
  format: StreamFormat;
  /** Split each chunk across two PayloadParts (exercises clients' line buffering). */
  splitParts: boolean;
  /** Prefill time per prompt token (whitespace-separated word), µs; added to the TTFT. */
  prefillPerTokenUs: number;
  /** Decode slowdown per additional sequence in flight (0.05 = each one adds 5 % to every gap). */
  decodeSlowdown: number;
  /** Most sequences a generating model serves at once per instance (its workers); undefined = the profile's. */
  maxSequences: number | undefined;
}

export const DEFAULT_STREAMING: StreamingDefaults = {
  ttftMedianUs: undefined,
  interTokenUs: 15_000,
  interTokenSigma: 0.1,
  tokens: 32,
  format: 'jsonlines',
  splitParts: false,
  prefillPerTokenUs: 0,
  decodeSlowdown: 0,
  maxSequences: undefined,
};

/** The container fields the emulator reads (a subset of SageMaker's ContainerDefinition). */
export interface ContainerSpec {
  Image?: string;
  Environment?: Record<string, string>;
  Mode?: string;
}

export interface ModelBehaviour {
  modelName: string;
  /** Base URL of a real container to forward to (proxy mode), else undefined (modelled). */
  proxyUrl: string | undefined;
  latencyFactor: number;
  /** Workers per instance, when the model overrides the instance profile. */
  workersPerInstance: number | undefined;
  /** Divides the instance's workers (tensor parallelism). */
  workerDivisor: number;
  response: 'echo' | 'generate';
  /**
   * Every invocation fails with a ModelError whose message quotes the request's headers (the SigV4
   * `Authorization`, `X-Amz-Security-Token`, custom attributes) and body, as a careless container or
   * AWS's own signature errors do: the test bed for the gate's redaction.
   */
  echoErrors: boolean;
  multiModel: boolean;
  /** Multi-model: time to load a target model that is not loaded, µs. */
  mmeLoadUs: number;
  /** Multi-model: models kept loaded per variant (least recently used unloads first). */
  mmeMaxLoaded: number;
  streaming: StreamingDefaults;
}

/** A deployment-time failure (becomes the endpoint's FailureReason). */
export class DeploymentFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'DeploymentFailure';
  }
}

/** Derives a model's behaviour from its container; throws DeploymentFailure on a bad variable. */
export function modelBehaviour(
  modelName: string,
  container: ContainerSpec,
  defaults: StreamingDefaults,
): ModelBehaviour {
  const env = container.Environment ?? {};
  const read = new EnvReader(modelName, env);
  const image = container.Image ?? '';
  const proxyUrl = env.EMULATOR_CONTAINER_URL ?? (/^https?:\/\//.test(image) ? image : undefined);
  if (proxyUrl !== undefined && !/^https?:\/\/[^/]+/.test(proxyUrl))
    throw new DeploymentFailure(
      `Model ${modelName}: EMULATOR_CONTAINER_URL must be an http(s) URL, got "${proxyUrl}".`,
    );
  const tensorParallel =
    read.positiveInt('SM_NUM_GPUS') ?? read.positiveInt('OPTION_TENSOR_PARALLEL_DEGREE') ?? 1;
  const response = env.EMULATOR_RESPONSE ?? 'echo';
  if (response !== 'echo' && response !== 'generate')
    throw new DeploymentFailure(
      `Model ${modelName}: EMULATOR_RESPONSE must be "echo" or "generate", got "${response}".`,
    );
  const format = env.EMULATOR_STREAM_FORMAT ?? defaults.format;
  if (!(STREAM_FORMATS as readonly string[]).includes(format))
    throw new DeploymentFailure(
      `Model ${modelName}: EMULATOR_STREAM_FORMAT must be one of ${STREAM_FORMATS.join(', ')}, got "${format}".`,
    );
  const ttftMs = read.nonNegativeNumber('EMULATOR_TTFT_MS');
  const prefillMs = read.nonNegativeNumber('EMULATOR_PREFILL_MS_PER_TOKEN');
  const maxSequences = read.positiveInt('EMULATOR_MAX_SEQUENCES') ?? defaults.maxSequences;
  const gapMs = read.nonNegativeNumber('EMULATOR_INTER_TOKEN_MS');
  return {
    modelName,
    proxyUrl: proxyUrl?.replace(/\/+$/, ''),
    latencyFactor: (read.positiveNumber('EMULATOR_LATENCY_FACTOR') ?? 1) * Math.pow(tensorParallel, -0.6),
    workersPerInstance:
      read.positiveInt('SAGEMAKER_MODEL_SERVER_WORKERS') ??
      (response === 'generate' ? maxSequences : undefined),
    workerDivisor: tensorParallel,
    response,
    echoErrors: read.flag('EMULATOR_ECHO_ERRORS'),
    multiModel: container.Mode === 'MultiModel',
    mmeLoadUs: (read.nonNegativeNumber('EMULATOR_MME_LOAD_MS') ?? 200) * 1000,
    mmeMaxLoaded: read.positiveInt('EMULATOR_MME_MAX_LOADED') ?? 8,
    streaming: {
      ...defaults,
      format: format as StreamFormat,
      ttftMedianUs: ttftMs === undefined ? defaults.ttftMedianUs : ttftMs * 1000,
      interTokenUs: gapMs === undefined ? defaults.interTokenUs : gapMs * 1000,
      tokens: read.positiveInt('EMULATOR_TOKENS') ?? defaults.tokens,
      prefillPerTokenUs: prefillMs === undefined ? defaults.prefillPerTokenUs : prefillMs * 1000,
      decodeSlowdown: read.nonNegativeNumber('EMULATOR_DECODE_SLOWDOWN') ?? defaults.decodeSlowdown,
      maxSequences,
    },
  };
}

class EnvReader {
  constructor(
    private readonly modelName: string,
    private readonly env: Record<string, string>,
  ) {}

  positiveNumber(name: string): number | undefined {
    return this.number(name, (n) => n > 0, 'a positive number');
  }

  nonNegativeNumber(name: string): number | undefined {
    return this.number(name, (n) => n >= 0, 'a number ≥ 0');
  }

  flag(name: string): boolean {
    const text = this.env[name];
    if (text === undefined || text === 'false') return false;
    if (text === 'true') return true;
    throw new DeploymentFailure(`Model ${this.modelName}: ${name} must be "true" or "false", got "${text}".`);
  }

  positiveInt(name: string): number | undefined {
    return this.number(name, (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1');
  }

  private number(name: string, ok: (n: number) => boolean, expected: string): number | undefined {
    const text = this.env[name];
    if (text === undefined) return undefined;
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || !ok(n))
      throw new DeploymentFailure(`Model ${this.modelName}: ${name} must be ${expected}, got "${text}".`);
    return n;
  }
}
