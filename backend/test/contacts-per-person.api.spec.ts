import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { ContactsService, SourcedContact } from '../src/contacts/contacts.service';
import type {
  ContactDetailResponse as ContactDetail,
  ContactPageResponse as ContactPage,
  ErrorResponse as ErrorBody,
} from '../../frontend/src/api/schema';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestApp, TestApp } from './support/test-app';

const SOURCE = 'facebook-lead-ads';
let leadNumber = 0;

describe(`one contact per person (${testDatabaseKind()})`, () => {
  let app: TestApp;
  let contacts: ContactsService;
  let dataSource: DataSource;
  let admin: SignedInDriver;
  let stranger: SignedInDriver;

  const get = async <T>(driver: SignedInDriver, path: string) => {
    const response = await fetch(`${app.url}/api/v1${path}`, { headers: { Cookie: driver.jar.header() } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const lead = (fields: Partial<SourcedContact>, details: Partial<NonNullable<SourcedContact['lead']>> = {}): SourcedContact => ({
    accountId: admin.user.accountId,
    source: SOURCE,
    externalId: `lead-${++leadNumber}`,
    ...fields,
    lead: { formId: 'form-1', formName: 'Coffee subscription enquiry', pageId: 'page-1', ...details },
  });
  const count = async (sql: string, params: unknown[]) => Number((await dataSource.query(sql, params))[0].n);

  before(async () => {
    app = await startTestApp();
    contacts = app.app.get(ContactsService);
    dataSource = app.app.get(DataSource);
    admin = await signedInAdmin(app);
    stranger = await signedInAdmin(app);
  });
  after(() => app.close());

  it('records a second lead with the same e-mail on the same contact, keeping both leads whole', async () => {
    const first = await contacts.upsertFromSource(
      lead(
        { name: 'Grace Hopper', email: 'Grace@Example.test', attributes: { 'Call time': 'Morning' } },
        {
          answers: [{ name: 'full_name', values: ['Grace Hopper'] }],
          receivedAt: new Date(Date.now() - 60_000),
        },
      ),
    );
    const second = await contacts.upsertFromSource(
      lead(
        { name: 'Grace B. Hopper', email: '  grace@example.TEST ', phone: '+1 (555) 010-0001' },
        {
          formName: 'Wholesale partner request',
          platform: 'ig',
          answers: [{ name: 'company', values: ['Navy'] }],
          attribution: { adId: 'ad-7', campaignName: 'Spring', isOrganic: false },
          consent: [{ checkboxKey: 'marketing', isChecked: true }],
        },
      ),
    );
    assert.deepEqual([first.created, first.contactCreated, second.created, second.contactCreated], [true, true, true, false]);
    assert.equal(second.contact.id, first.contact.id);

    const detail = await get<ContactDetail>(admin, `/contacts/${first.contact.id}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.name, 'Grace B. Hopper', 'the newer lead’s name wins');
    assert.equal(detail.body.email, 'Grace@Example.test', 'the e-mail stays as first given');
    assert.equal(detail.body.phone, '+1 (555) 010-0001', 'an empty field is filled');
    assert.deepEqual(detail.body.attributes, { 'Call time': 'Morning' });
    assert.equal(detail.body.leadCount, 2);
    assert.equal(detail.body.sourceLabel, 'Facebook Lead Ads · Instagram');
    const [newest, oldest] = detail.body.leads;
    assert.deepEqual(newest.answers, [{ name: 'company', values: ['Navy'] }]);
    assert.deepEqual(newest.attribution, { adId: 'ad-7', campaignName: 'Spring', isOrganic: false });
    assert.deepEqual(newest.consent, [{ checkboxKey: 'marketing', isChecked: true }]);
    assert.equal(newest.platform, 'ig');
    assert.deepEqual(oldest.answers, [{ name: 'full_name', values: ['Grace Hopper'] }]);
    assert.equal(oldest.sourceLabel, 'Facebook Lead Ads · Coffee subscription enquiry');
  });

  it('matches by phone when the e-mail differs, and an older lead imported late does not undo the name', async () => {
    const first = await contacts.upsertFromSource(lead({ name: 'Katherine Johnson', phone: '+1 555 010 0002' }));
    const late = await contacts.upsertFromSource(
      lead(
        { name: 'K. Johnson', email: 'kj@example.test', phone: '+15550100002' },
        { receivedAt: new Date(Date.now() - 86_400_000) },
      ),
    );
    assert.equal(late.contact.id, first.contact.id);
    assert.equal(late.contactCreated, false);
    const detail = await get<ContactDetail>(admin, `/contacts/${first.contact.id}`);
    assert.equal(detail.body.name, 'Katherine Johnson');
    assert.equal(detail.body.email, 'kj@example.test');
  });

  it('treats a redelivered lead as a duplicate and leads without e-mail or phone as separate people', async () => {
    const input = lead({ name: 'No Contact Details' });
    const first = await contacts.upsertFromSource(input);
    const again = await contacts.upsertFromSource(input);
    const other = await contacts.upsertFromSource(lead({ name: 'No Contact Details' }));
    assert.deepEqual([first.created, again.created, other.created], [true, false, true]);
    assert.equal(again.contact.id, first.contact.id);
    assert.notEqual(other.contact.id, first.contact.id);
    assert.equal(await contacts.exists(admin.user.accountId, SOURCE, input.externalId), true);
  });

  it('tells an accented look-alike e-mail apart (byte-exact on both databases)', async () => {
    const plain = await contacts.upsertFromSource(lead({ name: 'Rene', email: 'rene@example.test' }));
    const accented = await contacts.upsertFromSource(lead({ name: 'René', email: 'rené@example.test' }));
    assert.equal(accented.contactCreated, true);
    assert.notEqual(accented.contact.id, plain.contact.id);
  });

  it('ends concurrent leads of one e-mail on one contact with every lead recorded', async () => {
    const leads = Array.from({ length: 12 }, (_, n) => lead({ name: `Racer ${n}`, email: 'racer@example.test' }));
    const results = await Promise.all(leads.map((input) => contacts.upsertFromSource(input)));
    assert.equal(new Set(results.map((r) => r.contact.id)).size, 1);
    assert.equal(results.filter((r) => r.contactCreated).length, 1);
    assert.ok(results.every((r) => r.created));
    const { accountId } = admin.user;
    assert.equal(
      await count('SELECT COUNT(*) AS n FROM contacts WHERE account_id = ? AND email_normalized = ?', [
        accountId,
        'racer@example.test',
      ]),
      1,
    );
    assert.equal(await count('SELECT COUNT(*) AS n FROM lead_records WHERE contact_id = ?', [results[0].contact.id]), 12);
  });

  it('ends concurrent deliveries of one lead (no e-mail or phone) on one record and one contact', async () => {
    const input = lead({ name: 'Anonymous Twin' });
    const results = await Promise.all(Array.from({ length: 6 }, () => contacts.upsertFromSource(input)));
    assert.equal(results.filter((r) => r.created).length, 1);
    assert.equal(new Set(results.map((r) => r.contact.id)).size, 1);
    assert.equal(
      await count('SELECT COUNT(*) AS n FROM contacts WHERE account_id = ? AND name = ?', [
        admin.user.accountId,
        'Anonymous Twin',
      ]),
      1,
    );
  });

  it('searches by a name word, an e-mail prefix and phone digits, paging with the keyset cursor', async () => {
    const names = async (query: string) =>
      (await get<ContactPage>(admin, `/contacts?${query}`)).body.data.map((c) => c.name).sort();
    assert.deepEqual(await names('q=hopper'), ['Grace B. Hopper']);
    assert.deepEqual(await names('q=GRACE%40ex'), ['Grace B. Hopper']);
    assert.deepEqual(await names('q=555-010-0002'), ['Katherine Johnson']);
    assert.deepEqual(await names('q=100%25'), [], 'a % is taken literally');

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: ContactPage } = await get<ContactPage>(
        admin,
        `/contacts?q=racer&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.data.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 1, 'twelve leads of one person are one search hit');
    const [racer] = (await get<ContactPage>(admin, '/contacts?q=racer')).body.data;
    assert.equal(racer.leadCount, 12);
    assert.equal(racer.sourceLabel, 'Facebook Lead Ads · Coffee subscription enquiry');
  });

  it('filters by source and by date, and flags contacts whose every lead is a test', async () => {
    const test = await contacts.upsertFromSource(lead({ name: 'Test Lead', email: 'test@fb.com' }, { isTest: true }));
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const total = async (query: string) => (await get<ContactPage>(admin, `/contacts?limit=100&${query}`)).body.data.length;
    const all = await total('');
    assert.ok(all >= 6);
    assert.equal(await total(`source=${SOURCE}`), all);
    assert.equal(await total('source=hubspot'), 0);
    assert.equal(await total(`from=${today}&to=${today}`), all);
    assert.equal(await total(`from=${tomorrow}`), 0);
    assert.equal(await total(`to=${yesterday}`), 0);
    const listed = (await get<ContactPage>(admin, '/contacts?q=test%40fb')).body.data;
    assert.deepEqual(
      listed.map((c) => [c.id, c.isTest]),
      [[test.contact.id, true]],
    );
  });

  it('answers 404 for another account’s contact and for an id that is not one', async () => {
    const [mine] = (await get<ContactPage>(admin, '/contacts?limit=1')).body.data;
    for (const id of [mine.id, 'not-a-contact-id']) {
      const response = await get<ErrorBody>(stranger, `/contacts/${id}`);
      assert.equal(response.status, 404);
      assert.equal(response.body.error, 'contact_not_found');
    }
    assert.deepEqual((await get<ContactPage>(stranger, '/contacts')).body.data, []);
  });

  it('refuses bad filters with a 400 that names the field', async () => {
    const cases: [string, RegExp][] = [
      ['from=yesterday', /from must be a date/],
      ['to=2026-13-40', /to must be a date/],
      ['from=2026-05-02&to=2026-05-01', /to must be on or after from/],
      [`q=${'x'.repeat(101)}`, /q must be at most 100 characters/],
    ];
    for (const [query, message] of cases) {
      const response = await get<ErrorBody>(admin, `/contacts?${query}`);
      assert.equal(response.status, 400, query);
      assert.match(JSON.stringify(response.body.message), message, query);
    }
  });
});
