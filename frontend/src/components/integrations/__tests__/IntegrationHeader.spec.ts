import { mount } from '@vue/test-utils';
import type { IntegrationSummaryResponse as IntegrationSummary } from '../../../api/schema';
import { integration } from '../../../test-support/fixtures';
import IntegrationHeader from '../IntegrationHeader.vue';

function mountHeader(overrides: Partial<IntegrationSummary>) {
  return mount(IntegrationHeader, {
    props: { integration: integration({ key: 'hubspot', name: 'HubSpot', ...overrides }), connecting: false },
  });
}

function buttonTexts(wrapper: ReturnType<typeof mountHeader>): string[] {
  return wrapper.findAll('button').map((button) => button.text());
}

describe('IntegrationHeader', () => {
  it('shows the green Connected badge and only Disconnect when connected', () => {
    const wrapper = mountHeader({ status: 'connected' });
    expect(wrapper.find('.badge--success').text()).toBe('Connected');
    expect(buttonTexts(wrapper)).toEqual(['Disconnect']);
    expect(wrapper.get('button').classes()).toContain('button--danger');
  });

  it('shows Connect and no badge when disconnected', () => {
    const wrapper = mountHeader({ status: 'disconnected' });
    expect(wrapper.text()).not.toContain('Connected');
    expect(wrapper.find('.badge').exists()).toBe(false);
    expect(buttonTexts(wrapper)).toEqual(['Connect']);
    expect(wrapper.get('button').attributes('disabled')).toBeUndefined();
  });

  it('offers Reconnect and Disconnect with an amber badge when reauthorization is required', () => {
    const wrapper = mountHeader({ status: 'reauth_required' });
    expect(wrapper.find('.badge--warning').text()).toBe('Reconnect needed');
    expect(buttonTexts(wrapper)).toEqual(['Reconnect', 'Disconnect']);
  });

  it('offers Reconnect beside Disconnect for a connection that is connected but not healthy, and emits reconnect', async () => {
    const health = { state: 'degraded' as const, checkedAt: '2025-01-15T10:30:00.000Z', autoRefresh: false };
    const wrapper = mountHeader({ status: 'connected', health });
    expect(buttonTexts(wrapper)).toEqual(['Reconnect', 'Disconnect']);
    await wrapper.findAll('button')[0]?.trigger('click');
    expect(wrapper.emitted('reconnect')).toHaveLength(1);
    expect(wrapper.emitted('connect')).toBeUndefined();
  });

  it('disables Connect when the integration is not configured', () => {
    const wrapper = mountHeader({ status: 'disconnected', configured: false });
    const connect = wrapper.get('button');
    expect(connect.text()).toBe('Connect');
    expect(connect.attributes('disabled')).toBeDefined();
  });

  it('keeps the status slot in the layout even without a badge (no layout shift)', () => {
    const wrapper = mountHeader({ status: 'disconnected' });
    expect(wrapper.find('.header-status').exists()).toBe(true);
  });

  it('emits connect and disconnect from the buttons', async () => {
    const disconnected = mountHeader({ status: 'disconnected' });
    await disconnected.get('button').trigger('click');
    expect(disconnected.emitted('connect')).toHaveLength(1);

    const connected = mountHeader({ status: 'connected' });
    await connected.get('button').trigger('click');
    expect(connected.emitted('disconnect')).toHaveLength(1);
  });
});
