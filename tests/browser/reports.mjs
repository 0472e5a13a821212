// Drives the dashboard's charts in Debian's headless chromium against a blendd that has run real
// calls: the live charts (idle level and waiting, agents by state, today by interval, abandon
// rate against the cap), then each report of the reports tab drawn with data, its table filled,
// then the advisor's curves and its schedule applied from the page, then a what-if drawn beside
// what was measured (a supervisor's token).
// Usage: node reports.mjs URL TOKEN FROM TO SCREENSHOT_DIR
import { drive } from './launch.mjs';

const [url, token, from, to, shots] = process.argv.slice(2);

// The Chart.js chart on the canvas: how many datasets carry a number other than 0.
function charted(page, selector) {
  return page.evaluate((sel) => [...document.querySelectorAll(sel)].map((c) => {
    const chart = Chart.getChart(c);
    if (!chart) return { sets: 0, points: 0 };
    const sets = chart.data.datasets.filter((d) => d.data.some((v) => typeof v === 'number' && v !== 0));
    return { sets: sets.length, points: chart.data.labels.length };
  }), selector);
}

async function expectCharts(page, selector, count, what) {
  await page.waitForFunction(([sel, n]) => {
    const cs = [...document.querySelectorAll(sel)];
    return cs.length >= n && cs.every((c) => Chart.getChart(c)?.data.labels.length > 0);
  }, [selector, count], { timeout: 15000 });
  const got = await charted(page, selector);
  for (const [i, g] of got.entries()) {
    if (g.sets === 0) throw new Error(`${what}: chart ${i + 1} has no data (${g.points} labels)`);
  }
  console.log(`${what}: ${got.map((g) => `${g.sets} series over ${g.points} points`).join('; ')}`);
}

await drive(async (browser, fail) => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  await page.goto(url);
  await page.fill('#token', token);
  await page.click('#token-form button');
  const panel = '.group[data-group="sales"]';
  await page.waitForSelector(`${panel} .agent`, { timeout: 10000 });
  await page.waitForTimeout(3000);  // a few seconds of live points
  await expectCharts(page, `${panel} .level-chart`, 1, 'live idle level');
  await expectCharts(page, `${panel} .states-chart`, 1, 'live agents by state');
  await expectCharts(page, `${panel} .day-chart`, 1, 'today by interval');
  await expectCharts(page, '#abandon-chart', 1, 'abandon rate against the cap');
  await page.screenshot({ path: `${shots}/dashboard_live.png`, fullPage: true });

  await page.click('nav .tab[data-tab="reports"]');
  for (const kind of ['intervals', 'agents', 'campaigns', 'products']) {
    await page.selectOption('#report-form select[name=kind]', kind);
    if (kind === 'intervals') await page.selectOption('#report-form select[name=group]', 'sales');
    await page.fill('#report-form input[name=from]', from);
    await page.fill('#report-form input[name=to]', to);
    await page.click('#report-form button[type=submit]');
    await page.waitForFunction((k) => document.getElementById('report-charts').dataset.kind === k,
                               kind, { timeout: 10000 });
    const charts = { intervals: 3, agents: 2, campaigns: 2, products: 1 }[kind];
    await expectCharts(page, '#report-charts canvas', charts, `report ${kind}`);
    const rows = await page.evaluate(() => document.querySelectorAll('#report-table tbody tr').length);
    if (rows === 0) throw new Error(`report ${kind}: the table is empty`);
    const error = await page.textContent('#report-error');
    if (error) throw new Error(`report ${kind}: ${error}`);
    await page.screenshot({ path: `${shots}/report_${kind}.png`, fullPage: true });
  }
  // The advisor over the same days: both curves drawn, and its schedule applied from the page.
  await page.click('nav .tab[data-tab="advisor"]');
  await page.selectOption('#advisor-form select[name=mode]', 'range');
  await page.fill('#advisor-form input[name=from]', from);
  await page.fill('#advisor-form input[name=to]', to);
  await page.click('#advisor-form button[type=submit]');
  await page.waitForFunction(() => Number(document.getElementById('advisor-form').dataset.shown) > 0 ||
                             document.getElementById('advisor-error').textContent, null, { timeout: 15000 });
  const advisorError = await page.textContent('#advisor-error');
  if (advisorError) throw new Error(`advisor: ${advisorError}`);
  await expectCharts(page, '#tab-advisor canvas', 2, 'advisor');
  await page.click('#advisor-apply');
  await page.waitForFunction(() => /schedule now/.test(document.getElementById('message').textContent) ||
                             document.getElementById('advisor-error').textContent, null, { timeout: 10000 });
  const applyError = await page.textContent('#advisor-error');
  if (applyError) throw new Error(`advisor apply: ${applyError}`);
  await page.screenshot({ path: `${shots}/advisor.png`, fullPage: true });

  // The what-if of the same days with a higher reserve: measured and predicted curves drawn.
  await page.click('nav .tab[data-tab="whatif"]');
  await page.fill('#whatif-form input[name=from]', `${from}T00:00`);
  await page.fill('#whatif-form input[name=to]', `${to}T00:00`);
  await page.fill('#whatif-form input[name=reserve]', '2');
  await page.fill('#whatif-form input[name=replications]', '3');
  await page.click('#whatif-form button[type=submit]');
  await page.waitForFunction(() => Number(document.getElementById('whatif-form').dataset.shown) > 0 ||
                             document.getElementById('whatif-error').textContent, null, { timeout: 30000 });
  const whatIfError = await page.textContent('#whatif-error');
  if (whatIfError) throw new Error(`what-if: ${whatIfError}`);
  await expectCharts(page, '#tab-whatif canvas', 2, 'what-if');
  const summary = await page.textContent('#whatif-summary');
  if (!/predicted SL/.test(summary)) throw new Error(`what-if summary: ${summary}`);
  await page.screenshot({ path: `${shots}/whatif.png`, fullPage: true });

  // A bad range is refused by blendd and the page says which field.
  await page.click('nav .tab[data-tab="reports"]');
  await page.fill('#report-form input[name=from]', to);
  await page.fill('#report-form input[name=to]', from);
  await page.click('#report-form button[type=submit]');
  await page.waitForFunction(() => /to/.test(document.getElementById('report-error').textContent),
                             null, { timeout: 10000 });
  console.log('reports ok:', await page.textContent('#report-error'));
});
