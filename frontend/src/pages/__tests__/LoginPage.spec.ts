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
  signInAs(fetchMock, null);
  fetchMock.on('GET', '/integrations', { body: catalogFixture });
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function openLogin(path = '/login') {
  const mounted = await mountApp(path);
  wrapper = mounted.wrapper;
  return mounted;
}

async function fillAndSubmit(view: VueWrapper, email: string, password: string): Promise<void> {
  await view.get('input[type="email"]').setValue(email);
  await view.get('input[type="password"]').setValue(password);
  await view.get('form').trigger('submit');
  await settle();
  await settle();
}

describe('Sign-in page', () => {
  it('has labelled fields and the demo hint', async () => {
    const { wrapper: view } = await openLogin();

    for (const label of ['Email', 'Password']) {
      const element = view.findAll('label').find((candidate) => candidate.text() === label);
      expect(element).toBeDefined();
      expect(view.find(`#${element?.attributes('for')}`).exists()).toBe(true);
    }
    expect(view.text()).toContain('admin@aurora.test');
    expect(view.text()).toContain('aurora-demo');
  });

  it('words wrong credentials for people', async () => {
    fetchMock.on('POST', '/auth/login', errorReply(401, 'invalid_credentials', 'Invalid credentials'));
    const { wrapper: view } = await openLogin();

    await fillAndSubmit(view, 'admin@aurora.test', 'wrong');

    expect(view.get('[role="alert"]').text()).toBe("That email and password don't match. Check them and try again.");
  });

  it('says how long to wait when rate limited', async () => {
    fetchMock.on('POST', '/auth/login', {
      ...errorReply(429, 'too_many_requests'),
      headers: { 'Retry-After': '120' },
    });
    const { wrapper: view } = await openLogin();

    await fillAndSubmit(view, 'admin@aurora.test', 'wrong');

    expect(view.get('[role="alert"]').text()).toBe('Too many sign-in attempts. Please try again in 2 minutes.');
  });

  it('signs in and continues to the page that was asked for', async () => {
    fetchMock.on('POST', '/auth/login', ({ body }) => {
      expect(body).toEqual({ email: 'admin@aurora.test', password: 'aurora-demo' });
      return { body: adminUser };
    });
    const { router, wrapper: view } = await openLogin('/login?redirect=/integrations');

    await fillAndSubmit(view, ' admin@aurora.test ', 'aurora-demo');

    expect(router.currentRoute.value.path).toBe('/integrations');
    expect(view.text()).toContain('Ada Admin');
  });

  it('never follows a redirect to another site', async () => {
    fetchMock.on('POST', '/auth/login', { body: adminUser });
    const { router, wrapper: view } = await openLogin('/login?redirect=//evil.example/steal');

    await fillAndSubmit(view, 'admin@aurora.test', 'aurora-demo');

    expect(router.currentRoute.value.path).toBe('/integrations');
  });
});
