import { mount } from '@vue/test-utils';
import IntegrationStatusBadge from '../IntegrationStatusBadge.vue';

describe('IntegrationStatusBadge', () => {
  it('says Needs attention for a connected integration whose health is degraded', () => {
    expect(mount(IntegrationStatusBadge, { props: { status: 'connected', health: 'degraded' } }).text()).toBe('Needs attention');
    expect(mount(IntegrationStatusBadge, { props: { status: 'connected', health: 'healthy' } }).text()).toBe('Connected');
    expect(mount(IntegrationStatusBadge, { props: { status: 'reauth_required', health: 'reauth_required' } }).text()).toBe(
      'Reconnect needed',
    );
  });
});
