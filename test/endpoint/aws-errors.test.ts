import { SageMakerServiceException, ResourceLimitExceeded } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { isBusy, isNotFound, isRetryable, isThrottling, isTransient } from '../../src/endpoint/aws-errors.js';

function serviceError(name: string, message: string, status = 400): SageMakerServiceException {
  return new SageMakerServiceException({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

describe('control-plane error classes', () => {
  it('treat SageMaker\'s "Could not find" ValidationException as not found, and nothing else', () => {
    expect(
      isNotFound(serviceError('ValidationException', 'Could not find endpoint "arn:aws:sagemaker:x".')),
    ).toBe(true);
    expect(isNotFound(serviceError('ValidationException', 'Could not find model "arn:..".'))).toBe(true);
    expect(
      isNotFound(serviceError('ValidationException', 'Cannot create already existing endpoint "x".')),
    ).toBe(false);
    expect(isNotFound(new Error('Could not find'))).toBe(false);
  });

  it('retry throttling and transient failures, never validation or limits', () => {
    expect(isThrottling(serviceError('ThrottlingException', 'Rate exceeded'))).toBe(true);
    expect(isTransient(serviceError('InternalFailure', 'oops', 500))).toBe(true);
    expect(isTransient(serviceError('ServiceUnavailable', 'later', 503))).toBe(true);
    expect(isTransient(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    const limit = new ResourceLimitExceeded({ message: 'too many', $metadata: { httpStatusCode: 400 } });
    expect(isRetryable(limit)).toBe(false);
    expect(isRetryable(serviceError('ValidationException', 'bad name'))).toBe(false);
  });

  it('treat an endpoint that cannot be deleted in its current status as busy', () => {
    expect(
      isBusy(
        serviceError('ValidationException', 'Cannot delete endpoint "x" while it is in status Creating.'),
      ),
    ).toBe(true);
    expect(isBusy(serviceError('ValidationException', 'Could not find endpoint "x".'))).toBe(false);
  });
});
