// The desk page as the agent's phone (WebRTC through blendd's rtpengine), in Debian's headless
// chromium with a fake microphone (its beep): log in, the microphone checked, auto-answer, ready;
// a real call rings in the page and is answered; the customer's tone reaches the page (the in
// meter and getStats), the page's audio goes out; mute and hold silence the way out; a reload in
// the middle of the call brings the audio back; the call ends and its result is saved.
// Usage: node phone.mjs URL AGENT TOKEN MODE SCREENSHOT.png
//   MODE talk     the above (outbound)
//   MODE inbound  an inbound caller, answered with the Answer button, hung up from the page
//   MODE nomedia  the page's ICE can never complete (a dead candidate port one way, a wrong ICE
//                 password the other): blendd must withdraw the call from it (the connect timeout)
import { chromium } from 'playwright-core';

const [url, agent, token, mode, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
         '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'],
});
let failed = false;
const log = (...a) => console.log(mode, ...a);

async function login(page) {
  await page.fill('#agent', agent);
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#desk:not([hidden])', { timeout: 10000 });
  await page.waitForSelector('#phone:not([hidden])', { timeout: 5000 });
  // The microphone checked (after a reload the status moves on at once: the call comes back).
  await page.waitForFunction(() => window.blenddPhone.mic !== null, null, { timeout: 10000 });
}

// The loudest reading of a meter over `ms` (the page samples every 100 ms).
async function loudest(page, which, ms) {
  let max = 0;
  for (let t = 0; t < ms; t += 100) {
    max = Math.max(max, await page.evaluate((w) => window.blenddPhone.levels[w], which));
    await page.waitForTimeout(100);
  }
  return max;
}

async function rtpStats(page) {
  return page.evaluate(async () => {
    const out = { sent: 0, received: 0 };
    if (!window.blenddPhone.pc) return out;
    (await window.blenddPhone.pc.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'audio') out.sent = s.packetsSent;
      if (s.type === 'inbound-rtp' && s.kind === 'audio') out.received = s.packetsReceived;
    });
    return out;
  });
}

async function talking(page, timeout) {
  await page.waitForFunction(() => document.getElementById('phone-status').textContent === 'talking',
                             null, { timeout });
}

async function expectAudioBothWays(page, what) {
  const heard = await loudest(page, 'in', 1500);
  const spoke = await loudest(page, 'out', 1500);  // the fake microphone beeps once a second
  const s1 = await rtpStats(page);
  await page.waitForTimeout(1000);
  const s2 = await rtpStats(page);
  log(`${what}: in ${heard.toFixed(3)}, out ${spoke.toFixed(3)}, rtp sent +${s2.sent - s1.sent} received +${s2.received - s1.received} per second`);
  if (heard < 0.02) throw new Error(`${what}: the customer's tone did not reach the page (in meter ${heard})`);
  if (spoke < 0.02) throw new Error(`${what}: the microphone is silent (out meter ${spoke})`);
  if (s2.sent - s1.sent < 25 || s2.received - s1.received < 25) {
    throw new Error(`${what}: RTP does not flow both ways (${JSON.stringify([s1, s2])})`);
  }
}

try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  if (mode === 'nomedia') {
    // What a firewall does to a real page: signalling works, no packet gets through. The page's
    // checks go to a dead port, rtpengine's fail the page's integrity check (ICE finds any
    // single working path, so both ways are closed).
    await context.addInitScript(() => {
      const setRemote = RTCPeerConnection.prototype.setRemoteDescription;
      RTCPeerConnection.prototype.setRemoteDescription = function (d) {
        if (d && d.type === 'offer') {
          d = { type: 'offer', sdp: d.sdp.replace(/(a=candidate:\S+ \d+ UDP \d+ \S+ )\d+/g, '$19') };
        }
        return setRemote.call(this, d);
      };
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (data) {
        try {
          const m = JSON.parse(data);
          if (m.type === 'phone_answer') {
            m.sdp = m.sdp.replace(/a=ice-pwd:\S+/g, 'a=ice-pwd:wrongwrongwrongwrongwrong');
            data = JSON.stringify(m);
          }
        } catch (e) { /* not ours */ }
        return send.call(this, data);
      };
    });
  }
  const page = await context.newPage();
  page.on('pageerror', (e) => { console.error('page error:', e.message); failed = true; });
  await page.goto(url);
  await login(page);
  if (mode !== 'inbound') await page.check('#phone-auto-answer');
  await page.click('#ready');
  if (mode === 'nomedia') {
    await page.waitForFunction(() => /withdrawn/.test(document.getElementById('phone-status').textContent),
                               null, { timeout: 30000 });
    log('the call was withdrawn:', await page.textContent('#phone-status'), '/', await page.textContent('#state'));
  } else {
    if (mode === 'inbound') {
      await page.waitForSelector('#phone-answer:not([hidden])', { timeout: 30000 });
      log('ringing in the page');
      await page.click('#phone-answer');
    }
    await talking(page, 30000);
    log('talking; call card for', await page.textContent('#customer-number'));
    await expectAudioBothWays(page, 'answered');
    await page.click('#phone-mute');
    await page.waitForTimeout(200);  // the meters are read every 100 ms
    const muted = await loudest(page, 'out', 400);
    const enabled = await page.evaluate(() => window.blenddPhone.mic.getAudioTracks()[0].enabled);
    if (muted !== 0 || enabled) throw new Error(`mute left the microphone on (${muted}, ${enabled})`);
    await page.click('#phone-mute');
    await page.click('#phone-hold');
    await page.waitForFunction(() => document.getElementById('phone-status').textContent === 'on hold');
    await page.click('#phone-hold');
    await page.screenshot({ path: screenshot, fullPage: true });
    if (mode === 'talk') {
      // The agent reloads the page mid-call: the call is still theirs and its audio comes back.
      await page.reload();
      await login(page);
      await talking(page, 15000);
      log('after the reload, the call card shows', await page.textContent('#customer-number'));
      await expectAudioBothWays(page, 'after the reload');
      await page.waitForSelector('#result:not([hidden])', { timeout: 30000 });
      log('the customer hung up');
      await page.check('input[name="q-interested"][value="no"]');
      await page.check('input[name="disposition"][value="refused"]');
      await page.click('#submit');
      await page.waitForFunction(() => /Result saved/.test(document.getElementById('desk-message').textContent),
                                 null, { timeout: 10000 });
      log('result saved');
    } else {
      await page.click('#phone-hang-up');
      await page.waitForFunction(() => /call ended/.test(document.getElementById('phone-status').textContent),
                                 null, { timeout: 10000 });
      log('hung up from the page');
    }
  }
} catch (e) {
  console.error(`FAILED: ${e.message}`);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
