import { randomBytes } from 'node:crypto';
import { LoggedEvent } from '../../events/entities/event.entity';

/** The type of the message `POST …/test` sends; not an event of the log. */
export const TEST_MESSAGE_TYPE = 'webhook.test';

/** A `webhook-id`: unique per message, repeated on every retry so receivers can deduplicate. */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString('hex')}`;
}

/** The Standard Webhooks body: `type`, `timestamp`, `data`, plus the event id and account for services. */
export function eventPayload(event: LoggedEvent): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    eventId: event.id,
    accountId: event.accountId,
    data: JSON.parse(event.data) as unknown,
  });
}

export function testPayload(accountId: string, endpointId: string, at: Date): string {
  return JSON.stringify({
    type: TEST_MESSAGE_TYPE,
    timestamp: at.toISOString(),
    eventId: null,
    accountId,
    data: { endpointId, message: 'A test message from Aurora Inbox Integrations.' },
  });
}
