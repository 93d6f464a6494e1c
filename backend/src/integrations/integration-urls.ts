import { API_PREFIX } from '../common/api-prefix';

/** The per-integration routes the app links to: the popup's steps, the provider's redirect, the logo. */
export type IntegrationRoute = 'authorize' | 'callback' | 'icon.svg';

/** `/api/v1/integrations/<key>/<route>`: the one place that spells these paths. */
export function integrationPath(key: string, route: IntegrationRoute): string {
  return `/${API_PREFIX}/integrations/${encodeURIComponent(key)}/${route}`;
}

/** The absolute URL under APP_URL (redirect URIs are never derived from Host or X-Forwarded-* headers). */
export function integrationUrl(appUrl: string, key: string, route: IntegrationRoute): string {
  return `${appUrl}${integrationPath(key, route)}`;
}
