/** Every API route lives under this prefix (set once, in app.factory.ts). */
export const API_PREFIX = 'api/v1';
