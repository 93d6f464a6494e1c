import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox } from '../core/sandbox-server';
import type { SandboxServer } from '../core/sandbox.types';
import {
  FACEBOOK,
  graphGet,
  graphUrl,
  longLivedUserToken,
  obtainTokens,
  pageToken,
  sandboxLog,
  startTestSandbox,
  type GraphAccount,
  type GraphErrorBody,
  type GraphForm,
  type GraphLead,
  type GraphList,
} from '../../../test/support/sandbox-harness';

const COFFEE_PAGE = '1000001';
const BIKES_PAGE = '1000002';
const SUBSCRIPTION_FORM = '2000001';

describe(startSandbox.name, () => {
  let sandbox: SandboxServer;
  let userToken: string;
  let coffeeToken: string;

  before(async () => {
    sandbox = await startTestSandbox();
    userToken = await longLivedUserToken(sandbox);
    coffeeToken = await pageToken(sandbox, userToken, COFFEE_PAGE);
  });

  after(() => sandbox.close());

  async function graphError(response: Response): Promise<GraphErrorBody['error']> {
    assert.ok(response.status >= 400, `expected an error, got ${response.status}`);
    const body = (await response.json()) as GraphErrorBody;
    assert.equal(body.error.type, 'OAuthException');
    assert.ok(body.error.fbtrace_id);
    return body.error;
  }

  async function allLeads(formId: string, limit: number): Promise<{ leads: GraphLead[]; pages: number }> {
    const leads: GraphLead[] = [];
    let url: string | undefined = graphUrl(sandbox, `${formId}/leads`, { access_token: coffeeToken, limit: String(limit) });
    let pages = 0;
    while (url) {
      const body = (await (await fetch(url)).json()) as GraphList<GraphLead>;
      leads.push(...body.data);
      pages += 1;
      url = body.paging?.next;
    }
    return { leads, pages };
  }

  describe('Graph token exchange', () => {
    it('exchanges a short-lived user token for a long-lived one', async () => {
      const shortLived = await obtainTokens(sandbox, FACEBOOK);
      const body = await graphGet<{ access_token: string; token_type: string; expires_in: number }>(
        sandbox,
        'oauth/access_token',
        {
          grant_type: 'fb_exchange_token',
          client_id: FACEBOOK.clientId,
          client_secret: FACEBOOK.clientSecret,
          fb_exchange_token: shortLived.access_token,
        },
      );

      assert.match(body.access_token, /^sbx_at_/);
      assert.notEqual(body.access_token, shortLived.access_token);
      assert.equal(body.token_type, 'bearer');
      assert.equal(body.expires_in, 5_184_000);
    });

    it('refuses a wrong app secret (code 1) and an unknown short-lived token (code 190)', async () => {
      const shortLived = await obtainTokens(sandbox, FACEBOOK);
      const params = {
        grant_type: 'fb_exchange_token',
        client_id: FACEBOOK.clientId,
        fb_exchange_token: shortLived.access_token,
      };

      assert.equal(
        (await graphError(await fetch(graphUrl(sandbox, 'oauth/access_token', { ...params, client_secret: 'wrong' })))).code,
        1,
      );
      const unknown = { ...params, client_secret: FACEBOOK.clientSecret, fb_exchange_token: 'sbx_at_nope' };
      assert.equal((await graphError(await fetch(graphUrl(sandbox, 'oauth/access_token', unknown)))).code, 190);
    });
  });

  describe('Graph user and pages', () => {
    it('answers /me with the token as query parameter or as Bearer header', async () => {
      const byQuery = await graphGet<{ id: string; name: string }>(sandbox, 'me', { fields: 'id,name', access_token: userToken });
      const byHeader = await fetch(graphUrl(sandbox, 'me', { fields: 'id,name' }), {
        headers: { Authorization: `Bearer ${userToken}` },
      });

      assert.deepEqual(byQuery, { id: '900000001', name: 'Sandbox User' });
      assert.deepEqual(await byHeader.json(), byQuery);
    });

    it('lists both pages with page tokens in Graph paging format', async () => {
      const body = await graphGet<GraphList<GraphAccount>>(sandbox, 'me/accounts', { access_token: userToken });

      assert.deepEqual(
        body.data.map((page) => [page.id, page.name]),
        [
          [COFFEE_PAGE, 'Aurora Coffee Roasters'],
          [BIKES_PAGE, 'Aurora Bikes'],
        ],
      );
      for (const page of body.data) {
        assert.match(page.access_token, /^sbx_pt_/);
        assert.ok(page.category);
        assert.ok(page.tasks.includes('MANAGE'));
      }
      assert.ok(body.paging?.cursors.before && body.paging.cursors.after);
      assert.equal(body.paging.next, undefined);
    });

    it('lists a page’s lead forms with their questions, one page of results at a time', async () => {
      const fields = 'id,name,status,questions';
      const first = await graphGet<GraphList<GraphForm>>(sandbox, `${COFFEE_PAGE}/leadgen_forms`, {
        access_token: coffeeToken,
        fields,
        limit: '1',
      });
      const second = await graphGet<GraphList<GraphForm>>(sandbox, `${COFFEE_PAGE}/leadgen_forms`, {
        access_token: coffeeToken,
        fields,
        limit: '1',
        after: first.paging?.cursors.after ?? '',
      });

      assert.equal(first.data.length, 1);
      assert.ok(first.paging?.next);
      assert.equal(second.data.length, 1);
      assert.equal(second.paging?.next, undefined);
      const forms = [...first.data, ...second.data];
      assert.deepEqual(
        forms.map((form) => form.id),
        [SUBSCRIPTION_FORM, '2000002'],
      );
      for (const form of forms) {
        assert.equal(form.status, 'ACTIVE');
        const keys = form.questions.map((question) => question.key);
        assert.deepEqual(keys.slice(0, 3), ['full_name', 'email', 'phone_number']);
        assert.equal(keys.length, 4);
      }
    });

    it('requires the page’s own token for its lead forms', async () => {
      const withUserToken = await fetch(graphUrl(sandbox, `${COFFEE_PAGE}/leadgen_forms`, { access_token: userToken }));
      const withOtherPage = await fetch(graphUrl(sandbox, `${BIKES_PAGE}/leadgen_forms`, { access_token: coffeeToken }));

      assert.equal((await graphError(withUserToken)).code, 190);
      assert.equal((await graphError(withOtherPage)).code, 200);
    });

    it('pages through a form’s leads newest first without gaps or repeats', async () => {
      const { leads, pages } = await allLeads(SUBSCRIPTION_FORM, 2);

      assert.equal(pages, 3);
      assert.equal(leads.length, 5);
      assert.equal(new Set(leads.map((lead) => lead.id)).size, 5);
      const times = leads.map((lead) => Date.parse(lead.created_time.replace('+0000', 'Z')));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
      for (const lead of leads) {
        assert.equal(lead.form_id, SUBSCRIPTION_FORM);
        assert.match(lead.created_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
        assert.deepEqual(
          lead.field_data.map((field) => field.name),
          ['full_name', 'email', 'phone_number', 'preferred_contact_time'],
        );
      }
    });

    it('filters leads on time_created', async () => {
      const { leads } = await allLeads(SUBSCRIPTION_FORM, 25);
      const newest = leads[0];
      assert.ok(newest);
      const since = Math.floor(Date.parse(newest.created_time.replace('+0000', 'Z')) / 1000) - 1;
      const filtering = JSON.stringify([{ field: 'time_created', operator: 'GREATER_THAN', value: since }]);
      const body = await graphGet<GraphList<GraphLead>>(sandbox, `${SUBSCRIPTION_FORM}/leads`, {
        access_token: coffeeToken,
        filtering,
      });

      assert.deepEqual(
        body.data.map((lead) => lead.id),
        [newest.id],
      );
      const invalid = await fetch(
        graphUrl(sandbox, `${SUBSCRIPTION_FORM}/leads`, { access_token: coffeeToken, filtering: 'nope' }),
      );
      assert.equal((await graphError(invalid)).code, 100);
    });

    it('reads one lead, honouring fields and refusing unknown ones', async () => {
      const lead = await graphGet<GraphLead>(sandbox, '3000001', { access_token: coffeeToken });
      const selected = await graphGet<Record<string, unknown>>(sandbox, '3000001', {
        access_token: coffeeToken,
        fields: 'created_time',
      });
      const unknown = await fetch(graphUrl(sandbox, '3000001', { access_token: coffeeToken, fields: 'secrets' }));

      assert.equal(lead.id, '3000001');
      assert.equal(lead.form_id, SUBSCRIPTION_FORM);
      assert.equal(lead.ad_id, '6000001');
      assert.deepEqual(Object.keys(selected), ['id', 'created_time']);
      assert.equal((await graphError(unknown)).code, 100);
    });

    it('subscribes the app to leadgen webhooks, lists and removes the subscription', async () => {
      const url = (params: Record<string, string> = {}): string =>
        graphUrl(sandbox, `${COFFEE_PAGE}/subscribed_apps`, { access_token: coffeeToken, ...params });

      assert.deepEqual(await (await fetch(url({ subscribed_fields: 'leadgen' }), { method: 'POST' })).json(), { success: true });
      assert.deepEqual(await (await fetch(url())).json(), {
        data: [{ id: FACEBOOK.clientId, name: 'Aurora Inbox', subscribed_fields: ['leadgen'] }],
      });
      assert.deepEqual(await (await fetch(url(), { method: 'DELETE' })).json(), { success: true });
      assert.deepEqual(await (await fetch(url())).json(), { data: [] });
      assert.equal((await graphError(await fetch(url(), { method: 'POST' }))).code, 100);
    });
  });

  describe('Graph errors', () => {
    it('answers an invalid token with code 190 in Graph format', async () => {
      const response = await fetch(graphUrl(sandbox, 'me/accounts', { access_token: 'sbx_at_invalid' }));

      assert.equal(response.status, 400);
      assert.equal((await graphError(response)).code, 190);
    });

    it('answers a missing token with 104, an unknown object with 100/33 and a bad version with 2500', async () => {
      const missing = await fetch(graphUrl(sandbox, 'me'));
      const unknownObject = await fetch(graphUrl(sandbox, '999', { access_token: userToken }));
      const badVersion = await fetch(`${sandbox.url}/facebook-lead-ads/graph/latest/me?access_token=${userToken}`);

      assert.equal((await graphError(missing)).code, 104);
      const unknown = await graphError(unknownObject);
      assert.equal(unknown.code, 100);
      assert.equal(unknown.error_subcode, 33);
      assert.equal((await graphError(badVersion)).code, 2500);
    });

    it('revokes every token of the user on DELETE /me/permissions', async () => {
      const own = await startTestSandbox();
      try {
        const token = await longLivedUserToken(own);
        const page = await pageToken(own, token, COFFEE_PAGE);
        const response = await fetch(graphUrl(own, 'me/permissions', { access_token: token }), { method: 'DELETE' });

        assert.deepEqual(await response.json(), { success: true });
        for (const revoked of [token, page]) {
          const error = await graphError(await fetch(graphUrl(own, 'me', { access_token: revoked })));
          assert.equal(error.code, 190);
          assert.equal(error.error_subcode, 458);
        }
        assert.ok(
          (await sandboxLog(own)).some((event) => event.type === 'revocation' && event.providerKey === 'facebook-lead-ads'),
        );
      } finally {
        await own.close();
      }
    });
  });

  it('answers 503 (code 2) to lead listings while the facebook api fault is down, and lists again after', async () => {
    const fault = (mode: string) =>
      fetch(`${sandbox.url}/control/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ providerKey: FACEBOOK.providerKey, endpoint: 'api', mode }),
      });
    const list = () => fetch(graphUrl(sandbox, `${SUBSCRIPTION_FORM}/leads`, { access_token: coffeeToken }));
    assert.equal((await fault('down')).status, 200);
    try {
      const down = await list();
      assert.equal(down.status, 503);
      assert.equal(((await down.json()) as GraphErrorBody).error.code, 2);
    } finally {
      await fault('ok');
    }
    assert.equal((await list()).status, 200);
  });
});
