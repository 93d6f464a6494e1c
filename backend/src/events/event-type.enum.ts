/** What services and browsers can learn from the event log (DESIGN §12). */
export enum EventType {
  ConnectionConnected = 'connection.connected',
  ConnectionReconnected = 'connection.reconnected',
  ConnectionDisconnected = 'connection.disconnected',
  ConnectionReauthRequired = 'connection.reauth_required',
  ConnectionHealthChanged = 'connection.health_changed',
  LeadReceived = 'lead.received',
  FormConnectionSaved = 'form_connection.saved',
  FormConnectionRemoved = 'form_connection.removed',
}

export const EVENT_TYPES = Object.values(EventType);

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as string[]).includes(value);
}
