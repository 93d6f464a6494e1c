import { detectPopupBrowser, popupHelp } from '../popupHelp';

const AGENTS = {
  chrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  firefox: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0',
  safari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  android:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
};

describe('popupHelp', () => {
  it('tells each desktop browser where its own pop-up setting is', () => {
    expect(detectPopupBrowser(AGENTS.chrome)).toBe('chrome');
    expect(detectPopupBrowser(AGENTS.edge)).toBe('edge');
    expect(detectPopupBrowser(AGENTS.firefox)).toBe('firefox');
    expect(detectPopupBrowser(AGENTS.safari)).toBe('safari');
    expect(popupHelp(AGENTS.chrome)).toMatch(/address bar/);
    expect(popupHelp(AGENTS.firefox)).toMatch(/yellow bar/);
    expect(popupHelp(AGENTS.safari)).toMatch(/Settings for This Website/);
  });

  it('sends phones to Continue in this tab instead of browser settings', () => {
    for (const agent of [AGENTS.iphone, AGENTS.android]) {
      expect(detectPopupBrowser(agent)).toBe('phone');
      expect(popupHelp(agent)).toMatch(/Use Continue in this tab/);
    }
  });
});
