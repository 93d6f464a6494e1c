import { validateEnv } from './config';
import { RawEnv } from './config/env.validation';
import { parseEventStreamSettings } from './events/event-stream.config';
import { parseFacebookSettings } from './facebook-lead-ads/facebook.config';
import { parseHousekeepingSettings } from './housekeeping/housekeeping.config';
import { parseProvidersSettings } from './integrations/providers/providers.config';
import { parseProxySettings } from './integrations/proxy/proxy.config';
import { parseMetricsSettings } from './metrics/metrics.config';
import { parseWebhooksSettings } from './webhooks/webhooks.config';

/**
 * Parses every setting once at start-up; the first bad one throws a ConfigError naming it. Shared settings
 * live in `config/`, features own theirs (registered with `ConfigModule.forFeature`): this composition root
 * is the one place that knows them all, so `config/` never imports a feature.
 */
export function validateSettings(env: RawEnv): RawEnv {
  validateEnv(env);
  parseProvidersSettings(env);
  parseProxySettings(env);
  parseFacebookSettings(env);
  parseMetricsSettings(env);
  parseHousekeepingSettings(env);
  parseEventStreamSettings(env);
  parseWebhooksSettings(env);
  return env;
}
