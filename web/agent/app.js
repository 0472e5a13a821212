// blendd agent desk: the page side of docs/agent-protocol.md. Plain JS, no build step.
'use strict';

const $ = (id) => document.getElementById(id);
let ws = null;
let currentCall = null;   // the call_offered message of the call on screen
let awaitingResult = null; // call id whose result is due

function show(el, visible) { el.hidden = !visible; }
function text(el, value) { el.textContent = value == null ? '' : String(value); }
function send(message) {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ v: 1, ...message }));
}
function setConnection(on) {
  const c = $('connection');
  text(c, on ? 'connected' : 'not connected');
  c.className = 'badge ' + (on ? 'on' : 'off');
}
function message(msg) { text($('desk-message'), msg); }

// The session survives its node: when the node stops being active (close 4005, naming the active
// node when it knows it) or vanishes (1006), the page logs in again at the active node or tries
// every node it was told of in `welcome`, keeping the call card and the result form on screen.
let session = null; // {agent, token, base, nodes, loggedIn}

function nextNode() {
  const nodes = session.nodes.length ? session.nodes : [session.base];
  const i = nodes.indexOf(session.base);
  return nodes[(i + 1) % nodes.length];
}

function connect(agent, token, base) {
  base = base || `${location.protocol}//${location.host}`;
  if (!session || session.agent !== agent) session = { agent, token, base, nodes: [], loggedIn: false };
  session.token = token;
  session.base = base;
  ws = new WebSocket(base.replace(/^http/, 'ws') + '/agent/ws');
  ws.onopen = () => { setConnection(true); send({ type: 'login', agent, token }); };
  ws.onclose = (e) => {
    setConnection(false);
    const follow = e.code === 4005 || (session.loggedIn && (e.code === 1006 || e.code === 1001 || e.code === 1011));
    if (follow) {
      const named = /active node (\S+)/.exec(e.reason || '');
      const next = named ? named[1] : nextNode();
      message(`This node is not the active one: reconnecting to ${next} …`);
      session.followed = true;
      setTimeout(() => connect(agent, token, next), named ? 100 : 1000);
      return;
    }
    session.loggedIn = false;
    if (e.code === 4003) text($('login-error'), 'Unknown agent or wrong token.');
    else if (e.code === 4001) message('Logged in from another desktop.');
    show($('login'), true);
    show($('desk'), false);
    text($('state'), 'logged out');
  };
  ws.onmessage = (e) => {
    let m;
    try { m = JSON.parse(e.data); } catch { return; }
    const handler = handlers[m.type];
    if (handler) handler(m);
  };
}

const handlers = {
  welcome(m) {
    session.loggedIn = true;
    // Which node took the login, when it is not the one the page came from.
    text($('node'), session.base === `${location.protocol}//${location.host}` ? '' : `via ${session.base}`);
    if (Array.isArray(m.nodes) && m.nodes.length) session.nodes = m.nodes;
    message('');
    // The node that had the call on screen is gone; the new one never knew it and will send no
    // call_ended: the result is registered from here, for the call's attempt.
    if (session.followed && currentCall && !awaitingResult && currentCall.attempt) {
      awaitingResult = currentCall.call;
      text($('call-status'), 'its node failed: register the result when the call is over');
      show($('result'), true);
    }
    session.followed = false;
    show($('login'), false);
    show($('desk'), true);
    text($('who'), `${m.agent} · ${m.group}`);
    text($('login-error'), '');
    deskWelcome(m);  // catalogue.js: the clickable catalogue, the wrap-up's length
  },
  state(m) {
    text($('state'), m.reason ? `${m.state} (${m.reason})` : m.state);
    $('ready').disabled = m.state === 'idle';
  },
  call_offered(m) { showCall(m); text($('call-status'), 'ringing'); },
  call_connected(m) { if (currentCall && m.call === currentCall.call) text($('call-status'), 'connected'); },
  call_ended(m) {
    if (!currentCall || m.call !== currentCall.call) return;
    text($('call-status'), `ended by ${m.by || 'customer'}`);
    awaitingResult = m.call;
    show($('result'), true);
    startWrapUp();
  },
  call_withdrawn(m) {
    if (!currentCall || m.call !== currentCall.call) return;
    message('The call was withdrawn before it connected.');
    clearCall();
  },
  submitted(m) {
    message(`Result saved (${m.disposition}).`);
    clearCall();
  },
  recommendations(m) { showRecommendations(m.offers, `asked about ${m.asked}`); },
  customer_history(m) {
    if (!currentCall || m.call !== currentCall.call) return;
    const items = (m.entries || []).map((e) => {
      const li = document.createElement('li');
      const when = e.at_ms ? new Date(Number(e.at_ms)).toLocaleString() : '';
      text(li, `${when} · ${e.list || ''} · ${e.disposition || ''}${e.product ? ` (${e.product})` : ''} · ${e.agent || ''}`);
      return li;
    });
    if (!items.length) { items.push(document.createElement('li')); items[0].className = 'muted'; text(items[0], 'No earlier calls.'); }
    $('history').replaceChildren(...items);
  },
  points(m) {
    text($('points-total'), `${m.month_total} points this month, rank ${m.rank} (+${m.awarded} for the last sale)`);
    const badge = $('points-badge');
    text(badge, `${m.month_total} pts`);
    show(badge, true);
    const board = $('leaderboard');
    board.replaceChildren(...m.leaderboard.map((e) => {
      const li = document.createElement('li');
      text(li, `${e.agent}: ${e.points}`);
      return li;
    }));
  },
  error(m) {
    if (m.code === 'invalid_submission') return showFieldErrors(m.errors || []);
    if (m.code === 'login_failed') return text($('login-error'), m.message);
    message(`${m.code}: ${m.message}`);
  },
};

