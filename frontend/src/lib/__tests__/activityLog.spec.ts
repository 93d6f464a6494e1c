import type { ActivityResponse, ActivityType } from '../../api/schema';
import { ACTIVITY_CAP, summarizeActivity } from '../activityLog';

let minute = 0;
function event(type: ActivityType, detail?: string): ActivityResponse {
  minute += 1;
  const at = new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();
  return { id: `ev-${minute}`, type, at, actor: { id: 'u1', name: 'Ada Admin' }, ...(detail ? { detail } : {}) };
}

beforeEach(() => {
  minute = 0;
});

describe('summarizeActivity', () => {
  it('collapses abandoned attempts into one line and lists the newest first', () => {
    const events = [
      event('connect_started'),
      event('connect_started'),
      event('connect_started'),
      event('connect_started'),
      event('connect_succeeded', 'Connected to Aurora Portal.'),
    ].reverse();

    const entries = summarizeActivity(events);

    expect(entries.map((entry) => entry.title)).toEqual(['Connection completed', '3 attempts not completed']);
    expect(entries[0]?.detail).toBe('Connected to Aurora Portal.');
    expect(entries[1]?.at).toBe(events[2]?.at);
  });

  it('counts an expired flow (start + failure) as one attempt not completed', () => {
    const entries = summarizeActivity([
      event('connect_started'),
      event('connect_failed', 'Connecting did not complete (expired).'),
      event('connect_started'),
    ]);

    expect(entries.map((entry) => entry.title)).toEqual(['Connection started', 'Attempt not completed']);
  });

  it('never shows a raw code or a provider message', () => {
    const entries = summarizeActivity([
      event('connect_started'),
      event('connect_failed', 'Connecting did not complete (provider_unavailable).'),
      event('connect_started'),
      event('connect_failed', 'The provider answered server_error.'),
      event('reauth_required', 'Error validating access token: Session has expired on Tuesday'),
    ]);

    const text = JSON.stringify(entries);
    expect(text).not.toMatch(/provider_unavailable|server_error|Error validating/);
    expect(entries.map((entry) => entry.detail)).toEqual([
      undefined,
      'The provider returned an error.',
      'The provider could not be reached.',
    ]);
  });

  it('caps what the page keeps', () => {
    const many = Array.from({ length: ACTIVITY_CAP + 20 }, (_, index) => event(index % 2 ? 'disconnected' : 'connect_succeeded'));
    expect(summarizeActivity(many)).toHaveLength(ACTIVITY_CAP);
  });
});
