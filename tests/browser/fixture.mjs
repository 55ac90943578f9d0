// One browser, one page and the local servers for a test file.
import { after, before } from 'node:test';

import { launchChromium } from '../../scripts/chromium.mjs';
import { startFaultProxy } from '../../scripts/fault-proxy.mjs';
import { startBlackHoleServer, startSocketServer, startStaticServer } from '../../scripts/local-servers.mjs';

export const CSP_PAGE = '/tests/browser/pages/csp.html';

export function useBrowserFixture() {
  const fixture = {};
  before(async () => {
    fixture.web = await startStaticServer({ cspPaths: [CSP_PAGE] });
    fixture.ws = await startSocketServer();
    fixture.blackHole = await startBlackHoleServer();
    fixture.proxy = await startFaultProxy(fixture.ws.port);
    fixture.browser = await launchChromium();
    // `initScript`: a file run before the page's own scripts.
    fixture.openPage = async (path = '/tests/browser/pages/index.html', { initScript } = {}) => {
      const page = await fixture.browser.newPage();
      if (initScript) await page.addInitScript({ path: initScript });
      page.consoleMessages = [];
      page.on('console', (message) => page.consoleMessages.push(`${message.type()}: ${message.text()}`));
      await page.goto(fixture.web.origin + path);
      await page.waitForFunction(() => window.pageReady === true, null, { timeout: 10000 });
      return page;
    };
    fixture.page = await fixture.openPage();
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.proxy?.close();
    await Promise.all([fixture.web?.close(), fixture.ws?.close(), fixture.blackHole?.close()]);
  });
  return fixture;
}
