import assert from 'node:assert/strict';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseWebhooksSettings } from '../webhooks.config';
import { RESPONSE_BODY_LIMIT, WebhookHttpClient } from './webhook-http.client';

describe(WebhookHttpClient.name, () => {
  let server: Server;
  let base: string;
  const hits: string[] = [];
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/ok': (_req, res) => res.writeHead(204).end(),
    '/big': (_req, res) => res.writeHead(500).end('e'.repeat(10 * RESPONSE_BODY_LIMIT)),
    '/redirect': (_req, res) => res.writeHead(301, { Location: `${base}/ok` }).end(),
    '/slow': (_req, res) => setTimeout(() => res.writeHead(200).end(), 1000),
  };
  const client = (env: Record<string, string> = {}) =>
    new WebhookHttpClient(parseWebhooksSettings({ WEBHOOK_TIMEOUT_MS: '200', ...env }));

  before(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      req.resume();
      req.on('end', () => routes[req.url ?? '']?.(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('counts a 2xx as delivered', async () => {
    const result = await client().post(`${base}/ok`, { 'webhook-id': 'msg_1' }, '{}');
    assert.deepEqual(
      { ...result, durationMs: 0 },
      {
        ok: true,
        outcome: 'delivered',
        statusCode: 204,
        durationMs: 0,
        error: null,
        responseBody: '',
      },
    );
  });

  it('keeps at most 1 kB of the answer', async () => {
    const result = await client().post(`${base}/big`, {}, '{}');
    assert.equal(result.ok, false);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.statusCode, 500);
    assert.equal(result.responseBody, 'e'.repeat(RESPONSE_BODY_LIMIT));
  });

  it('reports a redirect without following it', async () => {
    hits.length = 0;
    const result = await client().post(`${base}/redirect`, {}, '{}');
    assert.equal(result.statusCode, 301);
    assert.equal(result.outcome, 'failed');
    assert.match(result.error ?? '', /redirects are not followed/);
    assert.deepEqual(hits, ['/redirect']);
  });

  it('gives up on a receiver slower than the timeout', async () => {
    const result = await client().post(`${base}/slow`, {}, '{}');
    assert.equal(result.ok, false);
    assert.equal(result.outcome, 'timeout');
    assert.equal(result.statusCode, null);
    assert.equal(result.error, 'No answer within 200 ms');
  });

  it('refuses at send time, in production, an address that is not public, without connecting', async () => {
    hits.length = 0;
    const result = await client({ NODE_ENV: 'production' }).post(`${base.replace('http:', 'https:')}/ok`, {}, '{}');
    assert.equal(result.outcome, 'refused');
    assert.equal(result.statusCode, null);
    assert.match(result.error ?? '', /^Not sent: 127\.0\.0\.1 resolves to a private, loopback or link-local address$/);
    assert.deepEqual(hits, []);
  });
});
