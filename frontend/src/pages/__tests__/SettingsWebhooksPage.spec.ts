import type { VueWrapper } from '@vue/test-utils';
import type { WebhookDeliveryResponse, WebhookEndpointResponse } from '../../api/schema';
import { mountApp, signInAs } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { errorReply, installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { adminUser } from '../../test-support/fixtures';
import { settle } from '../../test-support/flush';

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;

const endpoint = (id: string, overrides: Partial<WebhookEndpointResponse> = {}): WebhookEndpointResponse => ({
  id,
  url: `https://hooks.example.com/${id}`,
  eventTypes: [],
  enabled: true,
  disabledReason: null,
  createdAt: '2026-01-02T10:00:00.000Z',
  secretRotatedAt: null,
  ...overrides,
});

const delivery = (id: string, overrides: Partial<WebhookDeliveryResponse> = {}): WebhookDeliveryResponse => ({
  id,
  eventId: `ev-${id}`,
  eventType: 'connection.connected',
  status: 'delivered',
  attempts: 1,
  lastAttemptAt: '2026-01-02T10:01:00.000Z',
  lastStatusCode: 200,
  lastDurationMs: 42,
  lastError: null,
  nextAttemptAt: null,
  createdAt: '2026-01-02T10:00:59.000Z',
  ...overrides,
});

beforeEach(() => {
  MockBroadcastChannel.install();
  fetchMock = installFetchMock();
  signInAs(fetchMock, adminUser);
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function openWebhooks() {
  const mounted = await mountApp('/settings/webhooks');
  wrapper = mounted.wrapper;
  return mounted.wrapper;
}

const button = (scope: Pick<VueWrapper, 'findAll'>, text: string) => {
  const found = scope.findAll('button').filter((candidate) => candidate.text() === text);
  if (!found.length) throw new Error(`No button "${text}"`);
  return found.at(-1)!;
};
const posts = () => fetchMock.requests.filter((request) => request.method !== 'GET').map((r) => `${r.method} ${r.path}`);

describe('Settings › Webhooks', () => {
  it('adds an endpoint with event types and shows its signing secret once', async () => {
    fetchMock.on('GET', '/webhook-endpoints', { body: { data: [] } });
    fetchMock.on('POST', '/webhook-endpoints', {
      status: 201,
      body: { endpoint: endpoint('e1', { eventTypes: ['lead.received'] }), secret: 'whsec_c2VjcmV0' },
    });
    const view = await openWebhooks();
    expect(view.text()).toContain('No endpoints yet');
    expect(view.find('a[href="/settings/webhooks"]').text()).toBe('Webhooks');

    await view.get('input[type="url"]').setValue(' https://hooks.example.com/e1 ');
    await view.get('input[value="lead.received"]').setValue(true);
    await view.get('form').trigger('submit');
    await settle();

    expect(fetchMock.requests.find((request) => request.method === 'POST')?.body).toEqual({
      url: 'https://hooks.example.com/e1',
      eventTypes: ['lead.received'],
    });
    expect((view.get('input[readonly]').element as HTMLInputElement).value).toBe('whsec_c2VjcmV0');
    expect(view.get('article').text()).toContain('lead.received');

    await button(view, 'Done').trigger('click');
    expect(view.text()).not.toContain('whsec_c2VjcmV0');
  });

  it('sends a test event and shows the recent deliveries with their status; redelivers one', async () => {
    fetchMock.on('GET', '/webhook-endpoints', { body: { data: [endpoint('e1')] } });
    fetchMock.on('POST', '/webhook-endpoints/e1/test', { status: 202, body: { deliveryId: 'd2' } });
    fetchMock.on('GET', '/webhook-endpoints/e1/deliveries', {
      body: {
        data: [
          delivery('d2', { status: 'pending', attempts: 0, lastAttemptAt: null, lastStatusCode: null, lastDurationMs: null }),
          delivery('d1', { status: 'failed', attempts: 3, lastStatusCode: 500 }),
        ],
      },
    });
    fetchMock.on('POST', '/webhook-endpoints/e1/deliveries/d1/redeliver', { status: 202, body: { deliveryId: 'd3' } });
    const view = await openWebhooks();

    await button(view, 'Send test event').trigger('click');
    await settle();

    const rows = view.findAll('tbody tr').map((row) => row.text());
    expect(rows[0]).toContain('Pending');
    expect(rows[0]).toContain('Not tried yet');
    expect(rows[1]).toContain('Failed');
    expect(rows[1]).toContain('HTTP 500');

    await view.get('button[aria-label="Redeliver connection.connected (ev-d1)"]').trigger('click');
    await settle();
    expect(posts()).toEqual(['POST /webhook-endpoints/e1/test', 'POST /webhook-endpoints/e1/deliveries/d1/redeliver']);
  });

  it('rotates the secret (the new one shown once) and disables the endpoint', async () => {
    fetchMock.on('GET', '/webhook-endpoints', { body: { data: [endpoint('e1')] } });
    fetchMock.on('POST', '/webhook-endpoints/e1/rotate-secret', { body: { secret: 'whsec_bmV3' } });
    fetchMock.on('PATCH', '/webhook-endpoints/e1', { body: endpoint('e1', { enabled: false }) });
    const view = await openWebhooks();

    await button(view, 'Rotate secret').trigger('click');
    await settle();
    expect((view.get('input[readonly]').element as HTMLInputElement).value).toBe('whsec_bmV3');
    expect(view.text()).toContain('New signing secret for https://hooks.example.com/e1');

    await button(view, 'Disable').trigger('click');
    await settle();
    expect(fetchMock.requests.find((request) => request.method === 'PATCH')?.body).toEqual({ enabled: false });
    expect(view.get('article .badge').text()).toBe('Disabled');
    expect(button(view, 'Send test event').attributes('disabled')).toBeDefined();
  });

  it('deletes an endpoint only after the confirmation, and says why when it fails', async () => {
    fetchMock.on('GET', '/webhook-endpoints', { body: { data: [endpoint('e1'), endpoint('e2')] } });
    fetchMock.on('DELETE', '/webhook-endpoints/e1', errorReply(500, 'internal_error'));
    const view = await openWebhooks();

    await view.get('button[aria-label="Delete https://hooks.example.com/e1"]').trigger('click');
    expect(view.get('[role="dialog"]').text()).toContain('https://hooks.example.com/e1');
    await button(view.get('[role="dialog"]'), 'Delete').trigger('click');
    await settle();
    expect(view.get('[role="dialog"] [role="alert"]').text()).toContain('problem on its side');

    fetchMock.on('DELETE', '/webhook-endpoints/e1', { status: 204 });
    await button(view.get('[role="dialog"]'), 'Delete').trigger('click');
    await settle();
    expect(view.find('[role="dialog"]').exists()).toBe(false);
    expect(view.findAll('article h3').map((title) => title.text())).toEqual(['https://hooks.example.com/e2']);
  });
});
