import { createTestingPinia } from '@pinia/testing';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { IntegrationStatus } from '../../../api/schema';
import { MockBroadcastChannel } from '../../../test-support/broadcastChannel';
import { installFetchMock, type FetchMock } from '../../../test-support/fetchMock';
import { detail } from '../../../test-support/fixtures';
import { settle } from '../../../test-support/flush';
import FacebookLeadAdsPanel from '../FacebookLeadAdsPanel.vue';

/**
 * The Lead Ads panel on its own, as a spec file's tests mount it: a fresh fetch mock before each test
 * (`panels.fetchMock`), the mounted panel unmounted after it. Call once at the top of the spec file.
 */
export function leadAdsPanels() {
  let fetchMock: FetchMock | null = null;
  let wrapper: VueWrapper | null = null;

  beforeEach(() => {
    MockBroadcastChannel.install();
    fetchMock = installFetchMock();
  });

  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
  });

  return {
    get fetchMock(): FetchMock {
      if (!fetchMock) throw new Error('the fetch mock is installed before each test');
      return fetchMock;
    },
    async mountPanel(status: IntegrationStatus = 'connected') {
      const integration = detail('facebook-lead-ads', status, { name: 'Facebook Lead Ads', category: 'Lead capture' });
      wrapper = mount(FacebookLeadAdsPanel, {
        props: { integration, activity: [], activityState: 'ready' },
        global: { plugins: [createTestingPinia({ stubActions: false, createSpy: jest.fn })] },
        attachTo: document.body,
      });
      await settle();
      return wrapper;
    },
  };
}
