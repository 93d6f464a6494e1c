import { SetMetadata } from '@nestjs/common';

export const SERVER_TO_SERVER_KEY = 'serverToServer';

/**
 * Marks a route that another server calls (a provider's webhook), never a browser: it is exempt from the
 * Origin check and must authenticate every request itself, by a signature or a shared secret.
 */
export const ServerToServer = () => SetMetadata(SERVER_TO_SERVER_KEY, true);
