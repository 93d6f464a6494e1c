import type { DOMWrapper, VueWrapper } from '@vue/test-utils';
import { mountApp, signInAs } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { errorReply, installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { activityFixture, adminUser, catalogFixture, detail } from '../../test-support/fixtures';
import { settle } from '../../test-support/flush';

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;
let hubspotConnected: boolean;

beforeEach(() => {
  MockBroadcastChannel.install();
  hubspotConnected = true;
  fetchMock = installFetchMock();
  signInAs(fetchMock, adminUser);
  fetchMock
    .on('GET', '/integrations', { body: catalogFixture })
    .on('GET', '/integrations/hubspot', () => ({
      body: detail('hubspot', hubspotConnected ? 'connected' : 'disconnected'),
    }))
    .on('GET', '/integrations/hubspot/activity', { body: activityFixture })
    .on('DELETE', '/integrations/hubspot/connection', () => {
      hubspotConnected = false;
      return { status: 204 };
    });
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function openHubspot(): Promise<VueWrapper> {
  const mounted = await mountApp('/integrations/hubspot');
  wrapper = mounted.wrapper;
  return mounted.wrapper;
}

function buttons(root: VueWrapper | DOMWrapper<Element>, text: string) {
  return root.findAll('button').filter((candidate) => candidate.text() === text);
}

function headerButton(view: VueWrapper, text: string) {
  const found = buttons(view.get('header.header') as DOMWrapper<Element>, text)[0];
  if (!found) throw new Error(`No header button "${text}"`);
  return found;
}

function dialog(view: VueWrapper) {
  return view.find('[role="dialog"]');
}

function dialogButton(view: VueWrapper, text: string) {
  const found = buttons(dialog(view), text)[0];
  if (!found) throw new Error(`No dialog button "${text}"`);
  return found;
}

async function openDialog(view: VueWrapper) {
  await headerButton(view, 'Disconnect').trigger('click');
  await settle();
  return dialog(view);
}

function pressKey(key: string, shiftKey = false): void {
  document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true }));
}

describe('Disconnect dialog', () => {
  it('is a labelled modal dialog that says what stops and what is kept, with focus inside', async () => {
    const view = await openHubspot();
    const modal = await openDialog(view);

    expect(modal.exists()).toBe(true);
    expect(modal.attributes('aria-modal')).toBe('true');
    const title = view.get(`#${modal.attributes('aria-labelledby')}`);
    expect(title.text()).toBe('Disconnect HubSpot?');
    expect(modal.text()).toMatch(/syncing/);
    expect(modal.text()).toMatch(/new leads/);
    expect(modal.text()).toMatch(/already imported are kept/);
    expect(buttons(modal, 'Disconnect')).toHaveLength(1);
    expect(buttons(modal, 'Close')).toHaveLength(1);
    expect(document.activeElement).toBe(dialogButton(view, 'Close').element);
  });

  it('wraps Tab and Shift+Tab around inside the dialog', async () => {
    const view = await openHubspot();
    await openDialog(view);
    const close = dialogButton(view, 'Close').element;
    const confirm = dialogButton(view, 'Disconnect').element;

    // From the first control, Shift+Tab goes to the last; from the last, Tab wraps to the first.
    expect(document.activeElement).toBe(close);
    pressKey('Tab', true);
    expect(document.activeElement).toBe(confirm);
    pressKey('Tab');
    expect(document.activeElement).toBe(close);
  });

  it('cancels with Esc and gives focus back to Disconnect', async () => {
    const view = await openHubspot();
    const opener = headerButton(view, 'Disconnect');
    (opener.element as HTMLElement).focus();
    await openDialog(view);

    pressKey('Escape');
    await settle();

    expect(dialog(view).exists()).toBe(false);
    expect(fetchMock.callsTo('DELETE', '/integrations/hubspot/connection')).toHaveLength(0);
    expect(document.activeElement).toBe(headerButton(view, 'Disconnect').element);
    expect(view.get('.header-status').text()).toBe('Connected');
  });

  it('cancels with Close', async () => {
    const view = await openHubspot();
    await openDialog(view);

    await dialogButton(view, 'Close').trigger('click');
    await settle();

    expect(dialog(view).exists()).toBe(false);
    expect(fetchMock.callsTo('DELETE', '/integrations/hubspot/connection')).toHaveLength(0);
  });

  it('disconnects on confirm, refreshes, and moves focus to Connect', async () => {
    const view = await openHubspot();
    await openDialog(view);

    await dialogButton(view, 'Disconnect').trigger('click');
    await settle();
    await settle();

    expect(fetchMock.callsTo('DELETE', '/integrations/hubspot/connection')).toHaveLength(1);
    expect(dialog(view).exists()).toBe(false);
    expect(view.get('.header-status').text()).toBe('');
    const connect = headerButton(view, 'Connect');
    expect(document.activeElement).toBe(connect.element);
    expect(buttons(view.get('header.header') as DOMWrapper<Element>, 'Disconnect')).toHaveLength(0);
    // Refreshed from the server, and other tabs told.
    expect(fetchMock.callsTo('GET', '/integrations/hubspot').length).toBeGreaterThanOrEqual(2);
    expect(MockBroadcastChannel.sent).toContainEqual({
      name: 'aurora-integrations',
      data: expect.objectContaining({ type: 'integration-changed', key: 'hubspot' }),
    });
  });

  it('disables its buttons while the request runs', async () => {
    let answer: (value: { status: number }) => void = () => undefined;
    fetchMock.on('DELETE', '/integrations/hubspot/connection', () => new Promise((resolve) => (answer = resolve)));
    const view = await openHubspot();
    await openDialog(view);

    await dialogButton(view, 'Disconnect').trigger('click');
    await settle();

    expect(dialogButton(view, 'Disconnect').attributes('disabled')).toBeDefined();
    expect(dialogButton(view, 'Close').attributes('disabled')).toBeDefined();
    pressKey('Escape');
    await settle();
    expect(dialog(view).exists()).toBe(true);

    hubspotConnected = false;
    answer({ status: 204 });
    await settle();
    await settle();
    expect(dialog(view).exists()).toBe(false);
  });

  it('shows a failure inside the dialog and keeps the connection', async () => {
    fetchMock.on('DELETE', '/integrations/hubspot/connection', errorReply(500, 'internal_error', 'boom'));
    const view = await openHubspot();
    await openDialog(view);

    await dialogButton(view, 'Disconnect').trigger('click');
    await settle();

    const modal = dialog(view);
    expect(modal.exists()).toBe(true);
    expect(modal.get('[role="alert"]').text()).toContain('Aurora Inbox had a problem on its side');
    expect(dialogButton(view, 'Disconnect').attributes('disabled')).toBeUndefined();
    expect(view.get('.header-status').text()).toBe('Connected');
  });
});
