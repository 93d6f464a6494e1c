import { DeliveryFailure, DestinationApi, DestinationDefinition, LookupPage } from '../destination-definition';
import { slackLeadMessage } from './slack-message';
import { SlackSettingsDto } from './slack-settings.dto';

interface SlackAnswer {
  ok?: boolean;
  error?: string;
  channels?: { id: string; name: string; is_private?: boolean; is_member?: boolean }[];
  response_metadata?: { next_cursor?: string };
}

/** Pages read when searching by name: Slack's conversations.list cannot filter by name itself. */
const SEARCH_PAGES = 10;

/** Slack's `ok:false` codes, said so an admin knows what to do. */
function slackProblem(code: string | undefined, channel: string): DeliveryFailure {
  const error = code ?? 'no reason given';
  switch (error) {
    case 'channel_not_found':
      return new DeliveryFailure(
        'blocked',
        `The Slack channel ${channel} is gone or the app cannot see it. Pick another channel.`,
      );
    case 'not_in_channel':
      return new DeliveryFailure(
        'blocked',
        `The Aurora Inbox app is not in ${channel}. Invite it to the channel or pick another one.`,
      );
    case 'is_archived':
      return new DeliveryFailure('blocked', `${channel} is archived. Unarchive it or pick another channel.`);
    case 'token_revoked':
    case 'invalid_auth':
    case 'account_inactive':
    case 'not_authed':
      return new DeliveryFailure('reauth', 'Slack no longer accepts Aurora Inbox\u2019s access. Reconnect Slack.');
    case 'ratelimited':
      return new DeliveryFailure('retry', 'Slack asked us to slow down; the alert will follow shortly.');
    default:
      return new DeliveryFailure('blocked', `Slack refused the message (${error}).`);
  }
}

async function slackCall(api: DestinationApi, method: string, body?: unknown): Promise<SlackAnswer> {
  const url = `${api.baseUrl('slack')}/${method}`;
  const response = await api.call(body === undefined ? 'GET' : 'POST', url, body);
  if (response.status === 429) {
    throw new DeliveryFailure(
      'retry',
      'Slack asked us to slow down; the alert will follow shortly.',
      response.retryAfterSeconds ?? 30,
    );
  }
  if (response.status >= 500) throw new DeliveryFailure('retry', `Slack is having trouble (HTTP ${response.status}); retrying.`);
  return (response.body ?? {}) as SlackAnswer;
}

async function listChannels(api: DestinationApi, query: string | undefined, cursor: string | undefined): Promise<LookupPage> {
  const needle = query?.trim().replace(/^#/, '').toLowerCase();
  const items: LookupPage['items'] = [];
  let next = cursor ?? '';
  for (let page = 0; page < (needle ? SEARCH_PAGES : 1); page++) {
    const params = new URLSearchParams({ types: 'public_channel,private_channel', exclude_archived: 'true', limit: '200' });
    if (next) params.set('cursor', next);
    const answer = await slackCall(api, `conversations.list?${params}`);
    if (!answer.ok) throw slackProblem(answer.error, 'the channel');
    for (const channel of answer.channels ?? []) {
      // Private channels only show up where the bot is a member, which is exactly where it can post.
      if (needle && !channel.name.toLowerCase().includes(needle)) continue;
      items.push({ id: channel.id, name: `#${channel.name}`, detail: channel.is_private ? 'private' : 'public' });
    }
    next = answer.response_metadata?.next_cursor ?? '';
    if (!next) break;
  }
  return { items, nextCursor: next || null };
}

/** Slack lead alerts: one Block Kit message per matching lead in the chosen channel. */
export const slackDestination: DestinationDefinition<SlackSettingsDto> = {
  integrationKey: 'slack',
  settingsType: SlackSettingsDto,
  apiBases: { slack: { real: 'https://slack.com/api', sandboxPath: '' } },
  async deliver(lead, settings, api) {
    const channel = settings.channelName ?? settings.channelId;
    const answer = await slackCall(api, 'chat.postMessage', { channel: settings.channelId, ...slackLeadMessage(lead) });
    if (!answer.ok) throw slackProblem(answer.error, channel);
  },
  lookups: {
    channels: (api, { query, cursor }) => listChannels(api, query, cursor),
  },
};
