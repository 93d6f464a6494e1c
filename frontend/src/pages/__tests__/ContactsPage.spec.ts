import type { VueWrapper } from '@vue/test-utils';
import { mountApp, signInAs } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { installFetchMock, type FetchMock } from '../../test-support/fetchMock';
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

async function openContacts() {
  const mounted = await mountApp('/contacts');
  wrapper = mounted.wrapper;
  return mounted.wrapper;
}

function rowNames(view: VueWrapper): string[] {
  return view.findAll('tbody th').map((cell) => cell.text());
}

describe('Contacts page', () => {
  it('lists contacts and loads more with the cursor', async () => {
    fetchMock.on('GET', '/contacts', ({ query }) =>
      query.get('cursor') === 'next-1'
        ? { body: { data: [contact('3')], nextCursor: null } }
        : { body: { data: [contact('1'), contact('2', { name: '', firstName: 'Jo', lastName: 'Doe' })], nextCursor: 'next-1' } },
    );
    const view = await openContacts();

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
    const view = await openContacts();

    expect(view.text()).toContain('No contacts yet');
    expect(view.find('table').exists()).toBe(false);
  });
});
