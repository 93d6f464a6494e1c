import { seededPeople, type SeededPerson } from './crm-data';
import type { ApiAnswer, ApiCall, ApiEndpoint } from './api-endpoint';

const MAX_PAGE = 100;

/** `limit` as the CRM APIs read it: a whole number from 1 to 100, else 400 in the provider's words. */
function pageSize(call: ApiCall, fallback: number): number | ApiAnswer {
  const raw = call.query.get('limit');
  if (raw === null) return fallback;
  const limit = Number(raw);
  if (Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE) return limit;
  return { status: 400, body: { status: 'error', message: `limit must be a whole number from 1 to ${MAX_PAGE}.` } };
}

/** HubSpot CRM v3: `GET /crm/v3/objects/contacts?limit=&after=` with cursor paging. */
function hubspotContacts(call: ApiCall): ApiAnswer {
  const limit = pageSize(call, 10);
  if (typeof limit !== 'number') return limit;
  const people = seededPeople(call.caller.account);
  const start = Math.max(0, Number(call.query.get('after') ?? 0) || 0);
  const page = people.slice(start, start + limit);
  const next = start + limit < people.length ? String(start + limit) : null;
  const toContact = (person: SeededPerson) => ({
    id: person.id,
    properties: {
      createdate: person.createdAt,
      email: person.email,
      firstname: person.firstName,
      hs_object_id: person.id,
      lastmodifieddate: person.createdAt,
      lastname: person.lastName,
    },
    createdAt: person.createdAt,
    updatedAt: person.createdAt,
    archived: false,
  });
  return {
    status: 200,
    body: { results: page.map(toContact), ...(next && { paging: { next: { after: next } } }) },
  };
}

/** Salesforce REST: `GET /services/data/vXX.X/sobjects` describes the org's objects. */
function salesforceSobjects(): ApiAnswer {
  const sobject = (name: string, keyPrefix: string) => ({
    name,
    label: name,
    keyPrefix,
    createable: true,
    queryable: true,
    urls: { sobject: `/services/data/v60.0/sobjects/${name}` },
  });
  return {
    status: 200,
    body: {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: [sobject('Account', '001'), sobject('Contact', '003'), sobject('Lead', '00Q')],
    },
  };
}

/** Pipedrive v1: `GET /v1/persons` with its `success`/`data`/`additional_data` envelope. */
function pipedrivePersons(call: ApiCall): ApiAnswer {
  const limit = pageSize(call, 100);
  if (typeof limit !== 'number') return limit;
  const people = seededPeople(call.caller.account).slice(0, limit);
  return {
    status: 200,
    body: {
      success: true,
      data: people.map((person) => ({
        id: Number(person.id),
        name: `${person.firstName} ${person.lastName}`,
        first_name: person.firstName,
        last_name: person.lastName,
        email: [{ label: 'work', value: person.email, primary: true }],
        add_time: person.createdAt.replace('T', ' ').slice(0, 19),
      })),
      additional_data: { pagination: { start: 0, limit, more_items_in_collection: false } },
    },
  };
}

/** Zoho CRM v2: `GET /crm/v2/Contacts` with `data` and `info`. */
function zohoContacts(call: ApiCall): ApiAnswer {
  const people = seededPeople(call.caller.account);
  return {
    status: 200,
    body: {
      data: people.map((person) => ({
        id: `${call.caller.account.id}-${person.id}`,
        First_Name: person.firstName,
        Last_Name: person.lastName,
        Email: person.email,
        Created_Time: person.createdAt,
      })),
      info: { per_page: 200, count: people.length, page: 1, more_records: false },
    },
  };
}

/** Calendly v2: `GET /users/me` describes the signed-in user as a resource with a URI. */
function calendlyMe(call: ApiCall): ApiAnswer {
  const { account } = call.caller;
  const base = `${call.ctx.app.baseUrl}/${call.ctx.providerKey}/api`;
  return {
    status: 200,
    body: {
      resource: {
        uri: `${base}/users/${account.id}`,
        name: account.name,
        email: account.email,
        slug: account.id,
        timezone: 'Europe/Berlin',
        current_organization: `${base}/organizations/${account.id}-org`,
      },
    },
  };
}

/** A few representative endpoints per provider, enough to prove the app talks to each API correctly. */
export const CRM_ENDPOINTS: Record<string, readonly ApiEndpoint[]> = {
  hubspot: [{ method: 'GET', path: /^\/crm\/v3\/objects\/contacts$/, handle: hubspotContacts }],
  salesforce: [{ method: 'GET', path: /^\/services\/data\/v\d+\.\d\/sobjects\/?$/, handle: salesforceSobjects }],
  pipedrive: [{ method: 'GET', path: /^\/v1\/persons$/, handle: pipedrivePersons }],
  'zoho-crm': [{ method: 'GET', path: /^\/crm\/v2\/Contacts$/, handle: zohoContacts }],
  calendly: [{ method: 'GET', path: /^\/users\/me$/, handle: calendlyMe }],
};
