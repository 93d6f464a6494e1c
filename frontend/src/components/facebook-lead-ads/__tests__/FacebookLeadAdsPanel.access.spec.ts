import type { VueWrapper } from '@vue/test-utils';
import { errorReply } from '../../../test-support/fetchMock';
import { detail } from '../../../test-support/fixtures';
import { settle } from '../../../test-support/flush';
import { formatDate } from '../../../lib/dates';
import { BASE, mockLeadAdsServer, testRideConnection } from './leadAdsFixtures';
import { leadAdsPanels } from './leadAdsPanelMount';

const panels = leadAdsPanels();
const mountPanel = () => panels.mountPanel();

/** The select a person finds by its visible label, as a screen reader would. */
function selectLabelled(root: VueWrapper, label: string) {
  const labels = root.findAll('label').filter((element) => element.text() === label);
  expect(labels).toHaveLength(1);
  return root.get<HTMLSelectElement>(`select[id="${labels[0]!.attributes('for')}"]`);
}

/** The user token only lists Pages and adds forms: its expiry is a notice with a date, never a stop. */
describe('FacebookLeadAdsPanel: the Facebook sign-in (user token)', () => {
  it('keeps showing the saved forms when only the user token expired: leads keep arriving', async () => {
    mockLeadAdsServer(panels.fetchMock, [{ ...testRideConnection, leadsWaiting: 2 }]);
    const message =
      'Reconnect to manage forms — leads keep arriving. The Facebook sign-in expired on 2026-11-30; until you reconnect, Pages and forms cannot be listed or added.';
    panels.fetchMock
      .on('GET', `${BASE}/pages`, errorReply(409, 'user_token_expired', 'Reconnect to manage forms — leads keep arriving.'))
      .on('GET', `${BASE}/access`, { body: { userToken: { state: 'expired', expiresAt: '2026-11-30T10:00:00.000Z', message } } });
    const view = await mountPanel();

    expect(view.text()).toContain('Reconnect to manage forms — leads keep arriving');
    // The page's own sentence and date format under the headline, which it does not repeat.
    expect(view.text()).toContain(`The Facebook sign-in expired on ${formatDate('2026-11-30T10:00:00.000Z')}.`);
    expect(view.text().split('Reconnect to manage forms').length - 1).toBe(1);
    expect(view.text()).toContain('Importing leads · 3 imported · 2 waiting');
    expect(view.text()).not.toContain('Reconnect Facebook to continue');
    expect(view.find('[role="alert"]').exists()).toBe(false);
  });

  it('gives the expiry date even when listing the Pages is what first found the sign-in expired', async () => {
    mockLeadAdsServer(panels.fetchMock, [testRideConnection]);
    const message =
      'Reconnect to manage forms — leads keep arriving. The Facebook sign-in expired on 2026-12-01; until you reconnect, Pages and forms cannot be listed or added.';
    panels.fetchMock
      .on('GET', `${BASE}/pages`, errorReply(409, 'user_token_expired', 'Reconnect to manage forms — leads keep arriving.'))
      .on('GET', `${BASE}/access`, { body: { userToken: { state: 'expired', expiresAt: '2026-12-01T10:00:00.000Z', message } } })
      // Read beside the pages, before Facebook's refusal was recorded.
      .once('GET', `${BASE}/access`, {
        body: { userToken: { state: 'valid', expiresAt: '2027-01-30T10:00:00.000Z', message: null } },
      });
    const view = await mountPanel();

    expect(view.text()).toContain('Reconnect to manage forms — leads keep arriving');
    expect(view.text()).toContain(`The Facebook sign-in expired on ${formatDate('2026-12-01T10:00:00.000Z')}.`);
    expect(panels.fetchMock.callsTo('GET', `${BASE}/access`)).toHaveLength(2);
  });

  it('warns, with the date, when the Facebook sign-in expires within 7 days, and still lets the admin manage forms', async () => {
    mockLeadAdsServer(panels.fetchMock);
    const message =
      'The Facebook sign-in expires on 2026-12-05. Reconnect before then to keep managing forms — leads keep arriving either way.';
    panels.fetchMock.on('GET', `${BASE}/access`, {
      body: { userToken: { state: 'expiring', expiresAt: '2026-12-05T10:00:00.000Z', message } },
    });
    const view = await mountPanel();

    const notice = view.findAll('[role="status"]').find((element) => element.text().includes('Facebook sign-in expires soon'));
    expect(notice?.text()).toContain(`The Facebook sign-in expires on ${formatDate('2026-12-05T10:00:00.000Z')}.`);
    expect(selectLabelled(view, 'Facebook Page').element.value).toBe('1000001');
    expect(view.text()).not.toContain('Reconnect to manage forms');
  });

  it('offers Reconnect on the expired notice, and after the reconnect lists the Pages again', async () => {
    mockLeadAdsServer(panels.fetchMock, [testRideConnection]);
    const message =
      'Reconnect to manage forms — leads keep arriving. The Facebook sign-in expired on 2026-11-30; until you reconnect, Pages and forms cannot be listed or added.';
    panels.fetchMock
      .once('GET', `${BASE}/pages`, errorReply(409, 'user_token_expired', 'Reconnect to manage forms — leads keep arriving.'))
      .once('GET', `${BASE}/access`, {
        body: { userToken: { state: 'expired', expiresAt: '2026-11-30T10:00:00.000Z', message } },
      });
    const view = await mountPanel();
    const notice = view.findAll('[role="status"]').find((element) => element.text().includes('Reconnect to manage forms'));
    const reconnect = notice?.findAll('button').find((button) => button.text() === 'Reconnect');
    expect(reconnect).toBeDefined();
    await reconnect?.trigger('click');
    expect(view.emitted('reconnect')).toHaveLength(1);

    // The reconnect kept the connection (same status) with a new sign-in: the panel reads everything again.
    const integration = detail('facebook-lead-ads', 'connected', { name: 'Facebook Lead Ads', category: 'Lead capture' });
    const connection = integration.connection && { ...integration.connection, connectedAt: '2026-12-01T12:00:00.000Z' };
    await view.setProps({ integration: { ...integration, connection } });
    await settle();

    expect(view.text()).not.toContain('Reconnect to manage forms');
    // Pages listed again, on the Page of the saved form.
    expect(selectLabelled(view, 'Facebook Page').element.value).toBe('1000002');
  });

  it('offers Reconnect on the 7-day warning too', async () => {
    mockLeadAdsServer(panels.fetchMock);
    const message =
      'The Facebook sign-in expires on 2026-12-05. Reconnect before then to keep managing forms — leads keep arriving either way.';
    panels.fetchMock.on('GET', `${BASE}/access`, {
      body: { userToken: { state: 'expiring', expiresAt: '2026-12-05T10:00:00.000Z', message } },
    });
    const view = await mountPanel();
    const notice = view.findAll('[role="status"]').find((element) => element.text().includes('Facebook sign-in expires soon'));
    await notice
      ?.findAll('button')
      .find((button) => button.text() === 'Reconnect')
      ?.trigger('click');
    expect(view.emitted('reconnect')).toHaveLength(1);
  });
});
