import { mount } from '@vue/test-utils';
import type { ActivityResponse } from '../../../api/schema';
import IntegrationConnectionDetailsActivity from '../IntegrationConnectionDetailsActivity.vue';

function events(count: number): ActivityResponse[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `ev-${index}`,
    type: index % 2 ? 'disconnected' : 'connect_succeeded',
    at: new Date(Date.UTC(2026, 0, 1, 10, count - index)).toISOString(),
    actor: null,
  }));
}

describe(IntegrationConnectionDetailsActivity.name ?? 'IntegrationConnectionDetailsActivity', () => {
  it('shows the newest five entries, then more on "Show more"', async () => {
    const view = mount(IntegrationConnectionDetailsActivity, { props: { events: events(12), state: 'ready' } });
    expect(view.findAll('li')).toHaveLength(5);

    await view.get('button').trigger('click');

    expect(view.findAll('li')).toHaveLength(12);
    expect(view.findAll('button')).toHaveLength(0);
  });
});
