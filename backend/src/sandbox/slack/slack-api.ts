import { checkBearer } from '../core/api-bearer';
import { isRecord, readJson, sendJson } from '../core/http-io';
import type { ProviderRequestContext } from '../core/request-context';
import type { SlackChannel } from './slack-data';

/** Slack answers HTTP 200 with `ok:false` for nearly every refusal; only rate limits are a 429. */
function refuse(ctx: ProviderRequestContext, error: string): void {
  sendJson(ctx.res, 200, { ok: false, error });
}

function toChannel(channel: SlackChannel) {
  return {
    id: channel.id,
    name: channel.name,
    is_channel: !channel.isPrivate,
    is_private: channel.isPrivate,
    is_archived: channel.isArchived,
    is_member: channel.isMember,
  };
}

/** `GET /slack/api/conversations.list`: cursor paging, types, exclude_archived; private ones only where the bot is. */
function conversationsList(ctx: ProviderRequestContext): void {
  const params = ctx.url.searchParams;
  const types = (params.get('types') ?? 'public_channel').split(',');
  const limit = Math.min(Math.max(Number(params.get('limit') ?? 100) || 100, 1), 1000);
  const offset = params.get('cursor') ? Number(Buffer.from(params.get('cursor') as string, 'base64url').toString()) : 0;
  if (!Number.isInteger(offset) || offset < 0) return refuse(ctx, 'invalid_cursor');
  const visible = ctx.app.store.slack.channels.filter(
    (channel) =>
      types.includes(channel.isPrivate ? 'private_channel' : 'public_channel') &&
      (!channel.isPrivate || channel.isMember) &&
      !(params.get('exclude_archived') === 'true' && channel.isArchived),
  );
  const page = visible.slice(offset, offset + limit);
  const next = offset + limit < visible.length ? Buffer.from(String(offset + limit)).toString('base64url') : '';
  sendJson(ctx.res, 200, { ok: true, channels: page.map(toChannel), response_metadata: { next_cursor: next } });
}

/** `POST /slack/api/chat.postMessage` (JSON): the message lands in the channel and in the control log. */
async function postMessage(ctx: ProviderRequestContext): Promise<void> {
  const body = await readJson(ctx.req);
  if (!isRecord(body) || typeof body.channel !== 'string') return refuse(ctx, 'channel_not_found');
  if (typeof body.text !== 'string' && !Array.isArray(body.blocks)) return refuse(ctx, 'no_text');
  const channel = ctx.app.store.slack.channel(body.channel);
  if (!channel || (channel.isPrivate && !channel.isMember)) return refuse(ctx, 'channel_not_found');
  if (channel.isArchived) return refuse(ctx, 'is_archived');
  if (!channel.isMember) return refuse(ctx, 'not_in_channel');
  const ts = `${Math.floor(Date.now() / 1000)}.${String(ctx.app.store.slack.messages.length).padStart(6, '0')}`;
  const message = { channel: channel.id, ts, text: String(body.text ?? ''), blocks: body.blocks ?? null };
  ctx.app.store.slack.messages.push(message);
  ctx.app.store.log.add({
    providerKey: ctx.providerKey,
    type: 'slack_message',
    clientId: '',
    detail: `#${channel.name}`,
    data: { channelName: channel.name, ...message },
  });
  sendJson(ctx.res, 200, { ok: true, channel: channel.id, ts, message: { text: message.text, ts } });
}

const METHODS: Record<string, { http: 'GET' | 'POST' | 'ANY'; handle: (ctx: ProviderRequestContext) => void | Promise<void> }> = {
  'auth.test': {
    http: 'ANY',
    handle: (ctx) =>
      sendJson(ctx.res, 200, {
        ok: true,
        url: 'https://sandbox.slack.test/',
        team: 'Sandbox Slack Workspace',
        team_id: 'T0SANDBOX1',
      }),
  },
  'conversations.list': { http: 'GET', handle: conversationsList },
  'chat.postMessage': { http: 'POST', handle: postMessage },
  'auth.revoke': {
    http: 'ANY',
    handle: (ctx) => {
      const check = checkBearer(ctx);
      if (check.ok) check.record.grant.revoked = true;
      sendJson(ctx.res, 200, { ok: true, revoked: true });
    },
  },
};

/** A response that is never sent: the socket stays open until the client gives up. */
function swallowed(ctx: ProviderRequestContext): ProviderRequestContext['res'] {
  return new Proxy(ctx.res, {
    get(target, property, receiver) {
      if (property === 'writeHead' || property === 'end' || property === 'setHeader') return () => target;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

/** Slack's Web API subset under `/slack/api/<method>`, with its bearer check, scripted errors and 429s. */
export async function handleSlackApi(ctx: ProviderRequestContext, method: string): Promise<void> {
  const route = METHODS[method];
  if (!route) return refuse(ctx, 'unknown_method');
  if (route.http !== 'ANY' && ctx.req.method !== route.http) return refuse(ctx, 'method_not_supported_for_channel_type');
  const check = checkBearer(ctx);
  if (!check.ok) {
    ctx.req.resume();
    return refuse(
      ctx,
      check.problem === 'revoked' ? 'token_revoked' : check.problem === 'missing' ? 'not_authed' : 'invalid_auth',
    );
  }
  const scripted = ctx.app.store.apiErrors.take(ctx.providerKey, method);
  // Slack took the call but its answer never comes back: the ambiguous failure a client must not repeat.
  if (scripted?.error === 'answer_lost') return route.handle({ ...ctx, res: swallowed(ctx) });
  if (scripted) {
    ctx.req.resume();
    if (scripted.error === 'ratelimited') {
      sendJson(ctx.res, 429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(scripted.retryAfterSeconds ?? 1) });
      return;
    }
    return refuse(ctx, scripted.error);
  }
  await route.handle(ctx);
}
