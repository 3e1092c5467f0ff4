/**
 * The config's secret-bearing fields: container environment values (`endpoint.deploy.environment`,
 * `endpoint.deploy.model.environment`) and `request.custom-attributes`. Their values are handed to
 * SageMaker and to no one else: the run's redactor masks them in every output, and the effective
 * config stored in result.json shows their keys with masked values.
 */
import { MASK } from '../core/redact.js';
import type { Config } from './parse.js';

/** Every secret value the config holds. */
export function configSecrets(config: Config): string[] {
  const deploy = config.endpoint.deploy;
  return [
    ...Object.values(deploy?.environment ?? {}),
    ...Object.values(deploy?.model?.environment ?? {}),
    ...(config.request.customAttributes === undefined ? [] : [config.request.customAttributes]),
  ];
}

/** `config` with the secret-bearing values masked (keys kept), for the effective config of a report. */
function maskConfigSecrets<T extends Pick<Config, 'endpoint' | 'request'>>(config: T): T {
  const { deploy } = config.endpoint;
  const { customAttributes } = config.request;
  return {
    ...config,
    endpoint: {
      ...config.endpoint,
      deploy:
        deploy === undefined
          ? undefined
          : {
              ...deploy,
              environment: maskValues(deploy.environment),
              model:
                deploy.model === undefined
                  ? undefined
                  : { ...deploy.model, environment: maskValues(deploy.model.environment) },
            },
    },
    request: { ...config.request, customAttributes: customAttributes === undefined ? undefined : MASK },
  };
}

function maskValues(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(values).map((key) => [key, MASK]));
}

/**
 * The config as recorded in result.json (`config`): secret values masked (keys kept), inline payload
 * bodies summarized (they can be megabytes).
 */
export function configRecord(config: Pick<Config, 'endpoint' | 'request'>): unknown {
  const masked = maskConfigSecrets(config);
  const { payloads } = masked.request;
  return {
    ...masked,
    request: {
      ...masked.request,
      payloads:
        payloads === undefined
          ? 'synthetic'
          : typeof payloads === 'string'
            ? payloads
            : `${payloads.length} inline payload(s)`,
    },
  };
}
