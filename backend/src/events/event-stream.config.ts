import { registerAs } from '@nestjs/config';
import { RawEnv, readInt } from '../config/env.validation';

export interface EventStreamSettings {
  /** How often each instance reads new rows of the event log for its browser streams. */
  pollMs: number;
  /** A comment line this often keeps idle streams open through proxies that cut silent connections. */
  heartbeatMs: number;
}

export function parseEventStreamSettings(env: RawEnv): EventStreamSettings {
  return {
    pollMs: readInt(env, 'EVENT_STREAM_POLL_MS', 250, 20, 10_000),
    heartbeatMs: readInt(env, 'EVENT_STREAM_HEARTBEAT_MS', 15_000, 50, 300_000),
  };
}

export const eventStreamConfig = registerAs('eventStream', () => parseEventStreamSettings(process.env));
