// Drives the agent desk page in Debian's headless chromium: log in, go ready, take a real call,
// see the customer's earlier result at this centre, read the product's knowledge notes, click the product the customer asks about in the catalogue
// (its associated product comes back and its content opens with a click), see the wrap-up count
// down, answer the questionnaire once wrongly (the page must say why, and nothing is stored),
// then correctly, and save the result. Usage: node agent_page.mjs URL AGENT TOKEN SCREENSHOT.png
// Exits 0 on success; prints what went wrong otherwise.
import { launch } from './launch.mjs';

const [url, agent, token, screenshot] = process.argv.slice(2);
const browser = await launch();
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (e) => { console.error('page error:', e.message); failed = true; });
  await page.goto(url);
  await page.fill('#agent', agent);
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#desk:not([hidden])', { timeout: 10000 });
  await page.click('#ready');
  // A real call: blendd dials the trunk's customer, the agent's phone answers.
  await page.waitForSelector('#call-card:not([hidden])', { timeout: 20000 });
  const number = await page.textContent('#customer-number');
  console.log('call offered for', number, 'product', await page.textContent('#product-name'));
  await page.waitForFunction(() => /autumn · callback/.test(document.getElementById('history').textContent),
                             null, { timeout: 5000 });
  console.log('history:', await page.textContent('#history'));
  const knowledge = await page.textContent('#knowledge');
  if (!/No contract/.test(knowledge)) throw new Error(`no knowledge note on the call card: "${knowledge}"`);
  // The customer asks about fibre: one click in the catalogue; mobile (its association) follows.
  await page.click('#catalogue-list button[data-product="fibre"]');
  await page.waitForSelector('#recommendations li[data-product="mobile"]', { timeout: 5000 });
  await page.click('#recommendations li[data-product="mobile"] button');
  await page.waitForFunction(() => document.getElementById('product-detail').dataset.product === 'mobile'
                             && document.getElementById('detail-script').textContent === 'Hi', null, { timeout: 5000 });
  console.log('catalogue: fibre asked about, mobile recommended and opened');
  await page.waitForSelector('#result:not([hidden])', { timeout: 20000 });
  await page.waitForFunction(() => /\d+ s left/.test(document.getElementById('wrap-up-left').textContent),
                             null, { timeout: 5000 });
  console.log('wrap-up:', await page.textContent('#wrap-up-left'));
  // The callback picker works in the customer's time (a Berlin number): 10:00 there is 08:00 UTC
  // in summer and 09:00 in winter, whatever the agent's own zone.
  const clock = await page.textContent('#customer-clock');
  if (!/Europe\/Berlin/.test(clock)) throw new Error(`no customer clock on the call card: "${clock}"`);
  await page.check('input[name="disposition"][value="callback"]');
  await page.waitForSelector('#callback-at-label:not([hidden])');
  if (await page.inputValue('#callback-zone') !== 'Europe/Berlin') throw new Error('the picker is not in the customer\'s zone');
  await page.fill('#callback-at', '2031-07-01T10:00');
  const picked = await page.evaluate(() => [zonedToEpoch('2031-07-01T10:00', 'Europe/Berlin'),
                                            zonedToEpoch('2031-01-15T10:00', 'Europe/Berlin'),
                                            zonedToEpoch('2031-03-30T03:30', 'Europe/Berlin'),
                                            document.getElementById('callback-utc').textContent]);
  if (picked[0] !== Date.UTC(2031, 6, 1, 8, 0) || picked[1] !== Date.UTC(2031, 0, 15, 9, 0)
      || picked[2] !== Date.UTC(2031, 2, 30, 1, 30) || !/your time/.test(picked[3])) {
    throw new Error(`callback times in the customer's zone are wrong: ${JSON.stringify(picked)}`);
  }
  console.log('callback picker: customer time', clock, '→', picked[3]);
  // Interested: yes → the conditional question appears; an out-of-range answer first.
  await page.check('input[name="q-interested"][value="yes"]');
  await page.waitForSelector('.question[data-question="lines"]:not([hidden])');
  await page.fill('input[name="q-lines"]', '42');
  await page.check('input[name="disposition"][value="success"]');
  await page.click('#submit');
  const error = await page.textContent('[data-error-for="lines"]');
  if (!/between 1 and 10/.test(error)) throw new Error(`no inline error for lines, got "${error}"`);
  console.log('inline error shown:', error);
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.fill('input[name="q-lines"]', '2');
  await page.click('#submit');
  await page.waitForFunction(() => /Result saved/.test(document.getElementById('desk-message').textContent),
                             null, { timeout: 10000 });
  // Points arrive for the sale.
  await page.waitForFunction(() => /points this month/.test(document.getElementById('points-total').textContent),
                             null, { timeout: 10000 });
  await page.screenshot({ path: screenshot.replace(/\.png$/, '-saved.png'), fullPage: true });
  console.log('saved; screenshots', screenshot);
} catch (e) {
  console.error('FAILED:', e.message);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