function showCall(m) {
  currentCall = m;
  awaitingResult = null;
  show($('no-call'), false);
  show($('call-card'), true);
  show($('result'), false);
  text($('call-direction'), m.direction);
  text($('call-campaign'), m.campaign ? `campaign ${m.campaign}` : `group ${m.group}`);
  text($('customer-name'), m.customer.name || 'Unknown caller');
  text($('customer-number'), m.customer.number);
  $('history').replaceChildren();
  const fields = $('customer-fields');
  fields.replaceChildren(...Object.entries(m.customer.fields || {}).map(([k, v]) => {
    const tr = document.createElement('tr');
    const a = document.createElement('td'); text(a, k);
    const b = document.createElement('td'); text(b, v);
    tr.append(a, b);
    return tr;
  }));
  const p = m.product;
  show($('product'), !!p);
  if (p) {
    text($('product-name'), p.name);
    text($('product-points'), `level ${p.points}`);
    $('selling-points').replaceChildren(...p.selling_points.map((s) => { const li = document.createElement('li'); text(li, s); return li; }));
    text($('script'), p.script);
    $('steps').replaceChildren(...p.steps.map((s) => { const li = document.createElement('li'); text(li, s); return li; }));
    show($('steps-box'), p.steps.length > 0);
    const notes = p.knowledge || [];
    $('knowledge').replaceChildren(...notes.map((s) => { const li = document.createElement('li'); text(li, s); return li; }));
    show($('knowledge-box'), notes.length > 0);
  }
  buildQuestions(m.questionnaire);
  showRecommendations(m.recommendations || [], 'for this customer');
  showCustomerZones(m.customer.time_zones || []);  // callback.js
}

function clearCall() {
  stopWrapUp();
  currentCall = null;
  awaitingResult = null;
  show($('call-card'), false);
  show($('no-call'), true);
  show($('result'), false);
  $('result-form').reset();
  text($('result-error'), '');
}

function showRecommendations(offers, why) {
  const list = $('recommendations');
  if (!offers.length) {
    const li = document.createElement('li');
    li.className = 'muted';
    text(li, `No recommendations ${why}.`);
    list.replaceChildren(li);
    return;
  }
  list.replaceChildren(...offers.map((p) => {
    const li = document.createElement('li');
    li.dataset.product = p.id;
    const b = document.createElement('button');
    b.type = 'button';
    text(b, p.name);
    b.addEventListener('click', () => showProduct(p));  // its content, points, script, steps
    const note = document.createElement('span');
    text(note, ` (level ${p.points}) — ${why}`);
    li.append(b, note);
    return li;
  }));
}

// ---- questionnaire -------------------------------------------------------------------------

function buildQuestions(form) {
  const box = $('questions');
  box.replaceChildren();
  if (!form) return;
  for (const q of form.questions) {
    const div = document.createElement('div');
    div.className = 'question';
    div.dataset.question = q.id;
    const label = document.createElement('span');
    text(label, q.text + (q.required ? ' *' : ''));
    div.append(label);
    if (q.type === 'yes_no') {
      for (const [value, caption] of [['yes', 'Yes'], ['no', 'No']]) {
        const l = document.createElement('label');
        const input = document.createElement('input');
        input.type = 'radio'; input.name = `q-${q.id}`; input.value = value;
        input.addEventListener('change', updateConditions);
        l.append(input, ` ${caption} `);
        div.append(l);
      }
    } else if (q.type === 'single_choice' || q.type === 'multiple_choice') {
      for (const option of q.options) {
        const l = document.createElement('label');
        const input = document.createElement('input');
        input.type = q.type === 'single_choice' ? 'radio' : 'checkbox';
        input.name = `q-${q.id}`; input.value = option;
        input.addEventListener('change', updateConditions);
        l.append(input, ` ${option} `);
        div.append(l);
      }
    } else {
      const input = document.createElement('input');
      input.name = `q-${q.id}`;
      input.type = q.type === 'number' ? 'number' : 'text';
      if (q.type === 'number' && q.min !== undefined) { input.min = q.min; input.max = q.max; }
      input.addEventListener('input', updateConditions);
      div.append(input);
    }
    const err = document.createElement('p');
    err.className = 'error';
    err.dataset.errorFor = q.id;
    div.append(err);
    div.dataset.showIf = q.show_if ? JSON.stringify(q.show_if) : '';
    box.append(div);
  }
  updateConditions();
}

