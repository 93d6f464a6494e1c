/** What a service API key may read. Services never connect or disconnect. */
export enum Scope {
  IntegrationsRead = 'integrations:read',
  ContactsRead = 'contacts:read',
  EventsRead = 'events:read',
}

export function isScope(value: string): value is Scope {
  return (Object.values(Scope) as string[]).includes(value);
}
