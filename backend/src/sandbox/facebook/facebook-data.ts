import type { PersistentSlice } from '../core/persistence';
import { GraphRefusals } from './graph-refusals';

export const FACEBOOK_PROVIDER_KEY = 'facebook-lead-ads';

export interface FacebookPage {
  readonly id: string;
  readonly name: string;
  readonly category: string;
}

export interface LeadQuestion {
  readonly key: string;
  readonly label: string;
  readonly type: string;
}

export interface LeadForm {
  readonly id: string;
  readonly pageId: string;
  readonly name: string;
  readonly status: 'ACTIVE';
  readonly locale: string;
  readonly questions: readonly LeadQuestion[];
}

export interface LeadField {
  readonly name: string;
  readonly values: readonly string[];
}

/** The ad a lead came through, as Graph names it on the lead. */
export interface AdPlacement {
  readonly adId: string;
  readonly adName: string;
  readonly adsetId: string;
  readonly adsetName: string;
  readonly campaignId: string;
  readonly campaignName: string;
}

/** One answer to a form's consent checkbox (`custom_disclaimer_responses`). */
export interface ConsentResponse {
  readonly checkbox_key: string;
  readonly is_checked: '1' | '0';
}

/** Where a lead was submitted: Facebook or Instagram. */
export type LeadPlatform = 'fb' | 'ig';

export interface Lead {
  readonly id: string;
  readonly pageId: string;
  readonly formId: string;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly fieldData: readonly LeadField[];
  /** Null for organic leads (and the Lead Ads Testing Tool's). */
  readonly ad: AdPlacement | null;
  readonly platform: LeadPlatform;
  readonly consent: readonly ConsentResponse[];
  readonly partnerName: string | null;
}

/** Everything about a new lead but what the sandbox assigns (id, page, form, time). */
export type LeadDetails = Pick<Lead, 'ad' | 'platform' | 'consent' | 'partnerName'>;

export const SANDBOX_AD: AdPlacement = {
  adId: '6000001',
  adName: 'Autumn blend — carousel',
  adsetId: '6100001',
  adsetName: 'Coffee lovers 25–45',
  campaignId: '6200001',
  campaignName: 'Autumn subscriptions',
};

const MARKETING_CONSENT = 'marketing_consent';

export interface PageSubscription {
  readonly appId: string;
  readonly fields: readonly string[];
}

/** Switches of the sandbox Facebook app, set by `POST /control/facebook/settings`. */
export interface FacebookAppSettings {
  /** Meta's "Require App Secret": calls without a valid appsecret_proof are refused. */
  requireAppSecretProof: boolean;
  /** Permissions the sandbox user declined in the consent dialog (`/me/permissions` says so). */
  declinedPermissions: string[];
  /** The user's tasks per Page where they differ from full control. */
  pageTasks: Record<string, string[]>;
}

export function defaultAppSettings(): FacebookAppSettings {
  return { requireAppSecretProof: false, declinedPermissions: [], pageTasks: {} };
}

export const PAGE_TASKS: readonly string[] = ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'];

const PAGES: readonly FacebookPage[] = [
  { id: '1000001', name: 'Aurora Coffee Roasters', category: 'Coffee Shop' },
  { id: '1000002', name: 'Aurora Bikes', category: 'Bicycle Shop' },
];

const STANDARD_QUESTIONS: readonly LeadQuestion[] = [
  { key: 'full_name', label: 'Full name', type: 'FULL_NAME' },
  { key: 'email', label: 'Email', type: 'EMAIL' },
  { key: 'phone_number', label: 'Phone number', type: 'PHONE' },
];

interface FormSeed {
  readonly id: string;
  readonly pageId: string;
  readonly name: string;
  readonly custom: LeadQuestion;
  readonly answers: readonly string[];
  readonly leadCount: number;
}

// The first form has enough leads to need more than one page of results with a small limit.
const FORM_SEEDS: readonly FormSeed[] = [
  {
    id: '2000001',
    pageId: '1000001',
    name: 'Coffee subscription enquiry',
    custom: { key: 'preferred_contact_time', label: 'When should we call you?', type: 'CUSTOM' },
    answers: ['Morning', 'Afternoon', 'Evening'],
    leadCount: 5,
  },
  {
    id: '2000002',
    pageId: '1000001',
    name: 'Wholesale partner request',
    custom: { key: 'weekly_volume_kg', label: 'Weekly volume (kg)', type: 'CUSTOM' },
    answers: ['5', '20', '50'],
    leadCount: 2,
  },
  {
    id: '2000003',
    pageId: '1000002',
    name: 'Book a test ride',
    custom: { key: 'preferred_bike_model', label: 'Which bike would you like to ride?', type: 'CUSTOM' },
    answers: ['City Cruiser', 'Gravel Pro', 'Cargo Family'],
    leadCount: 2,
  },
  {
    id: '2000004',
    pageId: '1000002',
    name: 'Service appointment',
    custom: { key: 'preferred_contact_time', label: 'When should we call you?', type: 'CUSTOM' },
    answers: ['Weekday mornings', 'Saturdays'],
    leadCount: 2,
  },
];

const PEOPLE: readonly string[] = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Margaret Hamilton'];
const FIRST_LEAD_ID = 3000001;
/** Leads added later get ids of Meta's real length (16 digits), as webhook bodies then weigh what Meta's do. */
const FIRST_ADDED_LEAD_ID = 1_900_000_000_000_001;
const HOUR_MS = 3_600_000;

