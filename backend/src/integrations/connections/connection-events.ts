import { EventType } from '../../events/event-type.enum';
import type { NewEvent } from '../../events/events.service';
import type { Connection } from './connection.entity';

/** What services learn when a connection is made or made again (ids and names, never tokens). */
export function connectedEvent(connection: Connection, reconnected: boolean, actorUserId: string): NewEvent {
  return {
    type: reconnected ? EventType.ConnectionReconnected : EventType.ConnectionConnected,
    accountId: connection.accountId,
    data: {
      integrationKey: connection.integrationKey,
      connectionId: connection.id,
      accountName: connection.externalAccountName,
      scopes: connection.scopes ? connection.scopes.split(' ') : [],
      actorUserId,
    },
  };
}

/** The connection is gone: an admin disconnected it, or the provider says the user removed the app. */
export function disconnectedEvent(
  connection: Pick<Connection, 'id' | 'accountId' | 'integrationKey'>,
  reason: 'admin' | 'provider_deauthorized',
  actorUserId: string | null,
): NewEvent {
  return {
    type: EventType.ConnectionDisconnected,
    accountId: connection.accountId,
    data: { integrationKey: connection.integrationKey, connectionId: connection.id, reason, actorUserId },
  };
}
