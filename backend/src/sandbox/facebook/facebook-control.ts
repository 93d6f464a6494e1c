import {
  FACEBOOK_PROVIDER_KEY,
  SANDBOX_AD,
  type ConsentResponse,
  type FacebookData,
  type LeadDetails,
  type LeadField,
  type LeadForm,
} from './facebook-data';
import { deliverLeadWebhook } from './facebook-webhook';
import { HttpError, isRecord, readJson, sendJson } from '../core/http-io';
import type { RequestContext } from '../core/request-context';

interface NewLead {
  form: LeadForm;
  fieldData: LeadField[];
  details: LeadDetails;
  deliver: boolean;
}

const MAX_FIELDS = 50;
const MAX_VALUES = 20;

/**
 * `POST /control/facebook/leads {pageId, formId, fieldData, platform?, fromAd?, consent?, deliver?}`: a
 * lead as if someone just submitted a form (on Facebook or Instagram, organically or through the
 * sandbox ad), plus its webhook.
 */
export async function handleCreateLead(ctx: RequestContext): Promise<void> {
  assertFacebookServed(ctx);
  const input = parseNewLead(ctx.app.store.facebook, await readJson(ctx.req));
  const lead = ctx.app.store.facebook.addLead(input.form, input.fieldData, input.details);
  const webhookStatus = input.deliver ? await deliverLeadWebhook(ctx.app, lead) : null;
  sendJson(ctx.res, 201, { leadId: lead.id, webhookStatus });
}

/** `POST /control/facebook/deliver`: the same webhook again, as Facebook retries do. */
export async function handleRedeliver(ctx: RequestContext): Promise<void> {
  assertFacebookServed(ctx);
  const body = await readJson(ctx.req);
  const leadId = isRecord(body) && typeof body.leadId === 'string' ? body.leadId : '';
  const lead = ctx.app.store.facebook.lead(leadId);
  if (!lead) throw new HttpError(404, { error: 'not_found', error_description: 'leadId names no lead.' });
  sendJson(ctx.res, 200, { leadId: lead.id, webhookStatus: await deliverLeadWebhook(ctx.app, lead) });
}

/**
 * `POST /control/facebook/settings {requireAppSecretProof?, declinedPermissions?, pageTasks?}`: the app's
 * "Require App Secret" switch (Meta's App Dashboard), permissions the user declined in the consent
 * dialog, and the user's tasks per Page. Only the given keys change; `/control/reset` restores all.
 */
export async function handleAppSettings(ctx: RequestContext): Promise<void> {
  assertFacebookServed(ctx);
  const body = await readJson(ctx.req);
  if (!isRecord(body)) throw invalid('The body must be a JSON object.');
  const settings = ctx.app.store.facebook.settings;
  const { requireAppSecretProof, declinedPermissions, pageTasks } = body;
  if (requireAppSecretProof !== undefined && typeof requireAppSecretProof !== 'boolean') {
    throw invalid('requireAppSecretProof must be a boolean.');
  }
  if (declinedPermissions !== undefined && !isStringList(declinedPermissions)) {
    throw invalid('declinedPermissions must be an array of permission names.');
  }
  if (pageTasks !== undefined && !(isRecord(pageTasks) && Object.values(pageTasks).every(isStringList))) {
    throw invalid('pageTasks must map page ids to arrays of task names.');
  }
  if (requireAppSecretProof !== undefined) settings.requireAppSecretProof = requireAppSecretProof;
  if (declinedPermissions !== undefined) settings.declinedPermissions = [...declinedPermissions];
  if (pageTasks !== undefined) settings.pageTasks = { ...(pageTasks as Record<string, string[]>) };
  sendJson(ctx.res, 200, settings);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= MAX_FIELDS && value.every((entry) => typeof entry === 'string' && entry !== '');
}

function assertFacebookServed(ctx: RequestContext): void {
  if (!ctx.app.config.providers.has(FACEBOOK_PROVIDER_KEY)) {
    throw new HttpError(404, { error: 'not_found', error_description: 'The sandbox does not serve Facebook Lead Ads.' });
  }
}

function parseNewLead(facebook: FacebookData, body: unknown): NewLead {
  if (!isRecord(body)) throw invalid('The body must be a JSON object.');
  const form = typeof body.formId === 'string' ? facebook.form(body.formId) : undefined;
  if (!form || form.pageId !== body.pageId) throw invalid('pageId and formId must name a seeded page and one of its forms.');
  if (body.deliver !== undefined && typeof body.deliver !== 'boolean') throw invalid('deliver must be a boolean.');
  return { form, fieldData: parseFieldData(body.fieldData), details: parseDetails(body), deliver: body.deliver !== false };
}

function parseDetails(body: Record<string, unknown>): LeadDetails {
  const { platform = 'fb', fromAd = false, consent = [] } = body;
  if (platform !== 'fb' && platform !== 'ig') throw invalid('platform must be "fb" or "ig".');
  if (typeof fromAd !== 'boolean') throw invalid('fromAd must be a boolean.');
  if (!Array.isArray(consent) || consent.length > MAX_FIELDS || !consent.every(isConsent)) {
    throw invalid('consent must be an array of {checkbox_key: string, is_checked: "1" | "0"}.');
  }
  return {
    platform,
    ad: fromAd ? SANDBOX_AD : null,
    consent: consent.map((entry) => ({ checkbox_key: entry.checkbox_key, is_checked: entry.is_checked })),
    partnerName: null,
  };
}

function isConsent(value: unknown): value is ConsentResponse {
  return (
    isRecord(value) &&
    typeof value.checkbox_key === 'string' &&
    value.checkbox_key.length > 0 &&
    (value.is_checked === '1' || value.is_checked === '0')
  );
}

function parseFieldData(value: unknown): LeadField[] {
  if (!Array.isArray(value) || value.length > MAX_FIELDS || !value.every(isLeadField)) {
    throw invalid(`fieldData must be an array of at most ${MAX_FIELDS} {name, values: string[]} entries.`);
  }
  return value.map((field) => ({ name: field.name, values: [...field.values] }));
}

function isLeadField(value: unknown): value is LeadField {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    value.name.length > 0 &&
    Array.isArray(value.values) &&
    value.values.length <= MAX_VALUES &&
    value.values.every((entry: unknown) => typeof entry === 'string')
  );
}

function invalid(description: string): HttpError {
  return new HttpError(400, { error: 'invalid_request', error_description: description });
}
