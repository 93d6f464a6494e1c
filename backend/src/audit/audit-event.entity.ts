import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export enum AuditEventType {
  ConnectStarted = 'connect_started',
  ConnectSucceeded = 'connect_succeeded',
  ConnectDenied = 'connect_denied',
  ConnectFailed = 'connect_failed',
  Disconnected = 'disconnected',
  RevokeFailed = 'revoke_failed',
  Revoked = 'revoked',
  ReauthRequired = 'reauth_required',
  ProxyUsed = 'integration.proxy_used',
  CredentialsRead = 'integration.credentials_read',
  FormBlocked = 'form_blocked',
  FormUnblocked = 'form_unblocked',
  HealthChanged = 'health_changed',
  WebhookEndpointCreated = 'webhook_endpoint_created',
  WebhookEndpointDeleted = 'webhook_endpoint_deleted',
  WebhookEndpointDisabled = 'webhook_endpoint_disabled',
  WebhookSecretRotated = 'webhook_secret_rotated',
}

const WEBHOOK_TYPES: string[] = [
  AuditEventType.WebhookEndpointCreated,
  AuditEventType.WebhookEndpointDeleted,
  AuditEventType.WebhookEndpointDisabled,
  AuditEventType.WebhookSecretRotated,
];

/** What an integration's activity feed can show; webhook endpoint entries are kept under their own key. */
export const INTEGRATION_ACTIVITY_TYPES = Object.values(AuditEventType).filter((type) => !WEBHOOK_TYPES.includes(type));

/** Append-only record of what happened to an integration, by whom and from where. Never secrets. */
@Entity('audit_events')
@Index('idx_audit_account_integration_time', ['accountId', 'integrationKey', 'createdAt'])
export class AuditEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'integration_key', type: 'varchar', length: 64 })
  integrationKey!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: AuditEventType;

  @Column({ name: 'actor_user_id', type: 'varchar', length: 36, nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 200, nullable: true })
  actorName!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  detail!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