interface FacebookSnapshot {
  leads: Lead[];
  subscriptions: [pageId: string, subscription: PageSubscription][];
  nextLeadId: number;
}

/** Seeded pages, lead forms and leads of the sandbox Facebook user, plus leads added by tests. */
export class FacebookData implements PersistentSlice {
  readonly pages = PAGES;
  readonly forms: readonly LeadForm[] = FORM_SEEDS.map((seed) => ({
    id: seed.id,
    pageId: seed.pageId,
    name: seed.name,
    status: 'ACTIVE',
    locale: 'en_US',
    questions: [...STANDARD_QUESTIONS, seed.custom],
  }));
  private leads: Lead[] = seedLeads(Date.now());
  /** Lead reads look leads up by id thousands of times a second (the bench's batches): not by scanning. */
  private leadsById = new Map(this.leads.map((lead) => [lead.id, lead]));
  private readonly subscriptions = new Map<string, PageSubscription>();
  readonly settings: FacebookAppSettings = defaultAppSettings();

  tasksOf(pageId: string): readonly string[] {
    return this.settings.pageTasks[pageId] ?? PAGE_TASKS;
  }

  /**
   * The login dialog opened with `auth_type=rerequest` asks again for declined permissions, and the
   * sandbox user allows the ones requested. Without it Facebook does not ask again: they stay declined.
   */
  allowAgain(scope: readonly string[]): void {
    this.settings.declinedPermissions = this.settings.declinedPermissions.filter((permission) => !scope.includes(permission));
  }
  /** Leads Access Manager refusals and rate limits on lead reads (control calls). */
  readonly refusals = new GraphRefusals();
  private nextLeadId = FIRST_ADDED_LEAD_ID;

  page(id: string): FacebookPage | undefined {
    return this.pages.find((page) => page.id === id);
  }

  form(id: string): LeadForm | undefined {
    return this.forms.find((form) => form.id === id);
  }

  lead(id: string): Lead | undefined {
    return this.leadsById.get(id);
  }

  formsOf(pageId: string): LeadForm[] {
    return this.forms.filter((form) => form.pageId === pageId);
  }

  /** Newest first, as the Graph API lists them. */
  leadsOf(formId: string): Lead[] {
    return this.leads
      .filter((lead) => lead.formId === formId)
      .sort((a, b) => b.createdAt - a.createdAt || Number(b.id) - Number(a.id));
  }

  addLead(form: LeadForm, fieldData: readonly LeadField[], details: LeadDetails): Lead {
    const lead: Lead = {
      id: String(this.nextLeadId++),
      pageId: form.pageId,
      formId: form.id,
      createdAt: Date.now(),
      fieldData,
      ...details,
    };
    this.leads.push(lead);
    this.leadsById.set(lead.id, lead);
    return lead;
  }

  subscription(pageId: string): PageSubscription | undefined {
    return this.subscriptions.get(pageId);
  }

  subscribe(pageId: string, subscription: PageSubscription): void {
    this.subscriptions.set(pageId, subscription);
  }

  unsubscribe(pageId: string): void {
    this.subscriptions.delete(pageId);
  }

  /** Pages and forms are fixed seeds; leads and the id counter are kept so a restart never reuses a lead id. */
  toJSON(): FacebookSnapshot {
    return { leads: this.leads, subscriptions: [...this.subscriptions], nextLeadId: this.nextLeadId };
  }

  restore(data: unknown): void {
    const snapshot = data as FacebookSnapshot;
    this.leads = [...snapshot.leads];
    this.leadsById = new Map(this.leads.map((lead) => [lead.id, lead]));
    this.subscriptions.clear();
    for (const [pageId, subscription] of snapshot.subscriptions) this.subscriptions.set(pageId, subscription);
    this.nextLeadId = snapshot.nextLeadId;
  }
}

/**
 * One lead per hour before `now`, ids ascending with time; every other lead came from an ad, every
 * third from Instagram, and all ticked the marketing consent box but every fourth.
 */
function seedLeads(now: number): Lead[] {
  const slots = FORM_SEEDS.flatMap((seed) => Array.from({ length: seed.leadCount }, (_, n) => ({ seed, n })));
  return slots.map(({ seed, n }, index) => {
    const person = PEOPLE[index % PEOPLE.length] ?? 'Sandbox Lead';
    return {
      id: String(FIRST_LEAD_ID + index),
      pageId: seed.pageId,
      formId: seed.id,
      createdAt: now - (slots.length - index) * HOUR_MS,
      fieldData: [
        { name: 'full_name', values: [person] },
        { name: 'email', values: [`${person.toLowerCase().replace(' ', '.')}@example.test`] },
        { name: 'phone_number', values: [`+1555010${String(index).padStart(4, '0')}`] },
        { name: seed.custom.key, values: [seed.answers[n % seed.answers.length] ?? ''] },
      ],
      ad: index % 2 === 0 ? SANDBOX_AD : null,
      platform: index % 3 === 2 ? 'ig' : 'fb',
      consent: [{ checkbox_key: MARKETING_CONSENT, is_checked: index % 4 === 3 ? '0' : '1' }],
      partnerName: null,
    };
  });
}
