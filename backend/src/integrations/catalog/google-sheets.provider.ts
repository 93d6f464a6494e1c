import { ProviderDefinition } from './provider-definition';

interface GoogleUserInfo {
  sub: string;
  email?: string;
  name?: string;
}

export const googleSheetsProvider: ProviderDefinition = {
  key: 'google-sheets',
  name: 'Google Sheets',
  category: 'Spreadsheets',
  description: 'Append each new lead as a row to a spreadsheet your team already works in.',
  envPrefix: 'GOOGLE',
  apiBaseUrl: 'https://sheets.googleapis.com',
  endpoints: {
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revokeUrl: 'https://oauth2.googleapis.com/revoke',
    identityUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
  },
  refresh: 'reusable',
  // Drive metadata lets the lead-rows picker list spreadsheets; spreadsheets lets it append rows.
  scopes: [
    'openid',
    'email',
    'profile',
    'https://www.googleapis.com/auth/spreadsheets',
    'https://www.googleapis.com/auth/drive.metadata.readonly',
  ],
  scopeDescriptions: {
    openid: 'Confirm who you are with your Google Account',
    email: 'See your Google Account e-mail address',
    profile: 'See your name and profile picture',
    'https://www.googleapis.com/auth/spreadsheets': 'See, create and edit your Google Sheets spreadsheets',
    'https://www.googleapis.com/auth/drive.metadata.readonly': 'See the names of your Google Drive files, to pick a spreadsheet',
  },
  scopeSeparator: ' ',
  pkce: true,
  // Without offline access and forced consent Google issues no refresh token on a reconnect.
  authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
  async fetchProfile({ http, endpoints }, tokens) {
    const me = await http.getJson<GoogleUserInfo>(endpoints.identityUrl as string, tokens.accessToken);
    return { id: me.sub, name: me.email ?? me.name ?? me.sub };
  },
};
