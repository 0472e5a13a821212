// The desk page as the agent's phone (agents with phone: webrtc; docs/agent-protocol.md "The
// phone"). blendd's offer (phone_offer, from rtpengine: DTLS-SRTP, ICE) rings here; the page
// answers with the microphone checked beforehand, reports when its audio flows (phone_media),
// and offers anew after a reload (phone_resume → phone_offer → phone_answer). Mute and hold act
// on the microphone; hold also tells blendd (the customer may hear a hold message). Uses $, text,
// show, send, handlers and currentCall from app.js.
'use strict';

const phone = {
  enabled: false,
  mic: null,          // the checked microphone's stream
  pc: null,
  call: null,         // the call id the peer connection carries
  offer: null,        // a ringing offer: {call, sdp}
  muted: false,
  held: false,
  connectedAt: 0,
  timer: null,
  meters: { in: null, out: null },
  levels: { in: 0, out: 0 },  // the last meter readings (0..1), for the page and its tests
  audio: null,
  checked: Promise.resolve(),  // the microphone check: a call waits for it
};
window.blenddPhone = phone;

function phoneStatus(s) { text($('phone-status'), s); }

function meter(stream) {
  const ctx = new AudioContext();
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  ctx.createMediaStreamSource(stream).connect(analyser);
  return { ctx, analyser, data: new Float32Array(analyser.fftSize) };
}

function level(m) {
  if (!m) return 0;
  m.analyser.getFloatTimeDomainData(m.data);
  let e = 0;
  for (const x of m.data) e += x * x;
  return Math.min(1, Math.sqrt(e / m.data.length) * 4);
}

function drawMeters() {
  phone.levels.in = phone.held ? 0 : level(phone.meters.in);
  phone.levels.out = phone.muted || phone.held ? 0 : level(phone.meters.out);
  $('level-in').value = phone.levels.in;
  $('level-out').value = phone.levels.out;
  if (phone.connectedAt) {
    const s = Math.floor((Date.now() - phone.connectedAt) / 1000);
    text($('phone-timer'), `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`);
  }
}

// Before going ready: the microphone must open (and is metered, so the agent sees it hears).
async function checkMicrophone() {
  phoneStatus('checking the microphone…');
  try {
    phone.mic = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    phone.meters.out = meter(phone.mic);
    if (!phone.pc) phoneStatus('microphone ok: ready for calls');
    $('ready').disabled = false;
  } catch (e) {
    phone.mic = null;
    phoneStatus(`no microphone (${e.name}): the page cannot take calls`);
    $('ready').disabled = true;
  }
}

function controls(ringing, talking) {
  show($('phone-answer'), ringing);
  show($('phone-decline'), ringing);
  $('phone-mute').disabled = !talking;
  $('phone-hold').disabled = !talking;
  $('phone-hang-up').disabled = !talking;
}

function closePeer() {
  if (phone.pc) phone.pc.close();
  phone.pc = null;
  phone.call = null;
  phone.offer = null;
  phone.connectedAt = 0;
  phone.muted = false;
  phone.held = false;
  phone.meters.in = null;
  if (phone.mic) phone.mic.getAudioTracks().forEach((t) => { t.enabled = true; });
  text($('phone-mute'), 'Mute');
  text($('phone-hold'), 'Hold');
  text($('phone-timer'), '');
  controls(false, false);
}

// rtpengine takes no trickled candidates: the description goes once gathering is done.
function gathered(pc) {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const done = () => { if (pc.iceGatheringState === 'complete') resolve(); };
    pc.addEventListener('icegatheringstatechange', done);
    setTimeout(resolve, 3000);
  });
}

function newPeer(call) {
  closePeer();
  const pc = new RTCPeerConnection({ iceServers: [], rtcpMuxPolicy: 'require' });
  phone.pc = pc;
  phone.call = call;
  if (phone.mic) phone.mic.getAudioTracks().forEach((t) => pc.addTrack(t, phone.mic));
  pc.ontrack = (e) => {
    const stream = e.streams[0] || new MediaStream([e.track]);
    phone.audio.srcObject = stream;
    phone.audio.play().catch(() => {});
    phone.meters.in = meter(stream);
  };
  pc.onconnectionstatechange = () => {
    if (phone.pc !== pc) return;
    const s = pc.connectionState;
    if (s === 'connected') {
      send({ type: 'phone_media', call, state: 'connected' });
      phoneStatus('talking');
      if (!phone.connectedAt) phone.connectedAt = Date.now();
      controls(false, true);
    } else if (s === 'failed') {
      send({ type: 'phone_media', call, state: 'failed', reason: 'ICE or DTLS failed' });
      phoneStatus('no audio: the connection failed');
    }
  };
  return pc;
}

