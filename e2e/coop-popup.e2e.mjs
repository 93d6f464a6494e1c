// A provider page that sends Cross-Origin-Opener-Policy: same-origin (SANDBOX_COOP=1) cuts the popup off
// from its opener: `popup.closed` reads true while it is still open and window.opener is gone. The app
// must still finish the connect through polling GET /integrations/flows/:id (DESIGN §5, step 5), and
// must never claim the authorization was not completed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appAndBrowser, inContext } from './support/browser.mjs';
import {
  ADMIN,
  assertDisconnected,
  assertGreen,
  button,
  clickConnectAndGetConsent,
  connectedBadge,
  openFromCatalog,
  see,
  signIn,
  TEXT,
} from './support/person.mjs';
import { seenTexts, setMarker, textWatcher } from './support/probes.mjs';

describe(`connect flow with a COOP provider page (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser({ coop: true });

  it('6. the sandbox sends COOP: same-origin, and the connect still completes with no false "not completed"', async () => {
    await inContext(
      suite.browser,
      suite.app,
      'coop',
      async (context) => {
        const page = await context.newPage();
        await signIn(page, ADMIN);
        await openFromCatalog(page, 'HubSpot');
        await assertDisconnected(page, 'before connecting');
        const unchanged = await setMarker(page);

        const popup = await clickConnectAndGetConsent(page, suite.app, 'HubSpot');
        const consent = await popup.evaluate(() => ({ opener: window.opener !== null }));
        assert.equal(consent.opener, false, 'the COOP consent page has no window.opener (the sandbox really sent COOP)');
        // Being cut off is not the same as being closed: nothing is reported while the person decides.
        assert.equal(await page.getByText(TEXT.notCompleted).count(), 0, 'no "not completed" while the COOP popup is open');

        // The person takes a few seconds on the consent page: longer than the app's "cut off by COOP"
        // window, so a mistaken "the popup was closed" verdict would show up here.
        await new Promise((resolve) => setTimeout(resolve, 4000));
        assert.deepEqual(await seenTexts(page), [], 'no "not completed" message while the person is still deciding');
        await button(popup, 'Authorize').click();

        await see(connectedBadge(page), 'the Connected badge (reached by polling the flow)');
        await assertGreen(connectedBadge(page), 'the Connected badge');
        await see(button(page, 'Disconnect'), 'the Disconnect button');
        await unchanged('after connecting');
        assert.deepEqual(await seenTexts(page), [], 'the "not completed" message never appeared');

        // The popup either closed itself or tells the person they can close it.
        if (!popup.isClosed()) {
          const done = await Promise.race([
            popup.waitForEvent('close').then(() => 'closed'),
            popup
              .getByText('You can close this window.')
              .waitFor()
              .then(() => 'says close'),
          ]).catch(() => 'neither');
          assert.notEqual(done, 'neither', 'the popup neither closed nor said "You can close this window."');
        }
      },
      { initScripts: [textWatcher([TEXT.notCompleted])] },
    );
  });
});
