import type { VueWrapper } from '@vue/test-utils';
import { mountApp, signInAs } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { errorReply, installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { adminUser, catalogFixture } from '../../test-support/fixtures';
import { settle } from '../../test-support/flush';

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  MockBroadcastChannel.install();
  fetchMock = installFetchMock();
  signInAs(fetchMock, adminUser);
  fetchMock.on('GET', '/integrations', { body: catalogFixture });
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function openCatalog() {
  const mounted = await mountApp('/integrations');
  wrapper = mounted.wrapper;
  return mounted;
}

function cardNames(view: VueWrapper): string[] {
  return view.findAll('.card__name').map((name) => name.text());
}

function labelled(view: VueWrapper, label: string) {
  const labelElement = view.findAll('label').find((candidate) => candidate.text() === label);
  if (!labelElement) throw new Error(`No label "${label}"`);
  return view.get(`#${labelElement.attributes('for')}`);
}

describe('Integrations catalog', () => {
  it('lists every integration as a link card with its status', async () => {
    const { wrapper: view } = await openCatalog();

    expect(cardNames(view)).toEqual(['HubSpot', 'Salesforce', 'Slack', 'Google Sheets', 'Calendly']);
    const cards = view.findAll('a.card');
    expect(cards[0]?.attributes('href')).toBe('/integrations/hubspot');
    expect(cards[0]?.find('.badge--success').text()).toBe('Connected');
    expect(cards[1]?.find('.badge--warning').text()).toBe('Reconnect needed');
    expect(cards[2]?.find('.badge').exists()).toBe(false);
    expect(cards[4]?.text()).toContain('Not configured');
    expect(cards[0]?.get('img').attributes('src')).toBe('/api/v1/integrations/hubspot/icon.svg');
  });

  it('filters by name with the labelled search box', async () => {
    const { wrapper: view } = await openCatalog();

    await labelled(view, 'Search integrations').setValue('sl');
    expect(cardNames(view)).toEqual(['Slack']);

    await labelled(view, 'Search integrations').setValue('SALES');
    expect(cardNames(view)).toEqual(['Salesforce']);
  });

  it('also matches descriptions and categories', async () => {
    const { wrapper: view } = await openCatalog();

    await labelled(view, 'Search integrations').setValue('scheduling');
    expect(cardNames(view)).toEqual(['Calendly']);
    await labelled(view, 'Search integrations').setValue('contacts with google');
    expect(cardNames(view)).toEqual(['Google Sheets']);
  });

  it('keeps search and category in the URL, so Back and a shared link restore them', async () => {
    const { wrapper: view, router } = await openCatalog();
    await labelled(view, 'Search integrations').setValue('s');
    await labelled(view, 'Category').setValue('CRM');
    await settle();
    expect(router.currentRoute.value.query).toEqual({ q: 's', category: 'CRM' });
    view.unmount();

    const reopened = await mountApp('/integrations?q=sales&category=CRM');
    wrapper = reopened.wrapper;
    expect((labelled(wrapper, 'Search integrations').element as HTMLInputElement).value).toBe('sales');
    expect(cardNames(wrapper)).toEqual(['Salesforce']);
  });

  it("names each card's link by its text: the integration first, then category, status and description", async () => {
    const { wrapper: view } = await openCatalog();
    const card = view.get('a.card');
    // No aria-label: the accessible name is the visible text, in DOM order (axe: label-content-name-mismatch).
    expect(card.attributes('aria-labelledby')).toBeUndefined();
    expect(card.attributes('aria-label')).toBeUndefined();
    const parts = card.findAll(':scope > span').map((part) => part.text().trim());
    expect(parts.filter(Boolean)).toEqual(['HubSpot', 'CRM', 'Connected', 'Sync contacts with hubspot.']);
  });

  it('filters by category and explains when nothing matches', async () => {
    const { wrapper: view } = await openCatalog();
    const category = labelled(view, 'Category');

    expect(category.findAll('option').map((option) => option.text())).toEqual([
      'All categories',
      'CRM',
      'Messaging',
      'Scheduling',
      'Spreadsheets',
    ]);
    await category.setValue('CRM');
    expect(cardNames(view)).toEqual(['HubSpot', 'Salesforce']);

    await labelled(view, 'Search integrations').setValue('slack');
    expect(cardNames(view)).toEqual([]);
    expect(view.text()).toContain('No integrations match your search');

    const clear = view.findAll('button').find((button) => button.text() === 'Clear filters');
    await clear?.trigger('click');
    expect(cardNames(view)).toHaveLength(5);
  });

  it('shows an error with a retry when the catalog cannot load', async () => {
    fetchMock.once('GET', '/integrations', errorReply(503, 'service_unavailable'));
    const { wrapper: view } = await openCatalog();

    expect(view.get('[role="alert"]').text()).toContain('could not be loaded');
    const retry = view.findAll('button').find((button) => button.text() === 'Try again');
    await retry?.trigger('click');
    await settle();

    expect(cardNames(view)).toHaveLength(5);
  });

  it('shows an empty state when there are no integrations', async () => {
    fetchMock.on('GET', '/integrations', { body: [] });
    const { wrapper: view } = await openCatalog();

    expect(view.text()).toContain('No integrations are available yet');
  });

  it('refreshes when another tab reports a change', async () => {
    const { wrapper: view } = await openCatalog();
    fetchMock.on('GET', '/integrations', {
      body: catalogFixture.map((entry) => (entry.key === 'slack' ? { ...entry, status: 'connected' } : entry)),
    });

    MockBroadcastChannel.emit('aurora-integrations', { type: 'integration-changed', key: 'slack', sender: 'other-tab' });
    await settle();

    expect(view.findAll('a.card')[2]?.find('.badge--success').text()).toBe('Connected');
  });
});