async function answer() {
  const offer = phone.offer;
  if (!offer) return;
  phone.offer = null;
  controls(false, false);
  phoneStatus('connecting audio…');
  try {
    const pc = newPeer(offer.call);
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    if (phone.pc !== pc) return;
    send({ type: 'phone_answer', call: offer.call, sdp: pc.localDescription.sdp });
  } catch (e) {
    send({ type: 'phone_media', call: offer.call, state: 'failed', reason: String(e.message || e).slice(0, 150) });
    phoneStatus(`no audio: ${e.message || e}`);
  }
}

// After a reload the call is still up at blendd: this page offers, blendd answers.
async function resume(call) {
  await phone.checked;  // after a reload: the microphone first, so the customer hears the agent
  if (phone.pc && phone.call === call && phone.pc.connectionState === 'connected') {
    return send({ type: 'phone_media', call, state: 'connected' });
  }
  phoneStatus('bringing the audio back…');
  const pc = newPeer(call);
  if (!phone.mic) pc.addTransceiver('audio', { direction: 'recvonly' });
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  if (phone.pc === pc) send({ type: 'phone_offer', call, sdp: pc.localDescription.sdp });
}

// After app.js's own handling of the message.
function wrap(type, after) {
  const original = handlers[type];
  handlers[type] = (m) => { if (original) original(m); after(m); };
}

wrap('welcome', async (m) => {
  phone.enabled = m.phone === 'webrtc';
  show($('phone'), phone.enabled);
  if (phone.enabled && !phone.mic) {
    phone.checked = checkMicrophone();
    await phone.checked;
  }
});
wrap('state', (m) => { if (phone.enabled && !phone.mic) $('ready').disabled = true; });
wrap('call_ended', (m) => { if (phone.call === m.call || (phone.offer && phone.offer.call === m.call)) { closePeer(); phoneStatus('call ended'); } });
wrap('call_withdrawn', (m) => { if (phone.call === m.call || (phone.offer && phone.offer.call === m.call)) { closePeer(); phoneStatus(`withdrawn${m.by ? ` (${m.by})` : ''}`); } });
wrap('call_connected', (m) => { if (phone.enabled && phone.call === m.call && !phone.connectedAt) phone.connectedAt = Date.now(); });

// A call already on screen (the desk reconnected) keeps its card and answers.
const showCallFirst = handlers.call_offered;
handlers.call_offered = (m) => {
  if (currentCall && currentCall.call === m.call) return;
  showCallFirst(m);
};
handlers.phone_offer = (m) => {
  if (!phone.enabled) return;
  phone.offer = { call: m.call, sdp: m.sdp };
  if ($('phone-auto-answer').checked) return answer();
  phoneStatus('ringing');
  controls(true, false);
};
handlers.phone_answer = async (m) => {
  if (!phone.pc || phone.call !== m.call) return;
  try {
    await phone.pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
  } catch (e) {
    phoneStatus(`no audio: ${e.message || e}`);
  }
};
handlers.phone_resume = (m) => { if (phone.enabled) resume(m.call); };

$('phone-answer').addEventListener('click', answer);
$('phone-decline').addEventListener('click', () => {
  if (!phone.offer) return;
  send({ type: 'phone_hang_up', call: phone.offer.call });
  closePeer();
  phoneStatus('declined');
});
$('phone-hang-up').addEventListener('click', () => { if (phone.call) send({ type: 'phone_hang_up', call: phone.call }); });
$('phone-mute').addEventListener('click', () => {
  phone.muted = !phone.muted;
  if (phone.mic) phone.mic.getAudioTracks().forEach((t) => { t.enabled = !phone.muted && !phone.held; });
  text($('phone-mute'), phone.muted ? 'Unmute' : 'Mute');
});
$('phone-hold').addEventListener('click', () => {
  phone.held = !phone.held;
  if (phone.mic) phone.mic.getAudioTracks().forEach((t) => { t.enabled = !phone.muted && !phone.held; });
  phone.audio.muted = phone.held;
  text($('phone-hold'), phone.held ? 'Resume' : 'Hold');
  phoneStatus(phone.held ? 'on hold' : 'talking');
  send({ type: 'phone_hold', call: phone.call, on: phone.held });
});
$('phone-auto-answer').checked = localStorage.getItem('blendd.autoAnswer') === '1';
$('phone-auto-answer').addEventListener('change', (e) => localStorage.setItem('blendd.autoAnswer', e.target.checked ? '1' : '0'));
phone.audio = $('phone-audio');
setInterval(drawMeters, 100);
