export const SLACK_PROVIDER_KEY = 'slack';

export interface SlackChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  /** Whether the sandbox's bot is in it (Slack lists private channels only then). */
  isMember: boolean;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown;
}

/** Seeded channels of the sandbox's Slack workspace: `#leads` first, the others for picking and errors. */
function seedChannels(): SlackChannel[] {
  const named: SlackChannel[] = [
    { id: 'C0LEADS0001', name: 'leads', isPrivate: false, isArchived: false, isMember: true },
    { id: 'C0GENRL0001', name: 'general', isPrivate: false, isArchived: false, isMember: true },
    { id: 'C0SALES0001', name: 'sales', isPrivate: false, isArchived: false, isMember: false },
    { id: 'G0VIPLD0001', name: 'vip-leads', isPrivate: true, isArchived: false, isMember: true },
    { id: 'G0BOARD0001', name: 'board', isPrivate: true, isArchived: false, isMember: false },
    { id: 'C0OLDLD0001', name: 'old-leads', isPrivate: false, isArchived: true, isMember: true },
  ];
  // Enough channels that a workspace needs more than one page at a small limit.
  const filler = Array.from({ length: 30 }, (_, index) => ({
    id: `C0TEAM${String(index).padStart(5, '0')}`,
    name: `team-${String(index + 1).padStart(2, '0')}`,
    isPrivate: false,
    isArchived: false,
    isMember: false,
  }));
  return [...named, ...filler];
}

/** The sandbox's one Slack workspace: its channels and every message the app posted. */
export class SlackData {
  readonly channels = seedChannels();
  readonly messages: SlackMessage[] = [];

  channel(id: string): SlackChannel | undefined {
    return this.channels.find((channel) => channel.id === id);
  }

  /** Posted messages survive a restart of the demo (the channels are seeded). */
  toJSON(): SlackMessage[] {
    return this.messages;
  }

  restore(data: unknown): void {
    this.messages.splice(0, this.messages.length, ...(data as SlackMessage[]));
  }
}
