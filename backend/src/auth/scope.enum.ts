/** What a service API key may do. Services never connect or disconnect. */
export enum Scope {
  IntegrationsRead = 'integrations:read',
  /** Call a connected provider's API through the proxy, as the connection. */
  IntegrationsProxy = 'integrations:proxy',
  /** Read a connection's access token itself (for services that must call the provider directly). */
  IntegrationsCredentials = 'integrations:credentials',
  ContactsRead = 'contacts:read',
  EventsRead = 'events:read',
}

export function isScope(value: string): value is Scope {
  return (Object.values(Scope) as string[]).includes(value);
}
