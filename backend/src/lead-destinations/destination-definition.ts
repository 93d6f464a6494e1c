import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString, MaxLength } from 'class-validator';

/** A new lead as every destination sees it: the contact plus where it came from. */
export interface DestinationLead {
  eventId: string;
  receivedAt: Date;
  contactId: string;
  /** The contact in Aurora Inbox, for the "open" link. */
  contactUrl: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  source: string;
  formId: string | null;
  formName: string | null;
  adId: string | null;
  /** Custom answers by question key. */
  answers: Record<string, string>;
  test?: boolean;
}

/** One answer of a provider API, whatever its status. */
export interface ApiResponse {
  status: number;
  body: unknown;
  /** Seconds from `Retry-After`, when the provider sent one. */
  retryAfterSeconds: number | null;
}

/**
 * The connection as a destination may use it: authorized JSON calls. A 401 refreshes the token once
 * (when the provider has refresh tokens) and repeats the call; any other status is the destination's to read.
 */
export interface DestinationApi {
  /** The provider's API root for this deployment (the sandbox's when it stands in). */
  baseUrl(service: string): string;
  call(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<ApiResponse>;
}

/**
 * Why a delivery did not go through, in words an admin understands. `retry`: try again after a backoff
 * (or the provider's Retry-After); `blocked`: needs the admin (a gone channel, a deleted sheet), retried
 * slowly until settings change; `reauth`: the grant is dead; `unconfirmed`: sent, answer unknown.
 */
export class DeliveryFailure extends Error {
  constructor(
    readonly kind: 'retry' | 'blocked' | 'reauth' | 'unconfirmed',
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}

/** Which leads a destination wants; empty or absent = all. Every settings DTO extends it. */
export class LeadFilterDto {
  @ApiPropertyOptional({ type: [String], description: 'Lead sources that are sent; empty = all', example: ['facebook-lead-ads'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  sources?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Lead forms that are sent; empty = all' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(191, { each: true })
  formIds?: string[];
}

export interface LookupPage {
  items: { id: string; name: string; detail?: string }[];
  nextCursor: string | null;
}

export interface LookupParams {
  query?: string;
  cursor?: string;
  /** A parent id (a spreadsheet for its sheets) or a pasted URL. */
  id?: string;
}

/**
 * One built-in destination. A new one is its own folder with this definition, its settings DTO and its
 * content component, registered in `DESTINATIONS`.
 */
export interface DestinationDefinition<S extends LeadFilterDto = LeadFilterDto> {
  integrationKey: string;
  settingsType: new () => S;
  /** API roots by service name: the provider's real one, and its path under the sandbox's API base. */
  apiBases: Record<string, { real: string; sandboxPath: string }>;
  /** Posts or appends exactly one item for the lead; throws DeliveryFailure when it cannot. */
  deliver(lead: DestinationLead, settings: S, api: DestinationApi): Promise<void>;
  /** Settings the content area starts from before anything was saved. */
  defaults?: Partial<S>;
  /** Pickers for the content area (channels, spreadsheets, sheets), by name. */
  lookups: Record<string, (api: DestinationApi, params: LookupParams) => Promise<LookupPage>>;
}

export function matchesFilter(lead: DestinationLead, settings: LeadFilterDto): boolean {
  if (settings.sources?.length && !settings.sources.includes(lead.source)) return false;
  if (settings.formIds?.length && (!lead.formId || !settings.formIds.includes(lead.formId))) return false;
  return true;
}
