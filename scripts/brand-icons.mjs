// `node scripts/brand-icons.mjs` writes backend/assets/icons/<key>.svg from simple-icons (CC0-1.0) for
// the providers whose mark simple-icons carries; the others keep their letter tile. Only the one path of
// each mark is copied: the app serves these files itself, so no icon package reaches the browser bundle.
// Brands absent from simple-icons (removed at their owners' request): Salesforce, Slack, Pipedrive.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as icons from 'simple-icons';
import { ROOT } from './lib.mjs';

/** Provider key → simple-icons export; Facebook Lead Ads uses the Facebook mark. */
const MARKS = {
  'facebook-lead-ads': 'siFacebook',
  'google-sheets': 'siGooglesheets',
  hubspot: 'siHubspot',
  'zoho-crm': 'siZoho',
  calendly: 'siCalendly',
};

const byName = /** @type {Record<string, { title: string, hex: string, path: string } | undefined>} */ (
  /** @type {unknown} */ (icons)
);

for (const [key, name] of Object.entries(MARKS)) {
  const icon = byName[name];
  if (!icon) throw new Error(`simple-icons has no ${name} any more: restore the letter tile for ${key}`);
  const svg = [
    `<!-- ${icon.title} mark from simple-icons (CC0-1.0); the brand remains its owner's trademark. -->`,
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" role="img" aria-hidden="true">',
    `  <path fill="#${icon.hex}" d="${icon.path}"/>`,
    '</svg>',
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'backend/assets/icons', `${key}.svg`), svg);
  console.log(`${key}.svg ← ${icon.title}`);
}
