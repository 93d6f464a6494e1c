import type { VueWrapper } from '@vue/test-utils';
import { errorReply } from '../../../test-support/fetchMock';
import { BASE, mockLeadAdsServer, pagesFixture } from './leadAdsFixtures';
import { leadAdsPanels } from './leadAdsPanelMount';

const panels = leadAdsPanels();
const mountPanel = () => panels.mountPanel();

const alertTitled = (view: VueWrapper, title: string) =>
  view.findAll('[role="status"]').find((alert) => alert.find('.alert__title').text() === title);

describe('FacebookLeadAdsPanel access notes', () => {
  it('says nothing when every permission was granted and the role can import leads', async () => {
    mockLeadAdsServer(panels.fetchMock);
    const view = await mountPanel();
    expect(view.text()).not.toContain('were not allowed');
    expect(view.text()).not.toContain('cannot be imported');
  });

  it('names declined permissions and offers to reconnect and allow them', async () => {
    mockLeadAdsServer(panels.fetchMock);
    panels.fetchMock.on('GET', `${BASE}/permissions`, {
      body: { granted: ['pages_show_list'], declined: ['leads_retrieval', 'pages_manage_metadata'] },
    });
    const view = await mountPanel();

    const alert = alertTitled(view, 'Some Facebook permissions were not allowed');
    expect(alert?.text()).toContain(
      'cannot read your leads, subscribe your Pages to new leads until you allow leads_retrieval, pages_manage_metadata',
    );
    const reconnect = alert?.findAll('button').find((button) => button.text().startsWith('Reconnect and allow'));
    expect(reconnect?.text()).toBe('Reconnect and allow read your leads, subscribe your Pages to new leads');
    await reconnect?.trigger('click');
    expect(view.emitted('reconnect')).toHaveLength(1);
  });

  it('explains a Page the role cannot import leads from, in the picker and above the forms', async () => {
    const problem = 'Your role on this Page lacks “Moderate” (to subscribe it to new leads).';
    mockLeadAdsServer(panels.fetchMock);
    panels.fetchMock.on('GET', `${BASE}/pages`, {
      body: [{ ...pagesFixture[0]!, tasks: ['ANALYZE', 'ADVERTISE'], leadAccessProblem: problem }, pagesFixture[1]!],
    });
    const view = await mountPanel();

    expect(view.findAll('option').map((option) => option.text())[0]).toBe(
      'Aurora Coffee Roasters (your role cannot import its leads)',
    );
    expect(alertTitled(view, 'Leads from Aurora Coffee Roasters cannot be imported')?.text()).toContain(problem);
  });

  it('keeps working when the permissions cannot be read', async () => {
    mockLeadAdsServer(panels.fetchMock);
    panels.fetchMock.on('GET', `${BASE}/permissions`, errorReply(502, 'provider_unavailable'));
    const view = await mountPanel();
    expect(view.findAll('article h3').length).toBeGreaterThan(0);
    expect(view.text()).not.toContain('were not allowed');
  });
});
