import { createTestingPinia } from '@pinia/testing';
import { mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils';
import type { IntegrationStatus } from '../../../api/schema';
import { mountApp, signInAs } from '../../../test-support/app';
import { MockBroadcastChannel } from '../../../test-support/broadcastChannel';
import { errorReply, installFetchMock, type FetchMock } from '../../../test-support/fetchMock';
import { adminUser, detail } from '../../../test-support/fixtures';
import { settle } from '../../../test-support/flush';
import FacebookLeadAdsPanel from '../FacebookLeadAdsPanel.vue';
import { BASE, mockLeadAdsServer, testRideConnection } from './leadAdsFixtures';

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  MockBroadcastChannel.install();
  fetchMock = installFetchMock();
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

function facebook(status: IntegrationStatus) {
  return detail('facebook-lead-ads', status, { name: 'Facebook Lead Ads', category: 'Lead capture' });
}

async function mountPanel(status: IntegrationStatus = 'connected') {
  wrapper = mount(FacebookLeadAdsPanel, {
    props: { integration: facebook(status), activity: [], activityState: 'ready' },
    global: { plugins: [createTestingPinia({ stubActions: false, createSpy: jest.fn })] },
    attachTo: document.body,
  });
  await settle();
  return wrapper;
}

/** The select a person finds by its visible label, as a screen reader would. */
function selectLabelled(root: VueWrapper | DOMWrapper<Element>, label: string) {
  const labels = root.findAll('label').filter((element) => element.text() === label);
  expect(labels).toHaveLength(1);
  return root.get<HTMLSelectElement>(`select[id="${labels[0]!.attributes('for')}"]`);
}

function formCard(view: VueWrapper, name: string): DOMWrapper<Element> {
  const card = view.findAll('article').find((article) => article.get('h3').text() === name);
  if (!card) throw new Error(`No form card "${name}"`);
  return card;
}

function button(root: VueWrapper | DOMWrapper<Element>, text: string): DOMWrapper<HTMLButtonElement> {
  const found = root.findAll<HTMLButtonElement>('button').find((element) => element.text() === text);
  if (!found) throw new Error(`No button "${text}"`);
  return found;
}

const hasButton = (root: DOMWrapper<Element>, text: string) => root.findAll('button').some((element) => element.text() === text);

describe('FacebookLeadAdsPanel', () => {
  it('lets the admin pick a page, map its questions with defaults filled in, and save the form connection', async () => {
    mockLeadAdsServer(fetchMock);
    const view = await mountPanel();

    const page = selectLabelled(view, 'Facebook Page');
    expect(page.findAll('option').map((option) => option.text())).toEqual(['Aurora Coffee Roasters', 'Aurora Bikes']);
    expect(page.element.value).toBe('1000001');

    const card = formCard(view, 'Coffee subscription enquiry');
    expect(card.text()).toContain('Not imported');
    expect(selectLabelled(card, 'Full name').element.value).toBe('name');
    expect(selectLabelled(card, 'Email').element.value).toBe('email');
    expect(selectLabelled(card, 'Phone number').element.value).toBe('phone');
    const callTime = selectLabelled(card, 'When should we call you?');
    expect(callTime.element.value).toBe('custom:preferred_contact_time');
    expect(callTime.findAll('option').map((option) => option.text())).toContain("Don't import");

    await callTime.setValue('');
    await button(card, 'Save form connection').trigger('click');
    await settle();

    expect(fetchMock.callsTo('PUT', `${BASE}/form-connections/2000001`).map((request) => request.body)).toEqual([
      { pageId: '1000001', mapping: { full_name: 'name', email: 'email', phone_number: 'phone' } },
    ]);
    const saved = formCard(view, 'Coffee subscription enquiry');
    expect(saved.text()).toContain('Importing leads');
    expect(saved.get('[role="status"]').text()).toBe('Leads from Coffee subscription enquiry will arrive as contacts.');
    expect(saved.text()).toContain('Leads imported');
    expect(saved.text()).toContain('No leads yet');
    expect(hasButton(saved, 'Remove')).toBe(true);
    expect(selectLabelled(saved, 'When should we call you?').element.value).toBe('');
    expect(page.findAll('option')[0]?.text()).toBe('Aurora Coffee Roasters — 1 lead form connected');
  });

  it('shows for an imported form the leads imported and the last lead, with its saved mapping, and removes it', async () => {
    mockLeadAdsServer(fetchMock, [testRideConnection]);
    const view = await mountPanel();

    expect(selectLabelled(view, 'Facebook Page').element.value).toBe('1000002');
    const card = formCard(view, 'Book a test ride');
    expect(card.get('dl').text()).toContain('Leads imported');
    expect(card.get('dl').text()).toContain('3');
    expect(card.get('time').attributes('datetime')).toBe('2025-03-01T09:15:00.000Z');
    expect(selectLabelled(card, 'Phone number').element.value).toBe('');
    expect(selectLabelled(card, 'Which bike would you like to ride?').element.value).toBe('custom:bike');

    await button(card, 'Remove').trigger('click');
    await settle();

    expect(fetchMock.callsTo('DELETE', `${BASE}/form-connections/2000003`)).toHaveLength(1);
    const removed = formCard(view, 'Book a test ride');
    expect(removed.text()).toContain('Not imported');
    expect(removed.find('dl').exists()).toBe(false);
    expect(hasButton(removed, 'Remove')).toBe(false);
  });

  it("shows another page's forms when the admin picks it", async () => {
    mockLeadAdsServer(fetchMock);
    const view = await mountPanel();

    await selectLabelled(view, 'Facebook Page').setValue('1000002');
    await settle();

    expect(view.findAll('article h3').map((heading) => heading.text())).toEqual(['Book a test ride']);
  });

  it('refuses to save a field chosen for two questions', async () => {
    mockLeadAdsServer(fetchMock);
    const view = await mountPanel();
    const card = formCard(view, 'Wholesale partner request');

    await selectLabelled(card, 'Phone number').setValue('email');

    expect(card.text()).toContain('Email is chosen for two questions');
    expect(button(card, 'Save form connection').attributes('disabled')).toBeDefined();
  });

  it('asks to reconnect Facebook when it rejects the saved access', async () => {
    mockLeadAdsServer(fetchMock);
    fetchMock.on('GET', `${BASE}/pages`, errorReply(409, 'reauth_required', 'Reconnect the integration.'));
    const view = await mountPanel();

    expect(view.get('[role="status"]').text()).toContain('Reconnect Facebook to continue');
    expect(view.find('select').exists()).toBe(false);
  });

  it('says in plain words on the card when Facebook blocks a form, and what to do', async () => {
    const reason =
      'Facebook refuses to hand over this form’s leads to Aurora Inbox. In Meta Business Suite open Leads Access Manager …';
    mockLeadAdsServer(fetchMock, [{ ...testRideConnection, state: 'blocked', stateReason: reason, leadsWaiting: 1 }]);
    const view = await mountPanel();
    await selectLabelled(view, 'Facebook Page').setValue('1000002');
    await settle();

    const card = formCard(view, 'Book a test ride');
    expect(card.text()).toContain('Blocked by Facebook');
    expect(card.text()).toContain('Leads Access Manager');
    expect(card.text()).toContain('save the form again');
    expect(card.text()).not.toContain('Importing leads');
  });

  it('says so, without calling Facebook, when the integration already needs reconnecting', async () => {
    mockLeadAdsServer(fetchMock);
    const view = await mountPanel('reauth_required');

    expect(view.text()).toContain('Reconnect Facebook to continue');
    expect(fetchMock.requests.filter((request) => request.path.startsWith(BASE))).toEqual([]);
  });

  it('names the missing permission when Facebook refuses the pages', async () => {
    mockLeadAdsServer(fetchMock);
    fetchMock.on(
      'GET',
      `${BASE}/pages`,
      errorReply(
        403,
        'missing_permission',
        'Facebook refused the request: the pages_show_list permission is missing. Reconnect Facebook and grant it.',
      ),
    );
    const view = await mountPanel();

    const alert = view.get('[role="alert"]');
    expect(alert.text()).toContain('pages_show_list permission is missing');
    expect(alert.text()).toContain('Try again');
  });

  it('keeps a refused save on its form, naming the missing permission', async () => {
    mockLeadAdsServer(fetchMock);
    fetchMock.on(
      'PUT',
      `${BASE}/form-connections/2000001`,
      errorReply(
        403,
        'missing_permission',
        'Facebook refused the request: the pages_manage_metadata permission is missing. Reconnect Facebook and grant it.',
      ),
    );
    const view = await mountPanel();
    const card = formCard(view, 'Coffee subscription enquiry');

    await button(card, 'Save form connection').trigger('click');
    await settle();

    expect(card.get('[role="alert"]').text()).toContain('pages_manage_metadata');
    expect(card.text()).toContain('Not imported');
  });

  it('shows only the connection details while Facebook is not connected', async () => {
    mockLeadAdsServer(fetchMock);
    const view = await mountPanel('disconnected');

    expect(view.text()).not.toContain('Lead forms');
    expect(fetchMock.requests.filter((request) => request.path.startsWith(BASE))).toEqual([]);
  });
});

describe('Facebook Lead Ads detail page', () => {
  it('shows the lead forms panel under the header', async () => {
    signInAs(fetchMock, adminUser);
    mockLeadAdsServer(fetchMock);
    fetchMock
      .on('GET', '/integrations', { body: [facebook('connected')] })
      .on('GET', '/integrations/facebook-lead-ads', { body: facebook('connected') })
      .on('GET', '/integrations/facebook-lead-ads/activity', { body: [] });
    const mounted = await mountApp('/integrations/facebook-lead-ads');
    wrapper = mounted.wrapper;
    await settle();

    expect(wrapper.get('h1').text()).toBe('Facebook Lead Ads');
    expect(wrapper.text()).toContain('Lead forms');
    expect(selectLabelled(wrapper, 'Facebook Page').element.value).toBe('1000001');
    expect(wrapper.findAll('button').some((element) => element.text() === 'Save form connection')).toBe(true);
    // The task first: the forms come before the connection details and activity.
    const headings = wrapper.findAll('h2').map((heading) => heading.text());
    expect(headings.indexOf('Lead forms')).toBeLessThan(headings.indexOf('Recent activity'));
  });

  it('says in the disconnect dialog that the form connections are removed', async () => {
    signInAs(fetchMock, adminUser);
    mockLeadAdsServer(fetchMock);
    fetchMock
      .on('GET', '/integrations', { body: [facebook('connected')] })
      .on('GET', '/integrations/facebook-lead-ads', { body: facebook('connected') })
      .on('GET', '/integrations/facebook-lead-ads/activity', { body: [] });
    const mounted = await mountApp('/integrations/facebook-lead-ads');
    wrapper = mounted.wrapper;
    await settle();

    await button(wrapper, 'Disconnect').trigger('click');
    await settle();

    expect(wrapper.get('[role="dialog"]').text()).toContain(
      'Your lead form connections and their field mappings are removed too.',
    );
  });
});
