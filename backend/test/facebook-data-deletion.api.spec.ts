import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';
import { ErrorBody, KEY, LeadAdsHarness } from './support/lead-ads-harness';

interface Receipt {
  url: string;
  confirmation_code: string;
}

const FACEBOOK_USER = '900000001';

describe(`Facebook Data Deletion Request callback (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: LeadAdsHarness;
  let dataSource: DataSource;
  let first: SignedInDriver;
  let second: SignedInDriver;

  const post = (path: string, signedRequest?: string) =>
    fetch(`${stack.appUrl}/api/v1/webhooks/facebook/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(signedRequest === undefined ? {} : { signed_request: signedRequest }).toString(),
    });
  const signedRequest = async (issuedSecondsAgo = 0) =>
    (await h.control<{ signedRequest: string }>('facebook/signed-request', { issuedSecondsAgo })).signedRequest;
  const tokens = async () =>
    (await dataSource.query(
      `SELECT account_id, status, access_token_enc, refresh_token_enc FROM connections WHERE integration_key = '${KEY}'`,
    )) as { account_id: string; status: string; access_token_enc: string; refresh_token_enc: string | null }[];
  const pageRows = async () => Number((await dataSource.query('SELECT COUNT(*) AS n FROM facebook_pages'))[0].n);
  const statusOf = async (driver: SignedInDriver) =>
    (await h.json<{ status: string }>(driver, 'GET', `/api/v1/integrations/${KEY}`)).body.status;

  /** Two accounts connected as the same Facebook user, each with its Pages' tokens stored. */
  const connectBoth = async () => {
    for (const driver of [first, second]) {
      await driver.connect(KEY);
      assert.equal((await h.json(driver, 'GET', `/api/v1/integrations/${KEY}/pages`)).status, 200);
    }
    assert.equal(await pageRows(), 4);
  };

  before(async () => {
    stack = await startTestStack();
    h = new LeadAdsHarness(stack);
    dataSource = stack.app.app.get(DataSource);
    first = await signedInAdmin(stack.app);
    second = await signedInAdmin(stack.app);
  });
  after(() => stack.close());

  it('refuses a bad signature, a stale issued_at and a missing signed_request with 400 saying why', async () => {
    await connectBoth();
    const valid = await signedRequest();
    const [, payload] = valid.split('.');
    const forged = `${createHmac('sha256', 'not-the-app-secret').update(payload).digest('base64url')}.${payload}`;
    const cases: [string | undefined, RegExp][] = [
      [forged, /not signed with this app’s secret/],
      [await signedRequest(600), /stale: issued_at must be within the last 5 minutes/],
      ['no-dot-here', /not <signature>\.<payload>/],
      [undefined, /signed_request/],
    ];
    for (const [body, message] of cases) {
      const response = await post('data-deletion', body);
      assert.equal(response.status, 400, String(body));
      const error = (await response.json()) as ErrorBody;
      assert.match(error.message, message);
    }
    assert.deepEqual(
      (await tokens()).map((row) => row.status),
      ['connected', 'connected'],
      'nothing is deleted for a refused request',
    );
    assert.equal(await pageRows(), 4);
  });

  it('deletes the user’s tokens in every account, records the request and answers {url, confirmation_code}', async () => {
    const response = await post('data-deletion', await signedRequest());
    assert.equal(response.status, 200);
    const receipt = (await response.json()) as Receipt;
    assert.deepEqual(Object.keys(receipt).sort(), ['confirmation_code', 'url']);
    assert.match(receipt.confirmation_code, /^[0-9a-f]{32}$/);
    assert.equal(receipt.url, `${stack.appUrl}/api/v1/webhooks/facebook/data-deletion/${receipt.confirmation_code}`);

    const rows = await tokens();
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.status, 'reauth_required');
      assert.equal(row.access_token_enc, '', 'the user token is gone');
      assert.equal(row.refresh_token_enc, null);
    }
    assert.equal(await pageRows(), 0, 'every page token is gone');
    assert.equal(await statusOf(first), 'reauth_required');
    assert.equal(await statusOf(second), 'reauth_required');

    const recorded = await dataSource.query('SELECT * FROM facebook_data_deletions');
    assert.equal(recorded.length, 1);
    assert.equal(Number(recorded[0].connections_cleared), 2);
    assert.equal(Number(recorded[0].page_tokens_deleted), 4);
    assert.doesNotMatch(JSON.stringify(recorded), new RegExp(FACEBOOK_USER), 'the user is kept only as a hash');

    const activity = await h.json<{ type: string; detail: string | null }[]>(
      first,
      'GET',
      `/api/v1/integrations/${KEY}/activity`,
    );
    assert.ok(activity.body.some((entry) => /Data Deletion Request/.test(entry.detail ?? '')));

    const status = await fetch(receipt.url);
    assert.equal(status.status, 200);
    assert.match(status.headers.get('content-security-policy') ?? '', /default-src/);
    const body = (await status.json()) as { confirmationCode: string; status: string; completedAt: string };
    assert.equal(body.confirmationCode, receipt.confirmation_code);
    assert.equal(body.status, 'completed');
    assert.ok(!Number.isNaN(Date.parse(body.completedAt)));
  });

  it('answers 404 on the status page for an unknown or malformed code', async () => {
    for (const code of ['0'.repeat(32), 'not-a-code', `${'a'.repeat(32)}x`]) {
      const response = await fetch(`${stack.appUrl}/api/v1/webhooks/facebook/data-deletion/${code}`);
      assert.equal(response.status, 404, code);
      assert.equal(((await response.json()) as ErrorBody).error, 'data_deletion_not_found');
    }
  });

  it('disconnects without revoking the deleted tokens, and a reconnect works again', async () => {
    await fetch(`${stack.sandbox.url}/control/reset`, { method: 'POST' });
    assert.equal((await first.api('DELETE', `/api/v1/integrations/${KEY}/connection`)).status, 204);
    const log = (await (await fetch(`${stack.sandbox.url}/control/log`)).json()) as { type: string }[];
    assert.ok(!log.some((entry) => entry.type === 'revocation'), 'nothing left to revoke');
    await second.connect(KEY);
    assert.equal(await statusOf(second), 'connected');
    assert.equal((await h.json(second, 'GET', `/api/v1/integrations/${KEY}/pages`)).status, 200);
    assert.equal(await pageRows(), 2);
  });

  it('drops the stored tokens on the deauthorize callback too', async () => {
    assert.equal((await post('deauthorize', await signedRequest())).status, 200);
    const [row] = await tokens();
    assert.equal(row.status, 'reauth_required');
    assert.equal(row.access_token_enc, '');
    assert.equal(await pageRows(), 0);
    assert.equal((await post('deauthorize', await signedRequest(600))).status, 401, 'a stale one is still refused');
  });
});
