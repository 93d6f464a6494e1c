import { mount } from '@vue/test-utils';
import { installFetchMock, type FetchMock } from '../../../test-support/fetchMock';
import { detail } from '../../../test-support/fixtures';
import { settle } from '../../../test-support/flush';
import ServiceAccessPanel from '../ServiceAccessPanel.vue';

describe('ServiceAccessPanel', () => {
  let server: FetchMock;

  beforeEach(() => {
    server = installFetchMock();
  });

  it('shows usage and a curl example for the proxy with the scope it needs, and copies it', async () => {
    const writeText = jest.fn(() => Promise.resolve());
    Object.assign(navigator, { clipboard: { writeText } });
    const hubspot = detail('hubspot', 'connected');
    const connection = {
      ...hubspot.connection!,
      usage: { lastUsedAt: '2026-01-02T10:00:00.000Z', callsToday: 7, lastError: 'HubSpot answered HTTP 429' },
    };
    const wrapper = mount(ServiceAccessPanel, { props: { integration: { ...hubspot, connection } } });

    expect(wrapper.get('[data-test="calls-today"]').text()).toBe('7');
    expect(wrapper.get('[data-test="last-error"]').text()).toBe('HubSpot answered HTTP 429');
    expect(wrapper.text()).toContain('integrations:proxy');
    const example = wrapper.get('[data-test="curl-example"]').text();
    expect(example).toBe(
      `curl -H "Authorization: Bearer $AURORA_API_KEY" "${window.location.origin}/api/v1/integrations/hubspot/proxy/crm/v3/objects/contacts?limit=5"`,
    );

    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Copy example')!
      .trigger('click');
    await settle();
    expect(writeText).toHaveBeenCalledWith(example);
    expect(wrapper.get('[role="status"]').text()).toBe('Copied to the clipboard.');
  });

  it('sends a GET through the proxy with the path as written and shows the provider’s status and body, cut when long', async () => {
    server.on('GET', '/integrations/hubspot/proxy/crm/v3/objects/contacts', {
      status: 200,
      body: { results: ['x'.repeat(3000)] },
    });
    const wrapper = mount(ServiceAccessPanel, { props: { integration: detail('hubspot', 'connected') } });
    await wrapper.get('form').trigger('submit');
    await settle();

    const [request] = server.callsTo('GET', '/integrations/hubspot/proxy/crm/v3/objects/contacts');
    expect(request?.query.get('limit')).toBe('5');
    expect(wrapper.get('[data-test="try-status"]').text()).toBe('200');
    expect(wrapper.get('[data-test="try-body"]').text()).toMatch(/… \(\d+ more characters\)$/);
    expect(wrapper.emitted('used')).toHaveLength(1);
  });

  it('is not shown for Facebook Lead Ads or while not connected', () => {
    expect(mount(ServiceAccessPanel, { props: { integration: detail('facebook-lead-ads', 'connected') } }).html()).toBe(
      '<!--v-if-->',
    );
    expect(mount(ServiceAccessPanel, { props: { integration: detail('hubspot') } }).html()).toBe('<!--v-if-->');
  });
});
