// A failover seen from the pages: the agent desk and the dashboard are open on node A; the test
// SIGKILLs A (when this script writes READY_FILE); the desk logs in at node B without a reload
// and the dashboard moves to B's dashboard, both on their own.
// Usage: node failover.mjs DESK_URL DASHBOARD_URL AGENT AGENT_TOKEN VIEWER_TOKEN B_URL READY_FILE SCREENSHOT.png
import { writeFileSync } from 'node:fs';
import { launch } from './launch.mjs';

const [deskUrl, dashboardUrl, agent, agentToken, viewerToken, bUrl, readyFile, screenshot] =
  process.argv.slice(2);
const browser = await launch();
let failed = false;
try {
  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  desk.on('pageerror', (e) => { console.error('desk page error:', e.message); failed = true; });
  await desk.goto(deskUrl);
  await desk.fill('#agent', agent);
  await desk.fill('#token', agentToken);
  await desk.click('#login-form button');
  await desk.waitForSelector('#desk:not([hidden])', { timeout: 10000 });

  const board = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  board.on('pageerror', (e) => { console.error('dashboard page error:', e.message); failed = true; });
  await board.goto(dashboardUrl);
  await board.fill('#token', viewerToken);
  await board.click('#token-form button');
  await board.waitForFunction(() => /\(active\)/.test(document.getElementById('node').textContent),
                              null, { timeout: 10000 });

  writeFileSync(readyFile, 'ready');  // the test kills node A now
  // The desk: logged in again, at B, without a reload (the same page object).
  await desk.waitForFunction((b) => document.getElementById('node').textContent === `via ${b}` &&
                                    document.getElementById('connection').textContent === 'connected' &&
                                    !document.getElementById('desk').hidden,
                             bUrl, { timeout: 20000 });
  // The dashboard: on B's dashboard, live, B active.
  await board.waitForURL((u) => u.toString().startsWith(`${bUrl}/dashboard/`), { timeout: 20000 });
  await board.waitForFunction(() => /\(active\)/.test(document.getElementById('node').textContent) &&
                                    document.getElementById('connection').textContent === 'live',
                              null, { timeout: 20000 });
  if (/token=/.test(board.url())) throw new Error('the token stayed in the address: ' + board.url());
  await desk.screenshot({ path: screenshot, fullPage: true });
  console.log('failover followed by the desk and the dashboard');
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
