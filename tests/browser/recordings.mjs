// Drives the dashboard's recordings tab in Debian's headless chromium with a QA token, against a
// blendd that has recorded a call: the search lists it, Play loads its WAV into the page's player
// (the browser decodes two channels with sound on both), the example form puts it in the case
// library, and playing it from the library counts a play. Then an agent's desk lists the example
// under its product and plays it with the desk's own login.
// Usage: node recordings.mjs URL TOKEN SCREENSHOT_DIR DESK_URL AGENT AGENT_TOKEN
import { drive } from './launch.mjs';

const [url, token, shots, deskUrl, agent, agentToken] = process.argv.slice(2);

await drive(async (browser, fail) => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  await page.goto(url);
  await page.fill('#token', token);
  await page.click('#token-form button');
  await page.click('nav .tab[data-tab="recordings"]');
  await page.click('#recordings-form button[type=submit]');
  await page.waitForSelector('#recordings-table tbody tr', { timeout: 10000 });
  const id = await page.getAttribute('#recordings-table tbody tr', 'data-recording');
  await page.click('#recordings-table tbody tr button.play');
  await page.waitForFunction(() => {
    const p = document.getElementById('recording-player');
    return p.readyState >= 1 && p.duration > 0;
  }, null, { timeout: 10000 });
  const heard = await page.evaluate(async () => {
    const player = document.getElementById('recording-player');
    const bytes = await (await fetch(player.src)).arrayBuffer();
    const audio = await new AudioContext({ sampleRate: 8000 }).decodeAudioData(bytes);
    const rms = [];
    for (let c = 0; c < audio.numberOfChannels; ++c) {
      const d = audio.getChannelData(c);
      let sum = 0;
      for (const v of d) sum += v * v;
      rms.push(Math.sqrt(sum / d.length));
    }
    return { duration: player.duration, channels: audio.numberOfChannels, rms };
  });
  console.log(`played ${id}: ${heard.duration.toFixed(2)} s, ${heard.channels} channels, rms ${heard.rms.map((r) => r.toFixed(3)).join(' / ')}`);
  if (heard.channels !== 2) throw new Error(`${heard.channels} channels`);
  if (heard.duration < 2.5) throw new Error(`only ${heard.duration} s`);
  if (heard.rms.some((r) => r < 0.05)) throw new Error(`a silent channel: ${heard.rms}`);

  await page.click('#recordings-table tbody tr button.mark');
  await page.selectOption('#example-form select[name=kind]', 'poor');
  await page.fill('#example-form input[name=note]', 'talks over the customer');
  await page.click('#example-form button[type=submit]');
  await page.waitForSelector('#library-table tbody tr', { timeout: 10000 });
  const note = await page.textContent('#library-table tbody tr');
  if (!note.includes('talks over the customer')) throw new Error(`library row: ${note}`);
  await page.click('#library-table tbody tr button.play');
  await page.waitForFunction((rid) => document.getElementById('recording-player').dataset.recording === rid
                             && document.getElementById('recording-player').readyState >= 1, id, { timeout: 10000 });
  await page.click('#library-show');
  await page.waitForFunction(() => {
    const cells = document.querySelectorAll('#library-table tbody tr td');
    return cells.length > 8 && cells[8].textContent === '1';
  }, null, { timeout: 10000 });
  console.log('library: the example is listed and its play counted');
  await page.screenshot({ path: `${shots}/recordings.png`, fullPage: true });

  const desk = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  desk.on('pageerror', (e) => fail(`desk page error: ${e.message}`));
  await desk.goto(deskUrl);
  await desk.fill('#agent', agent);
  await desk.fill('#token', agentToken);
  await desk.click('#login-form button[type=submit]');
  await desk.waitForSelector('#desk:not([hidden])', { timeout: 10000 });
  await desk.fill('#library-product', 'fibre');
  await desk.click('#library-show');
  await desk.waitForSelector('#library-list li', { timeout: 10000 });
  const listed = await desk.textContent('#library-list li');
  if (!listed.includes('talks over the customer')) throw new Error(`desk library: ${listed}`);
  await desk.click('#library-list li button');
  await desk.waitForFunction(() => {
    const p = document.getElementById('library-player');
    return p.readyState >= 1 && p.duration > 2.5;
  }, null, { timeout: 10000 });
  console.log(`desk: ${agent} lists the example and plays it`);
  await desk.screenshot({ path: `${shots}/desk_library.png`, fullPage: true });
});
