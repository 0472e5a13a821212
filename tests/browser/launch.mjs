// Debian's chromium, headless, with the flags this closed network needs (no background
// connections, no component updates), driven by playwright-core (which downloads no browser).
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Runs body(browser, fail) in a launched browser; exits 0 when it finished and nothing failed
// (a thrown error, an error on the page reported through fail()), else 1.
export async function drive(body) {
  const browser = await launch();
  let failed = false;
  const fail = (message) => { console.error(message); failed = true; };
  try {
    await body(browser, fail);
  } catch (e) {
    fail(`FAILED: ${e.message}`);
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}
