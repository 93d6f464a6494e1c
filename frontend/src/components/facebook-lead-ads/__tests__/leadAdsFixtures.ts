import type {
  FacebookPageResponse,
  FormConnectionResponse,
  LeadAdsAccessResponse,
  LeadFormResponse,
  SaveFormConnectionDto,
} from '../../../api/schema';
import type { FetchMock } from '../../../test-support/fetchMock';

export const BASE = '/integrations/facebook-lead-ads';

export const pagesFixture: FacebookPageResponse[] = [
  { id: '1000001', name: 'Aurora Coffee Roasters', category: 'Coffee Shop', tasks: ['MANAGE'], leadAccessProblem: null },
  { id: '1000002', name: 'Aurora Bikes', category: 'Bicycle Shop', tasks: ['MANAGE'], leadAccessProblem: null },
];

const standardQuestions = [
  { key: 'full_name', label: 'Full name', type: 'FULL_NAME' },
  { key: 'email', label: 'Email', type: 'EMAIL' },
  { key: 'phone_number', label: 'Phone number', type: 'PHONE' },
];

export const coffeeForms: LeadFormResponse[] = [
  {
    id: '2000001',
    name: 'Coffee subscription enquiry',
    status: 'ACTIVE',
    questions: [...standardQuestions, { key: 'preferred_contact_time', label: 'When should we call you?', type: 'CUSTOM' }],
    suggestedMapping: {
      full_name: 'name',
      email: 'email',
      phone_number: 'phone',
      preferred_contact_time: 'custom:preferred_contact_time',
    },
  },
  {
    id: '2000002',
    name: 'Wholesale partner request',
    status: 'ACTIVE',
    questions: [...standardQuestions],
    suggestedMapping: { full_name: 'name', email: 'email', phone_number: 'phone' },
  },
];

export const bikeForms: LeadFormResponse[] = [
  {
    id: '2000003',
    name: 'Book a test ride',
    status: 'ACTIVE',
    questions: [
      ...standardQuestions,
      { key: 'preferred_bike_model', label: 'Which bike would you like to ride?', type: 'CUSTOM' },
    ],
    suggestedMapping: {
      full_name: 'name',
      email: 'email',
      phone_number: 'phone',
      preferred_bike_model: 'custom:preferred_bike_model',
    },
  },
];

export const testRideConnection: FormConnectionResponse = {
  formId: '2000003',
  formName: 'Book a test ride',
  pageId: '1000002',
  pageName: 'Aurora Bikes',
  mapping: { full_name: 'name', email: 'email', preferred_bike_model: 'custom:bike' },
  leadsImported: 3,
  lastLeadAt: '2025-03-01T09:15:00.000Z',
  state: 'active',
  stateReason: null,
  leadsWaiting: 0,
};

export const validAccess: LeadAdsAccessResponse = { userToken: { state: 'valid', expiresAt: null, message: null } };

/** Answers the lead ads endpoints like the server would, saving and removing in memory. */
export function mockLeadAdsServer(
  fetchMock: FetchMock,
  connections: FormConnectionResponse[] = [],
): { connections: FormConnectionResponse[] } {
  const state = { connections: [...connections] };
  fetchMock
    .on('GET', `${BASE}/pages`, { body: pagesFixture })
    .on('GET', `${BASE}/permissions`, { body: { granted: ['leads_retrieval'], declined: [] } })
    .on('GET', `${BASE}/pages/1000001/forms`, { body: coffeeForms })
    .on('GET', `${BASE}/pages/1000002/forms`, { body: bikeForms })
    .on('GET', `${BASE}/form-connections`, () => ({ body: state.connections }))
    .on('GET', `${BASE}/access`, { body: validAccess })
    .on('PUT', /^\/integrations\/facebook-lead-ads\/form-connections\/\d+$/, ({ path, body }) => {
      const formId = path.split('/').pop() as string;
      const input = body as SaveFormConnectionDto;
      const form = [...coffeeForms, ...bikeForms].find((f) => f.id === formId);
      const saved: FormConnectionResponse = {
        formId,
        formName: form?.name ?? formId,
        pageId: input.pageId,
        pageName: pagesFixture.find((p) => p.id === input.pageId)?.name ?? null,
        mapping: input.mapping,
        leadsImported: state.connections.find((c) => c.formId === formId)?.leadsImported ?? 0,
        lastLeadAt: null,
        state: 'active',
        stateReason: null,
        leadsWaiting: 0,
      };
      state.connections = [...state.connections.filter((c) => c.formId !== formId), saved];
      return { body: saved };
    })
    .on('DELETE', /^\/integrations\/facebook-lead-ads\/form-connections\/\d+$/, ({ path }) => {
      const formId = path.split('/').pop();
      state.connections = state.connections.filter((c) => c.formId !== formId);
      return { status: 204 };
    });
  return state;
}
