import { mount } from '@vue/test-utils';
import { detail } from '../../../test-support/fixtures';
import IntegrationConnectionDetails from '../IntegrationConnectionDetails.vue';

function mountDetails(integration: ReturnType<typeof detail>) {
  return mount(IntegrationConnectionDetails, { props: { integration, activity: [], activityState: 'ready' } });
}

describe('IntegrationConnectionDetails', () => {
  it('shows granted permissions in plain words, with the raw scope beside each', () => {
    const wrapper = mountDetails(detail('hubspot', 'connected'));
    const items = wrapper.findAll('.details__scopes li').map((li) => li.text());
    expect(items).toEqual([
      'Read contacts in your HubSpot CRM crm.objects.contacts.read',
      'Confirm which HubSpot account was connected oauth',
    ]);
  });

  it('shows a granted scope the catalog does not describe as it is', () => {
    const integration = detail('hubspot', 'connected');
    integration.connection!.scopes = ['tickets'];
    const items = permissionTexts(integration);
    expect(items).toEqual(['tickets']);
  });

  it('lists what Connect asks for before connecting', () => {
    const wrapper = mountDetails(detail('hubspot'));
    expect(wrapper.text()).toContain('Connect asks HubSpot to let Aurora Inbox');
    expect(wrapper.findAll('.details__scopes li')).toHaveLength(2);
  });
});

function permissionTexts(integration: ReturnType<typeof detail>): string[] {
  return mountDetails(integration)
    .findAll('.details__scopes li')
    .map((li) => li.text());
}
