import { describe, expect, it } from 'vitest';
import { compileExpectation } from '../../src/load/invoke/expectations.js';
import { parseJsonPath, valueAtPath } from '../../src/load/invoke/json-path.js';
import { resolveRuntimeUrl } from '../../src/load/invoke/endpoint-url.js';
import {
  classifyErrorResponse,
  classifyTransportError,
  errorNameOf,
  parseErrorBody,
} from '../../src/load/invoke/outcome.js';

describe('outcome classification', () => {
  it('maps SageMaker error names, then HTTP statuses, to classes', () => {
    const table: [string | undefined, number, string, string][] = [
      ['ThrottlingException', 400, 'Rate exceeded', 'throttled'],
      ['ModelError', 424, 'Received client error (400)', 'model_error'],
      ['ValidationError', 400, 'Endpoint x not found', 'validation'],
      ['ModelNotReadyException', 429, '', 'not_ready'],
      ['ServiceUnavailable', 503, '', 'service_unavailable'],
      ['InternalFailure', 500, '', 'internal_failure'],
      ['InternalDependencyException', 530, '', 'internal_failure'],
      ['AccessDeniedException', 403, 'no', 'other'],
      [undefined, 429, '', 'throttled'],
      [undefined, 400, 'Rate exceeded', 'throttled'],
      [undefined, 503, '', 'service_unavailable'],
      [undefined, 502, 'Bad gateway', 'other'],
    ];
    for (const [name, status, message, expected] of table) {
      expect(classifyErrorResponse(name, status, message), `${name} ${status}`).toBe(expected);
    }
    expect(errorNameOf('ModelError:http://internal.amazon.com/coral/com.amazon.sagemaker/')).toBe(
      'ModelError',
    );
    expect(errorNameOf('aws.sagemaker#ValidationError')).toBe('ValidationError');
  });

  it('classifies transport failures by their codes and causes', () => {
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('network');
    expect(
      classifyTransportError(
        new Error('fetch failed', { cause: Object.assign(new Error('y'), { code: 'UND_ERR_SOCKET' }) }),
      ),
    ).toBe('network');
    expect(classifyTransportError(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toBe('timeout');
    expect(classifyTransportError(new Error('weird'))).toBe('other');
  });

  it('reads the message and the container status from error bodies', () => {
    expect(
      parseErrorBody('{"message":"m","OriginalStatusCode":500,"ErrorCode":"SERVER_ERROR_FROM_MODEL"}'),
    ).toEqual({ message: 'm', originalStatus: 500 });
    expect(parseErrorBody('{"Message":"M"}')).toEqual({ message: 'M', originalStatus: undefined });
    expect(parseErrorBody('<html>')).toEqual({ message: '<html>', originalStatus: undefined });
  });
});

describe('endpoint URL resolution', () => {
  it('follows the SDK: service variable, global variable, opt-out, regional default', () => {
    expect(resolveRuntimeUrl('us-east-1')).toBe('https://runtime.sagemaker.us-east-1.amazonaws.com');
    expect(resolveRuntimeUrl('cn-north-1')).toBe('https://runtime.sagemaker.cn-north-1.amazonaws.com.cn');
    const env = {
      AWS_ENDPOINT_URL: 'http://global:1/',
      AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: 'http://runtime:2/',
    };
    expect(resolveRuntimeUrl('us-east-1', env)).toBe('http://runtime:2');
    expect(resolveRuntimeUrl('us-east-1', { AWS_ENDPOINT_URL: 'http://global:1' })).toBe('http://global:1');
    expect(resolveRuntimeUrl('us-east-1', { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).toBe(
      'https://runtime.sagemaker.us-east-1.amazonaws.com',
    );
    expect(resolveRuntimeUrl('us-east-1', env, 'http://explicit:3')).toBe('http://explicit:3');
  });
});

describe('response checks', () => {
  it('evaluates JSON paths and reports the first failed check', () => {
    expect(valueAtPath({ a: [{ 'b c': 1 }, 2] }, parseJsonPath("$.a[0]['b c']"))).toBe(1);
    expect(valueAtPath({ a: [1, 2] }, parseJsonPath('$.a[-1]'))).toBe(2);
    expect(() => parseJsonPath('$.a[?(@.x)]')).toThrow(/not supported at position 3/);
    const checker = compileExpectation({
      status: 200,
      nonEmpty: true,
      json: [
        { path: '$.label', equals: 'cat', contains: undefined, nonEmpty: undefined },
        { path: '$.scores', equals: undefined, contains: undefined, nonEmpty: true },
      ],
    });
    const body = (v: unknown) => Buffer.from(JSON.stringify(v));
    expect(checker.needsBody).toBe(true);
    expect(checker.check(200, body({ label: 'cat', scores: [0.9] }))).toBeUndefined();
    expect(checker.check(200, body({ label: 'dog', scores: [0.9] }))).toBe(
      '$.label: expected "cat", got "dog"',
    );
    expect(checker.check(200, body({ label: 'cat', scores: [] }))).toBe(
      '$.scores: expected a non-empty value, got []',
    );
    expect(checker.check(201, body({}))).toBe('expected HTTP 200, got 201');
    expect(checker.check(200, Buffer.from('nope'))).toBe('expected a JSON body');
    expect(checker.check(200, undefined, 0)).toBe('expected at least one token, the stream had none');
    expect(compileExpectation(undefined).check(200, undefined)).toBeUndefined();
  });
});