function answerOf(id) {
  const inputs = document.getElementsByName(`q-${id}`);
  if (!inputs.length) return undefined;
  const first = inputs[0];
  if (first.type === 'radio') {
    const checked = [...inputs].find((i) => i.checked);
    if (!checked) return undefined;
    if (checked.value === 'yes') return true;
    if (checked.value === 'no') return false;
    return checked.value;
  }
  if (first.type === 'checkbox') {
    const values = [...inputs].filter((i) => i.checked).map((i) => i.value);
    return values.length ? values : undefined;
  }
  if (first.value === '') return undefined;
  return first.type === 'number' ? Number(first.value) : first.value;
}

function isAsked(div) {
  if (!div.dataset.showIf) return true;
  const cond = JSON.parse(div.dataset.showIf);
  const v = answerOf(cond.question);
  if (Array.isArray(v)) return v.includes(cond.answer);
  if (typeof v === 'boolean') return (v ? 'yes' : 'no') === cond.answer;
  return v === cond.answer;
}

function updateConditions() {
  for (const div of document.querySelectorAll('.question')) show(div, isAsked(div));
}

function clearErrors() {
  for (const p of document.querySelectorAll('[data-error-for]')) text(p, '');
  for (const d of document.querySelectorAll('.question')) d.classList.remove('invalid');
  text($('result-error'), '');
}

function showFieldErrors(errors) {
  for (const e of errors) {
    const p = document.querySelector(`[data-error-for="${CSS.escape(e.field)}"]`);
    if (p) text(p, e.message); else text($('result-error'), `${e.field}: ${e.message}`);
    const div = document.querySelector(`.question[data-question="${CSS.escape(e.field)}"]`);
    if (div) div.classList.add('invalid');
  }
  if (errors.length) text($('result-error'), 'Nothing was saved: please correct the marked answers.');
}

// Checks that can be made before sending; the server checks everything again.
function localErrors(form, answers) {
  const errors = [];
  if (!form) return errors;
  for (const q of form.questions) {
    const div = document.querySelector(`.question[data-question="${CSS.escape(q.id)}"]`);
    if (div && !isAsked(div)) continue;
    const v = answers[q.id];
    if (v === undefined) { if (q.required) errors.push({ field: q.id, message: 'is required' }); continue; }
    if (q.type === 'number' && (Number.isNaN(v) || (q.min !== undefined && (v < q.min || v > q.max)))) {
      errors.push({ field: q.id, message: `must be between ${q.min} and ${q.max}` });
    }
  }
  return errors;
}

$('result-form').addEventListener('submit', (e) => {
  e.preventDefault();
  if (!currentCall || !awaitingResult) return;
  clearErrors();
  const answers = {};
  for (const div of document.querySelectorAll('.question')) {
    if (!isAsked(div)) continue;
    const v = answerOf(div.dataset.question);
    if (v !== undefined) answers[div.dataset.question] = v;
  }
  const disposition = document.querySelector('input[name="disposition"]:checked').value;
  const errors = localErrors(currentCall.questionnaire, answers);
  const message = { type: 'submit', call: awaitingResult, disposition, answers };
  // An outbound call names its attempt: after a failover the new active node takes the result
  // for the attempt the store holds in review (docs/agent-protocol.md).
  if (currentCall.attempt) {
    message.attempt = currentCall.attempt;
    message.campaign = currentCall.campaign;
    message.number = currentCall.customer && currentCall.customer.number;
  }
  if (disposition === 'callback') {
    const at = $('callback-at').value;
    if (!at) errors.push({ field: 'callback_at_ms', message: 'choose when to call back' });
    else message.callback_at_ms = zonedToEpoch(at, $('callback-zone').value);  // callback.js
  }
  if (errors.length) return showFieldErrors(errors);
  send(message);
});

for (const r of document.querySelectorAll('input[name="disposition"]')) {
  r.addEventListener('change', () => show($('callback-at-label'), r.value === 'callback' && r.checked));
}

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  connect($('agent').value.trim(), $('token').value);
});
$('ready').addEventListener('click', () => send({ type: 'ready' }));
$('not-ready').addEventListener('click', () => send({ type: 'not_ready', reason: $('not-ready-reason').value }));
$('logout').addEventListener('click', () => send({ type: 'logout' }));

