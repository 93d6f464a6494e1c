import type { VueWrapper } from '@vue/test-utils';
import { mountApp, signInAs } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import type { ContactDetailResponse } from '../../api/schema';
import { agentUser, contact } from '../../test-support/fixtures';
import { settle } from '../../test-support/flush';

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  MockBroadcastChannel.install();
  fetchMock = installFetchMock();
  signInAs(fetchMock, agentUser);
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function openContacts(path = '/contacts') {
  const mounted = await mountApp(path);
  wrapper = mounted.wrapper;
  return mounted;
}

function rowNames(view: VueWrapper): string[] {
  return view.findAll('tbody th .table__open').map((cell) => cell.text());
}

const listQueries = () => fetchMock.callsTo('GET', '/contacts').map((r) => Object.fromEntries(r.query));

const graceDetail: ContactDetailResponse = {
  ...contact('1', { name: 'Grace Hopper', isTest: true, leadCount: 2, sourceLabel: 'Facebook Lead Ads · Instagram' }),
  leads: [
    {
      id: 'l2',
      source: 'facebook-lead-ads',
      sourceLabel: 'Facebook Lead Ads · Instagram',
      externalId: 'lead-2',
      formId: 'f1',
      formName: 'Coffee subscription enquiry',
      pageId: 'p1',
      platform: 'ig',
      attribution: { campaignName: 'Spring beans', campaignId: 'c9', adName: 'Espresso', isOrganic: false },
      consent: [{ checkboxKey: 'marketing_optin', isChecked: true }],
      answers: [{ name: 'preferred_roast', values: ['Dark'] }],
      isTest: true,
      receivedAt: '2025-02-02T12:00:00.000Z',
    },
    {
      id: 'l1',
      source: 'facebook-lead-ads',
      sourceLabel: 'Facebook Lead Ads · Coffee subscription enquiry',
      externalId: 'lead-1',
      formId: 'f1',
      formName: 'Coffee subscription enquiry',
      pageId: 'p1',
      platform: 'fb',
      attribution: {},
      consent: [],
      answers: [{ name: 'full_name', values: ['Grace Hopper'] }],
      isTest: true,
      receivedAt: '2025-02-01T12:00:00.000Z',
    },
  ],
};

describe('Contacts page', () => {
  it('lists contacts and loads more with the cursor', async () => {
    fetchMock.on('GET', '/contacts', ({ query }) =>
      query.get('cursor') === 'next-1'
        ? { body: { data: [contact('3')], nextCursor: null } }
        : { body: { data: [contact('1'), contact('2', { name: '', firstName: 'Jo', lastName: 'Doe' })], nextCursor: 'next-1' } },
    );
    const { wrapper: view } = await openContacts();

    expect(view.findAll('thead th').map((cell) => cell.text())).toEqual(['Name', 'Email', 'Phone', 'Source', 'Created']);
    expect(rowNames(view)).toEqual(['Person 1', 'Jo Doe']);
    expect(view.text()).toContain('person1@example.com');

    const loadMore = view.findAll('button').find((button) => button.text() === 'Load more');
    await loadMore?.trigger('click');
    await settle();

    expect(fetchMock.requests.filter((request) => request.path === '/contacts').map((r) => r.query.get('cursor'))).toEqual([
      null,
      'next-1',
    ]);
    expect(rowNames(view)).toEqual(['Person 1', 'Jo Doe', 'Person 3']);
    expect(view.findAll('button').some((button) => button.text() === 'Load more')).toBe(false);
  });

  it('shows an empty state', async () => {
    fetchMock.on('GET', '/contacts', { body: { data: [], nextCursor: null } });
    const { wrapper: view } = await openContacts();

    expect(view.text()).toContain('No contacts yet');
    expect(view.find('table').exists()).toBe(false);
  });

  it('reads the filters from the URL and shows each contact’s source label', async () => {
    fetchMock.on('GET', '/contacts', { body: { data: [contact('1', { isTest: true })], nextCursor: null } });
    const { wrapper: view } = await openContacts('/contacts?q=ada&source=facebook-lead-ads&from=2026-05-01&to=nonsense');

    expect(listQueries()).toEqual([{ q: 'ada', source: 'facebook-lead-ads', from: '2026-05-01', limit: '25' }]);
    expect((view.get('#contacts-q').element as HTMLInputElement).value).toBe('ada');
    expect((view.get('#contacts-source').element as HTMLSelectElement).value).toBe('facebook-lead-ads');
    expect(view.get('tbody td[data-label="Source"]').text()).toBe('Facebook Lead Ads · Coffee subscription enquiry');
    expect(view.get('tbody th').text()).toContain('Test lead');
  });

  it('puts a search in the URL, and Back brings the previous list back', async () => {
    fetchMock.on('GET', '/contacts', ({ query }) => ({
      body: { data: query.get('q') ? [contact('2')] : [contact('1'), contact('2')], nextCursor: null },
    }));
    const { wrapper: view, router } = await openContacts();
    await view.get('#contacts-q').setValue('person 2');
    await view.get('form[role="search"]').trigger('submit');
    await settle();

    expect(router.currentRoute.value.query).toEqual({ q: 'person 2' });
    expect(rowNames(view)).toEqual(['Person 2']);
    router.back();
    await settle();
    await settle();

    expect(router.currentRoute.value.query).toEqual({});
    expect(rowNames(view)).toEqual(['Person 1', 'Person 2']);
    expect((view.get('#contacts-q').element as HTMLInputElement).value).toBe('');
  });

  it('opens a contact’s answers, attribution, consent and leads in a panel that Close shuts', async () => {
    fetchMock.on('GET', '/contacts', { body: { data: [contact('1', { name: 'Grace Hopper' })], nextCursor: null } });
    fetchMock.on('GET', '/contacts/1', { body: graceDetail });
    const { wrapper: view, router } = await openContacts('/contacts?source=facebook-lead-ads');
    await view.get('.table__open').trigger('click');
    await settle();

    expect(router.currentRoute.value.query).toEqual({ source: 'facebook-lead-ads', contact: '1' });
    const panel = view.get('[role="dialog"]');
    expect(panel.get('h2').text()).toBe('Grace Hopper');
    expect(panel.text()).toContain('2 leads');
    expect(panel.text()).toContain('Test lead');
    expect(panel.text()).toContain('preferred_roast');
    expect(panel.text()).toContain('Dark');
    expect(panel.text()).toContain('Spring beans (c9)');
    expect(panel.text()).toContain('Paid ad');
    expect(panel.text()).toContain('marketing_optin: Agreed');
    expect(panel.findAll('article').map((lead) => lead.find('.source-label').text())).toEqual([
      'Facebook Lead Ads · Instagram',
      'Facebook Lead Ads · Coffee subscription enquiry',
    ]);

    await panel
      .findAll('button')
      .find((button) => button.text() === 'Close')
      ?.trigger('click');
    await settle();
    expect(router.currentRoute.value.query).toEqual({ source: 'facebook-lead-ads' });
    expect(view.find('[role="dialog"]').exists()).toBe(false);
  });
});
