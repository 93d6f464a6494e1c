import type { VueWrapper } from '@vue/test-utils';
import type { ApiKeyResponse } from '../../api/schema';
import { mountApp, signInAs } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { errorReply, installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { adminUser, agentUser } from '../../test-support/fixtures';
import { settle } from '../../test-support/flush';

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;

const apiKey = (id: string, overrides: Partial<ApiKeyResponse> = {}): ApiKeyResponse => ({
  id,
  name: `Service ${id}`,
  prefix: `aur_${id}xxxxxxx`.slice(0, 12),
  scopes: ['contacts:read'],
  createdAt: '2026-01-02T10:00:00.000Z',
  createdBy: { id: adminUser.id, name: adminUser.name },
  lastUsedAt: null,
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

async function openSettings() {
  const mounted = await mountApp('/settings/api-keys');
  wrapper = mounted.wrapper;
  return mounted.wrapper;
}

const button = (view: VueWrapper, text: string) => {
  const found = view.findAll('button').filter((candidate) => candidate.text() === text);
  if (!found.length) throw new Error(`No button "${text}"`);
  return found.at(-1)!;
};

describe('Settings › API keys', () => {
  it('lists the keys with prefix, scopes, creator and last use', async () => {
    fetchMock.on('GET', '/api-keys', {
      body: {
        data: [
          apiKey('1', { lastUsedAt: '2026-01-03T10:00:00.000Z' }),
          apiKey('2', { createdBy: null, scopes: ['integrations:read', 'events:read'] }),
        ],
      },
    });
    const view = await openSettings();

    const rows = view.findAll('tbody tr').map((row) => row.text());
    expect(rows[0]).toContain('Service 1');
    expect(rows[0]).toContain('aur_1xxxxxxx…');
    expect(rows[0]).toContain(`by ${adminUser.name}`);
    expect(rows[0]).not.toContain('Never');
    expect(rows[1]).toContain('integrations:read, events:read');
    expect(rows[1]).toContain('by the command line');
    expect(rows[1]).toContain('Never');
    expect(view.find('a[href="/settings/api-keys"]').text()).toBe('API keys');
  });

  it('creates a key with a name and scopes, shows it once, then only its prefix', async () => {
    fetchMock.on('GET', '/api-keys', { body: { data: [] } });
    const created = apiKey('3', { name: 'Billing sync', scopes: ['contacts:read', 'events:read'] });
    fetchMock.on('POST', '/api-keys', { status: 201, body: { apiKey: created, key: 'aur_3secretsecretsecret' } });
    const view = await openSettings();

    expect(button(view, 'Create API key').attributes('disabled')).toBeDefined();
    await view.get('input[placeholder="e.g. Billing sync"]').setValue('  Billing sync ');
    await view.get('input[value="contacts:read"]').setValue(true);
    await view.get('input[value="events:read"]').setValue(true);
    await view.get('form').trigger('submit');
    await settle();

    expect(fetchMock.requests.find((request) => request.method === 'POST')?.body).toEqual({
      name: 'Billing sync',
      scopes: ['contacts:read', 'events:read'],
    });
    expect((view.get('input[readonly]').element as HTMLInputElement).value).toBe('aur_3secretsecretsecret');
    expect(view.findAll('tbody tr')).toHaveLength(1);

    await button(view, 'Done').trigger('click');
    expect(view.text()).not.toContain('aur_3secretsecretsecret');
    expect(view.get('tbody').text()).toContain('aur_3xxxxxxx…');
  });

  it('copies the new key to the clipboard', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    fetchMock.on('GET', '/api-keys', { body: { data: [] } });
    fetchMock.on('POST', '/api-keys', { status: 201, body: { apiKey: apiKey('4'), key: 'aur_4secret' } });
    const view = await openSettings();
    await view.get('input[placeholder="e.g. Billing sync"]').setValue('Svc');
    await view.get('input[value="contacts:read"]').setValue(true);
    await view.get('form').trigger('submit');
    await settle();

    await button(view, 'Copy').trigger('click');
    await settle();

    expect(writeText).toHaveBeenCalledWith('aur_4secret');
    expect(view.text()).toContain('Copied to the clipboard.');
  });

  it('revokes a key only after the confirmation dialog', async () => {
    fetchMock.on('GET', '/api-keys', { body: { data: [apiKey('1'), apiKey('2')] } });
    fetchMock.on('DELETE', '/api-keys/1', { status: 204 });
    const view = await openSettings();

    await view.get('button[aria-label="Revoke Service 1"]').trigger('click');
    expect(view.get('[role="dialog"]').text()).toContain('Revoke Service 1?');
    await button(view, 'Close').trigger('click');
    expect(view.find('[role="dialog"]').exists()).toBe(false);
    expect(fetchMock.requests.some((request) => request.method === 'DELETE')).toBe(false);

    await view.get('button[aria-label="Revoke Service 1"]').trigger('click');
    await button(view.findComponent({ name: 'BaseDialog' }) as VueWrapper, 'Revoke').trigger('click');
    await settle();

    expect(fetchMock.requests.filter((request) => request.method === 'DELETE').map((request) => request.path)).toEqual([
      '/api-keys/1',
    ]);
    expect(view.find('[role="dialog"]').exists()).toBe(false);
    expect(view.findAll('tbody tr').map((row) => row.find('th').text())).toEqual(['Service 2']);
  });

  it('keeps the dialog open with the reason when revoking fails', async () => {
    fetchMock.on('GET', '/api-keys', { body: { data: [apiKey('1')] } });
    fetchMock.on('DELETE', '/api-keys/1', errorReply(500, 'internal_error'));
    const view = await openSettings();

    await view.get('button[aria-label="Revoke Service 1"]').trigger('click');
    await button(view.findComponent({ name: 'BaseDialog' }) as VueWrapper, 'Revoke').trigger('click');
    await settle();

    expect(view.get('[role="dialog"] [role="alert"]').text()).toContain('problem on its side');
    expect(view.findAll('tbody tr')).toHaveLength(1);
  });

  it('is not in an agent’s sidebar, and the page names the role it needs', async () => {
    signInAs(fetchMock, agentUser);
    fetchMock.on('GET', '/contacts', { body: { data: [], nextCursor: null } });
    const view = await openSettings();

    expect(view.find('a[href="/settings/api-keys"]').exists()).toBe(false);
    expect(view.text()).toContain('Channels Administrator');
    expect(fetchMock.requests.some((request) => request.path === '/api-keys')).toBe(false);
  });
});
