import { ApiProperty } from '@nestjs/swagger';
import { FacebookFormConnection, FormConnectionState } from '../entities/facebook-form-connection.entity';
import type { UserTokenAccess, UserTokenState } from '../user-token-access.service';
import { GraphForm, GraphPage } from '../graph.client';
import { leadAccessProblem } from '../page-access';
import { LeadMapping, parseMapping, suggestMapping } from '../lead-mapping';
import { MAPPING_SCHEMA } from './mapping.schema';

export class FacebookPageResponse {
  @ApiProperty({ example: '1000001' }) id!: string;
  @ApiProperty({ example: 'Aurora Coffee Roasters' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Coffee Shop' }) category!: string | null;
  @ApiProperty({ type: [String], description: 'What the user may do on the Page', example: ['ADVERTISE', 'MODERATE'] })
  tasks!: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why this user cannot import the Page’s leads, in plain words; null when they can',
  })
  leadAccessProblem!: string | null;
}

export class FacebookPermissionsResponse {
  @ApiProperty({ type: [String], example: ['leads_retrieval', 'pages_show_list'] }) granted!: string[];
  @ApiProperty({
    type: [String],
    description: 'Permissions Aurora asks for that the user declined (or later removed): reconnect to allow them',
    example: ['pages_manage_metadata'],
  })
  declined!: string[];
}

export class LeadQuestionResponse {
  @ApiProperty({ example: 'full_name' }) key!: string;
  @ApiProperty({ example: 'Full name' }) label!: string;
  @ApiProperty({ example: 'FULL_NAME' }) type!: string;
}

export class LeadFormResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'ACTIVE' }) status!: string;
  @ApiProperty({ type: [LeadQuestionResponse] }) questions!: LeadQuestionResponse[];
  @ApiProperty({ ...MAPPING_SCHEMA, example: { full_name: 'name', email: 'email' } })
  suggestedMapping!: LeadMapping;
}

export class FormConnectionResponse {
  @ApiProperty() formId!: string;
  @ApiProperty() formName!: string;
  @ApiProperty() pageId!: string;
  @ApiProperty({ type: String, nullable: true }) pageName!: string | null;
  @ApiProperty(MAPPING_SCHEMA) mapping!: LeadMapping;
  @ApiProperty() leadsImported!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLeadAt!: string | null;
  @ApiProperty({ enum: ['active', 'blocked'], description: 'blocked: Facebook refuses this form’s leads (see stateReason)' })
  state!: FormConnectionState;
  @ApiProperty({ type: String, nullable: true, description: 'Why the form is blocked and what to do, in plain words' })
  stateReason!: string | null;
  @ApiProperty({ description: 'Leads received and waiting in the inbox to be imported' }) leadsWaiting!: number;
}

export class UserTokenAccessResponse {
  @ApiProperty({ enum: ['valid', 'expiring', 'expired'] }) state!: UserTokenState;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Reconnect to manage forms — leads keep arriving.' })
  message!: string | null;
}

export class LeadAdsAccessResponse {
  @ApiProperty({
    type: UserTokenAccessResponse,
    description: 'The user token lists Pages and adds forms; leads never depend on it',
  })
  userToken!: UserTokenAccessResponse;
}

export function toAccessResponse(userToken: UserTokenAccess): LeadAdsAccessResponse {
  return {
    userToken: { state: userToken.state, expiresAt: userToken.expiresAt?.toISOString() ?? null, message: userToken.message },
  };
}

export function toPageResponse(page: GraphPage): FacebookPageResponse {
  const tasks = Array.isArray(page.tasks) ? page.tasks.filter((task) => typeof task === 'string') : [];
  return {
    id: page.id,
    name: page.name,
    category: page.category ?? null,
    tasks,
    leadAccessProblem: leadAccessProblem(Array.isArray(page.tasks) ? tasks : undefined),
  };
}

export function toLeadFormResponse(form: GraphForm): LeadFormResponse {
  const questions = (form.questions ?? [])
    .filter((q) => typeof q.key === 'string' && q.key.length > 0)
    .map((q) => ({ key: q.key, label: q.label ?? q.key, type: q.type ?? 'CUSTOM' }));
  return {
    id: form.id,
    name: form.name ?? form.id,
    status: form.status ?? 'ACTIVE',
    questions,
    suggestedMapping: suggestMapping(questions.map((q) => q.key)),
  };
}

export function toFormConnectionResponse(
  row: FacebookFormConnection,
  pageName: string | null,
  leadsWaiting = 0,
): FormConnectionResponse {
  return {
    formId: row.formId,
    formName: row.formName,
    pageId: row.pageId,
    pageName,
    mapping: parseMapping(row.mapping),
    leadsImported: row.leadsImported,
    lastLeadAt: row.lastLeadAt ? row.lastLeadAt.toISOString() : null,
    state: row.state,
    stateReason: row.stateReason,
    leadsWaiting,
  };
}
