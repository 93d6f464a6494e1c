import { registerAs } from '@nestjs/config';
import { RawEnv, readInt } from '../config/env.validation';

export interface LeadDestinationsSettings {
  /** How often each instance looks for new leads and due deliveries. */
  pollIntervalMs: number;
}

export function parseLeadDestinationsSettings(env: RawEnv): LeadDestinationsSettings {
  return { pollIntervalMs: readInt(env, 'LEAD_DESTINATIONS_POLL_INTERVAL_MS', 1000, 20, 60_000) };
}

export const leadDestinationsConfig = registerAs('leadDestinations', () => parseLeadDestinationsSettings(process.env));
