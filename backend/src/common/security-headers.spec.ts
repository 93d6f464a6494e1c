import assert from 'node:assert/strict';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, it } from 'node:test';
import helmet from 'helmet';
import { securityHeaders } from './security-headers';

function headersAfter(middleware: (req: IncomingMessage, res: ServerResponse, next: () => void) => void) {
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  response.setHeader('X-Powered-By', 'Express');
  middleware(request, response, () => undefined);
  return response.getHeaders();
}

describe(securityHeaders.name, () => {
  it('copies the headers helmet computed once, and removes X-Powered-By as helmet does', () => {
    const copied = headersAfter(securityHeaders({ https: true, styleSources: ["'sha256-abc'"] }));
    assert.equal(copied['x-powered-by'], undefined);
    assert.equal(copied['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    assert.match(String(copied['content-security-policy']), /style-src 'self' 'sha256-abc';.*upgrade-insecure-requests/);
    // Everything helmet's defaults would send, apart from what the strict policy turns off or replaces.
    const defaults = Object.keys(headersAfter(helmet())).filter((name) => name !== 'cross-origin-opener-policy');
    assert.deepEqual(Object.keys(copied).sort(), defaults.sort());
  });

  it('answers the same for every request', () => {
    const middleware = securityHeaders({ https: false });
    assert.deepEqual(headersAfter(middleware), headersAfter(middleware));
  });
});
