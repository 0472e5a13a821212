// Drives the supervisor dashboard in Debian's headless chromium: connect with a token, wait for
// the live chart and agent grid, set a group's thresholds through the page's controls.
// Usage: node dashboard.mjs URL TOKEN SCREENSHOT.png
import { launch } from './launch.mjs';

const [url, token, screenshot] = process.argv.slice(2);
const browser = await launch();
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on('pageerror', (e) => { console.error('page error:', e.message); failed = true; });
  await page.goto(url);
  await page.fill('#token', token);
  await page.click('#token-form button');
  await page.waitForSelector('.group[data-group="sales"] .agent', { timeout: 10000 });
  // Let a few seconds of the idle level accumulate on the chart.
  await page.waitForTimeout(4000);
  const painted = await page.evaluate(() => {
    const c = document.querySelector('.group canvas');
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let blue = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 2] > 150 && data[i] < 80) blue++;
    return blue;
  });
  if (painted < 20) throw new Error(`the idle-level line is not drawn (${painted} blue pixels)`);
  const form = '.group[data-group="sales"] .thresholds';
  await page.fill(`${form} input[name=start]`, '0.55');
  await page.fill(`${form} input[name=stop]`, '0.35');
  await page.fill(`${form} input[name=reserve]`, '1');
  await page.click(`${form} button`);
  await page.waitForFunction(() => /thresholds of sales set/.test(document.getElementById('message').textContent),
                             null, { timeout: 10000 });
  await page.waitForFunction(() => document.querySelector('.group .start').textContent === '0.55',
                             null, { timeout: 5000 });
  // Campaign state at a glance: running, then paused by this supervisor through the page, with
  // who and why beside it, then running again.
  const stateCell = '#campaigns tbody tr:first-child td.state';
  await page.waitForFunction((sel) => /^running/.test(document.querySelector(sel)?.textContent ?? ''),
                             stateCell, { timeout: 10000 });
  await page.click('#campaigns tbody tr:first-child button:has-text("pause")');
  await page.waitForFunction((sel) => {
    const td = document.querySelector(sel);
    return td && /^paused/.test(td.textContent) && td.classList.contains('paused') && /supervisor/.test(td.title);
  }, stateCell, { timeout: 10000 });
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.click('#campaigns tbody tr:first-child button:has-text("start")');
  await page.waitForFunction((sel) => /^running/.test(document.querySelector(sel)?.textContent ?? ''),
                             stateCell, { timeout: 10000 });
  console.log('dashboard ok; screenshot', screenshot);
} catch (e) {
  console.error('FAILED:', e.message);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
