export enum Role {
  ChannelsAdmin = 'channels_admin',
  Agent = 'agent',
}

/** How roles are named to people (403 messages, the SPA's required-role page). */
export const ROLE_LABELS: Record<Role, string> = {
  [Role.ChannelsAdmin]: 'Channels Administrator',
  [Role.Agent]: 'Agent',
};

export function isRole(value: string): value is Role {
  return (Object.values(Role) as string[]).includes(value);
}
