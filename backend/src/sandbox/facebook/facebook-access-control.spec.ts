import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { handleRevokePageToken } from './facebook-access-control';
import type { SandboxServer } from '../core/sandbox.types';
import {
  graphUrl,
  longLivedUserToken,
  pageToken,
  postJson,
  startTestSandbox,
  type GraphErrorBody,
} from '../../../test/support/sandbox-harness';

const COFFEE_PAGE = '1000001';
const BIKES_PAGE = '1000002';

describe(handleRevokePageToken.name, () => {
  let sandbox: SandboxServer;
  let userToken: string;
  const revoke = (pageId: unknown) => postJson(`${sandbox.url}/control/facebook/revoke-page-token`, { pageId });
  const readPage = (token: string, pageId: string) => fetch(graphUrl(sandbox, pageId, { access_token: token }));

  before(async () => {
    sandbox = await startTestSandbox();
    userToken = await longLivedUserToken(sandbox);
  });
  after(() => sandbox.close());

  it('makes Graph answer 190 to that page’s token only; the user token and other pages keep working', async () => {
    const coffee = await pageToken(sandbox, userToken, COFFEE_PAGE);
    const bikes = await pageToken(sandbox, userToken, BIKES_PAGE);
    const revoked = await revoke(BIKES_PAGE);
    assert.equal(revoked.status, 200);
    assert.deepEqual(await revoked.json(), { pageId: BIKES_PAGE, revoked: 1 });

    const refused = await readPage(bikes, BIKES_PAGE);
    assert.equal(refused.status, 400);
    const error = ((await refused.json()) as GraphErrorBody).error;
    assert.equal(error.code, 190);
    assert.equal(error.error_subcode, 460);
    assert.match(error.message, /session has been invalidated/);
    assert.equal((await readPage(coffee, COFFEE_PAGE)).status, 200, 'another page’s token');
    assert.equal((await fetch(graphUrl(sandbox, 'me', { access_token: userToken }))).status, 200, 'the user token');
  });

  it('hands out a fresh, working token on the next page listing', async () => {
    const old = await pageToken(sandbox, userToken, COFFEE_PAGE);
    await revoke(COFFEE_PAGE);
    const fresh = await pageToken(sandbox, userToken, COFFEE_PAGE);
    assert.notEqual(fresh, old);
    assert.equal((await readPage(fresh, COFFEE_PAGE)).status, 200);
    assert.equal((await readPage(old, COFFEE_PAGE)).status, 400);
  });

  it('refuses a page it does not know', async () => {
    for (const pageId of ['9999999', 42, undefined]) assert.equal((await revoke(pageId)).status, 400);
  });
});
