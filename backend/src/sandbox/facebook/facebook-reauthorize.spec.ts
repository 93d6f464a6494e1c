import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { SandboxServer } from '../core/sandbox.types';
import {
  FACEBOOK,
  graphGet,
  graphUrl,
  obtainCode,
  pageToken,
  pkcePair,
  postJson,
  redeem,
  startTestSandbox,
  type GraphList,
} from '../../../test/support/sandbox-harness';

const COFFEE_PAGE = '1000001';
const SCOPE = 'pages_show_list,leads_retrieval,pages_manage_metadata';

/** Meta: logging in again issues a new user token and keeps the app's grant; only DELETE /me/permissions ends it. */
describe('sandbox Facebook: authorizing the app again (a reconnect)', () => {
  let sandbox: SandboxServer;

  async function userToken(params: Record<string, string> = {}): Promise<string> {
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(sandbox, FACEBOOK, {
      scope: SCOPE,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...params,
    });
    const response = await redeem(sandbox, FACEBOOK, code, { code_verifier: verifier });
    assert.equal(response.status, 200);
    return ((await response.json()) as { access_token: string }).access_token;
  }
  const meStatus = async (token: string) => (await fetch(graphUrl(sandbox, 'me', { access_token: token }))).status;
  const declined = async (token: string) =>
    (await graphGet<GraphList<{ permission: string; status: string }>>(sandbox, 'me/permissions', { access_token: token })).data
      .filter((p) => p.status === 'declined')
      .map((p) => p.permission);

  beforeEach(async () => {
    sandbox = await startTestSandbox();
  });
  afterEach(() => sandbox.close());

  it('issues a new user token and leaves the earlier one and its page tokens working', async () => {
    const first = await userToken();
    const firstPage = await pageToken(sandbox, first, COFFEE_PAGE);
    const second = await userToken({ auth_type: 'rerequest' });
    assert.notEqual(second, first);
    for (const token of [first, firstPage, second]) assert.equal(await meStatus(token), 200);
  });

  it('DELETE /me/permissions with the earlier token ends the new one too: one grant per user and app', async () => {
    const first = await userToken();
    const second = await userToken();
    const secondPage = await pageToken(sandbox, second, COFFEE_PAGE);
    const response = await fetch(graphUrl(sandbox, 'me/permissions', { access_token: first }), { method: 'DELETE' });
    assert.equal(response.status, 200);
    for (const token of [first, second, secondPage]) assert.ok((await meStatus(token)) >= 400, 'revoked');
  });

  it('asks again for declined permissions only with auth_type=rerequest, and the user allows them', async () => {
    const settings = await postJson(`${sandbox.url}/control/facebook/settings`, { declinedPermissions: ['leads_retrieval'] });
    assert.equal(settings.status, 200);
    const plain = await userToken();
    assert.deepEqual(await declined(plain), ['leads_retrieval'], 'without rerequest Facebook does not ask again');
    const again = await userToken({ auth_type: 'rerequest' });
    assert.deepEqual(await declined(again), []);
  });
});
