/** SageMaker control plane (awsJson1_1). Placeholder until the operations land. */
import type { ProtocolHandler } from '../protocol.js';
import { amzTarget } from '../protocol.js';

export const controlPlaneProtocol: ProtocolHandler = {
  name: 'sagemaker',
  matches: (req) =>
    req.method === 'POST' &&
    (req.url === '/' || req.url?.startsWith('/?') === true) &&
    (amzTarget(req) === '' || amzTarget(req).startsWith('SageMaker.')),
  handle(req, res) {
    const text = JSON.stringify({
      __type: 'UnknownOperationException',
      message: `Unknown operation ${amzTarget(req)}`,
    });
    res.writeHead(400, {
      'Content-Type': 'application/x-amz-json-1.1',
      'x-amzn-ErrorType': 'UnknownOperationException',
    });
    res.end(text);
  },
};
