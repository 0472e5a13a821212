// Drives the agent desk's manual dial in Debian's headless chromium: a premium-rate number and a
// number on the DNC list are refused with their reasons, a national number is dialled for the
// agent's campaign, the customer answers, the agent's phone takes the call, and the result is
// saved. Usage: node manual_dial.mjs URL AGENT TOKEN DNC_NUMBER NUMBER SCREENSHOT.png
// Exits 0 on success; prints what went wrong otherwise.
import { launch } from './launch.mjs';

const [url, agent, token, dncNumber, number, screenshot] = process.argv.slice(2);
const browser = await launch();
let failed = false;

async function dial(page, what, expected) {
  await page.fill('#dial-number', what);
  await page.click('#dial-form button[type=submit]');
  await page.waitForFunction((re) => new RegExp(re).test(document.getElementById('dial-status').textContent),
                             expected, { timeout: 10000 });
  console.log(`dial ${what}:`, await page.textContent('#dial-status'));
}

try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (e) => { console.error('page error:', e.message); failed = true; });
  await page.goto(url);
  await page.fill('#agent', agent);
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#desk:not([hidden])', { timeout: 10000 });
  // Not ready (as after login): a manual dial needs no Ready.
  await dial(page, '0900 1234567', 'not dialled \\(blocked\\)');
  await dial(page, dncNumber, 'not dialled \\(dnc_global\\)');
  await dial(page, number, 'dialling \\+49');
  await page.waitForSelector('#call-card:not([hidden])', { timeout: 20000 });
  console.log('call offered for', await page.textContent('#customer-number'));
  await page.waitForSelector('#result:not([hidden])', { timeout: 20000 });
  await page.check('input[name="disposition"][value="refused"]');
  await page.check('input[name="q-interested"][value="no"]');
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.click('#submit');
  await page.waitForFunction(() => /Result saved/.test(document.getElementById('desk-message').textContent),
                             null, { timeout: 10000 });
  console.log('result saved; state', await page.textContent('#state'));
} catch (e) {
  console.error('FAILED:', e.message);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
