import { mount } from '@vue/test-utils';
import type { ConnectionHealthResponse } from '../../../api/schema';
import ConnectionHealthPanel from '../ConnectionHealthPanel.vue';

const healthy: ConnectionHealthResponse = { state: 'healthy', checkedAt: '2026-01-01T10:00:00.000Z', autoRefresh: true };

function panel(
  health: ConnectionHealthResponse,
  test: InstanceType<typeof ConnectionHealthPanel>['$props']['test'] = { phase: 'idle' },
) {
  return mount(ConnectionHealthPanel, { props: { integrationName: 'HubSpot', health, test } });
}

describe('ConnectionHealthPanel', () => {
  it('asks for a test and says in plain words that it passed', async () => {
    const idle = panel(healthy);
    await idle.get('button').trigger('click');
    expect(idle.emitted('test')).toHaveLength(1);
    expect(idle.text()).toContain('Working');
    expect(idle.text()).toContain('Renewed automatically before it expires.');

    const passed = panel(healthy, { phase: 'done', result: healthy });
    expect(passed.get('.health__outcome').text()).toBe('Test passed: HubSpot answered and accepted the saved access.');
    expect(passed.find('[role="status"].alert').exists()).toBe(false);
  });

  it('shows a warning with the reason when a refresh keeps failing', () => {
    const degraded: ConnectionHealthResponse = {
      ...healthy,
      state: 'degraded',
      lastError: 'Refreshing the access token failed 2 times in a row: The provider answered HTTP 503.',
    };
    const view = panel(degraded);
    expect(view.text()).toContain('HubSpot needs attention');
    expect(view.text()).toContain('failed 2 times in a row');
    expect(view.text()).toContain('Needs attention');
  });

  it('names the reason and points at Reconnect when the grant is dead', () => {
    const dead: ConnectionHealthResponse = {
      ...healthy,
      state: 'reauth_required',
      lastError: 'The provider refused the stored access token.',
    };
    const view = panel(dead, { phase: 'done', result: dead });
    expect(view.text()).toContain('Reconnect HubSpot');
    expect(view.text()).toContain('The provider refused the stored access token.');
    expect(view.text()).toContain('Use Reconnect above');
    expect(view.get('.health__outcome').text()).toBe('Test failed: HubSpot no longer accepts the saved access.');
  });

  it('says when a token is not renewed automatically', () => {
    const view = panel({ ...healthy, autoRefresh: false, tokenExpiresAt: '2026-03-01T00:00:00.000Z' });
    expect(view.text()).toContain('Not renewed automatically: expires');
  });
});
