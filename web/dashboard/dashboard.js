// blendd supervisor dashboard, live tab: figures over /supervisor/ws (one message a second); per
// group the idle level against its thresholds and inbound waiting over the last hour, agents by
// state, today's service level and outbound connects per interval (the history); campaigns with
// their abandon rate against the cap; governor actions and changes. Threshold controls call the
// REST API. Charts: charts.js over Chart.js. The reports and advisor tabs: reports.js, advisor.js.
'use strict';

const $ = (id) => document.getElementById(id);
const HOUR_MS = 3600 * 1000;
const history = new Map();  // group id -> [{t, level, start, stop, waiting, states, connected}]
const dayRefreshed = new Map();  // group id -> when today's intervals were last read
let caps = new Map();  // campaign id -> abandon cap
let lastDrawn = 0;
let token = '';
let groupIds = [];
let nodes = [];  // every node's URL, from the figures: where to look when this one is gone
let auditTimer = null;

function text(el, v) { el.textContent = v == null ? '' : String(v); }

// Follows the active node: a standby's figures name the active node's URL; the page moves there,
// handing the token over in the fragment (never sent to a server) and clearing it on arrival.
function follow(node) {
  if (!node) return;
  const here = `${location.protocol}//${location.host}`;
  if (Array.isArray(node.nodes) && node.nodes.length) nodes = node.nodes;
  text($('node'), `${node.name} (${node.role})`);
  if (node.role === 'standby' && node.active_url && node.active_url !== here) moveTo(node.active_url);
}

// Only to a node that answers: a standby names the active as it last saw it, which may be the
// node that just died (until its lease runs out and this one takes over).
let moving = false;
async function moveTo(url) {
  if (moving) return;
  moving = true;
  try {
    await fetch(`${url}/healthz`, { mode: 'no-cors', cache: 'no-store' });
    text($('message'), `This node is a standby: moving to the active node ${url} …`);
    location.href = `${url}/dashboard/#token=${encodeURIComponent(token)}`;
  } catch {
    moving = false;  // not answering: this node's next figures decide again
  }
}

async function findNode() {
  const here = `${location.protocol}//${location.host}`;
  for (const url of nodes) {
    if (url === here) continue;
    try {
      // Opaque, but it resolves only if the node answers: enough to know where to go.
      await fetch(`${url}/healthz`, { mode: 'no-cors', cache: 'no-store' });
      text($('message'), `This node does not answer: moving to ${url} …`);
      location.href = `${url}/dashboard/#token=${encodeURIComponent(token)}`;
      return;
    } catch { /* not this one */ }
  }
  connect();
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}/supervisor/ws`);
  ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token }));
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.type === 'error') { text($('message'), m.message); return; }
    const c = $('connection'); text(c, 'live'); c.className = 'badge on';
    follow(m.node);
    render(m);
  };
  ws.onclose = () => {
    const c = $('connection'); text(c, 'not connected'); c.className = 'badge off';
    // The node went away (killed, or stopped): the first other node that answers is asked
    // (its figures say which node is active: follow() goes on from there); else this one again.
    setTimeout(findNode, 1000);
  };
  refreshAudit();
  refreshCaps();
  if (!auditTimer) auditTimer = setInterval(refreshAudit, 5000);
}

async function refreshCaps() {
  try {
    const data = await api('GET', '/api/v1/campaigns');
    caps = new Map(data.campaigns.map((c) => [c.id, c.abandon_cap]));
  } catch { /* drawn without the cap line */ }
}

async function api(method, path, body) {
  const r = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(data.error ? `${data.error.code}: ${data.error.message}` : `HTTP ${r.status}`);
  return data;
}

async function refreshAudit() {
  try {
    const data = await api('GET', '/api/v1/audit');
    const list = $('audit');
    if (!data.entries.length) return;
    list.replaceChildren(...data.entries.slice(0, 15).map((e) => {
      const li = document.createElement('li');
      text(li, `${new Date(e.at_ms).toLocaleTimeString()} ${e.who}: ${e.what} ${e.old} → ${e.new}${e.why ? ` (${e.why})` : ''}`);
      return li;
    }));
  } catch (err) { /* shown by the next figures or action */ }
}

function groupPanel(id) {
  let panel = document.querySelector(`.group[data-group="${CSS.escape(id)}"]`);
  if (panel) return panel;
  panel = $('group-template').content.firstElementChild.cloneNode(true);
  panel.dataset.group = id;
  text(panel.querySelector('.name'), id);
  panel.querySelector('.thresholds').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = e.target;
    const err = f.querySelector('.error');
    text(err, '');
    try {
      await api('PUT', `/api/v1/groups/${encodeURIComponent(id)}/thresholds`, {
        start: Number(f.start.value), stop: Number(f.stop.value),
        reserve_agents: Number(f.reserve.value), reason: 'dashboard',
      });
      text($('message'), `thresholds of ${id} set`);
      refreshAudit();
    } catch (x) { text(err, x.message); }
  });
  $('groups').append(panel);
  return panel;
}

function render(f) {
  const now = Date.now();
  const agentsByGroup = new Map();
  for (const a of f.agents) {
    if (!agentsByGroup.has(a.group)) agentsByGroup.set(a.group, []);
    agentsByGroup.get(a.group).push(a);
  }
  groupIds = f.groups.map((g) => g.id);
  const draw = now - lastDrawn >= 2000;
  if (draw) lastDrawn = now;
  for (const g of f.groups) {
    const points = history.get(g.id) || [];
    const states = {};
    for (const a of agentsByGroup.get(g.id) || []) states[a.state] = (states[a.state] || 0) + 1;
    points.push({ t: now, level: g.smoothed_idle_level, start: g.start_threshold,
                  stop: g.stop_threshold, waiting: g.inbound_waiting, states,
                  connected: g.outbound_connected });
    while (points.length && points[0].t < now - HOUR_MS) points.shift();
    history.set(g.id, points);
    const panel = groupPanel(g.id);
    const badge = panel.querySelector('.dialling');
    text(badge, g.dialling ? 'dialling' : 'not dialling');
    badge.className = 'badge dialling ' + (g.dialling ? 'on' : '');
    text(panel.querySelector('.level'), g.smoothed_idle_level.toFixed(2));
    text(panel.querySelector('.start'), g.start_threshold.toFixed(2));
    text(panel.querySelector('.stop'), g.stop_threshold.toFixed(2));
    text(panel.querySelector('.waiting'), g.inbound_waiting);
    text(panel.querySelector('.sl'), `${Math.round(100 * g.service_level)}%`);
    const form = panel.querySelector('.thresholds');
    if (!form.dataset.touched) { form.start.value = g.start_threshold; form.stop.value = g.stop_threshold; }
    form.oninput = () => { form.dataset.touched = '1'; };
    const grid = panel.querySelector('.agents');
    grid.replaceChildren(...(agentsByGroup.get(g.id) || []).map((a) => {
      const d = document.createElement('div');
      d.className = `agent ${a.state}`;
      d.title = a.state;
      text(d, `${a.id} ${a.state.replace('on_', '')}`);
      return d;
    }));
    const minuteAgo = points.find((p) => p.t >= now - 60000) || points[0];
    text(panel.querySelector('.connects-min'), points.at(-1).connected - minuteAgo.connected);
    if (draw) drawLive(panel, points);
    if (now - (dayRefreshed.get(g.id) || 0) > 60000) {
      dayRefreshed.set(g.id, now);
      refreshDay(g.id, panel);
    }
  }
  if (draw) drawAbandons(f.campaigns);
  const body = $('campaigns').querySelector('tbody');
  body.replaceChildren(...f.campaigns.map((c) => {
    const tr = document.createElement('tr');
    // Beside the measured abandons, answering-machine detection's estimated mistakes (24 h).
    const abandons = c.abandons_estimated_24h > 0
      ? `${c.abandons} + ${c.abandons_estimated_24h.toFixed(2)} est. (AMD)` : c.abandons;
    const cells = [c.id, c.dials, c.live_answers, c.connected, abandons,
                   `${(100 * c.abandon_rate_24h).toFixed(2)}%`, `${(100 * c.answer_rate).toFixed(1)}%`];
    for (const v of cells) { const td = document.createElement('td'); text(td, v); tr.append(td); }
    // The run state with who put it there and why (the governor's rule, a supervisor's reason).
    const state = document.createElement('td');
    state.className = `state ${c.state}`;
    text(state, `${c.state} · ${(100 * c.share).toFixed(0)}% of lines`);
    if (c.state_by) state.title = `${c.state_by}: ${c.state_reason}`;
    const why = document.createElement('div');
    why.className = 'muted';
    text(why, c.state_by ? `${c.state_by}: ${c.state_reason}` : '');
    state.append(why);
    tr.insertBefore(state, tr.children[1]);
    const td = document.createElement('td');
    for (const action of ['start', 'pause']) {
      const b = document.createElement('button');
      text(b, action);
      b.onclick = () => api('POST', `/api/v1/campaigns/${encodeURIComponent(c.id)}/${action}`)
        .then(() => { text($('message'), `campaign ${c.id}: ${action}`); refreshAudit(); })
        .catch((x) => text($('message'), x.message));
      td.append(b, ' ');
    }
    tr.append(td);
    return tr;
  }));
}

// The last hour: idle level against start and stop (0..1), inbound waiting on the right axis.
function drawLive(panel, points) {
  const labels = points.map((p) => clockLabel(p.t));
  drawChart(panel.querySelector('.level-chart'), 'line', labels, [
    { label: 'idle level', data: points.map((p) => p.level), color: COLORS.level },
    { label: 'start', data: points.map((p) => p.start), color: COLORS.start, dash: [6, 4], stepped: true },
    { label: 'stop', data: points.map((p) => p.stop), color: COLORS.stop, dash: [6, 4], stepped: true },
    { label: 'inbound waiting', data: points.map((p) => p.waiting), color: COLORS.waiting, axis: 'y2', stepped: true },
  ], { title: 'Idle level and inbound waiting, last hour', yMax: 1, y2: 'callers' });
  const states = ['idle', 'on_inbound', 'on_outbound', 'reserved', 'wrap_up', 'not_ready', 'logged_out'];
  drawChart(panel.querySelector('.states-chart'), 'line', labels, states.map((st) => ({
    label: st.replace('_', ' '), data: points.map((p) => p.states[st] || 0),
    color: COLORS[st] || COLORS.other, fill: true, stack: 'agents', stepped: true,
  })), { title: 'Agents by state, last hour', stacked: true, y: 'agents' });
}

// Today per interval, from the history: service level against the target, outbound connects/h.
async function refreshDay(id, panel) {
  try {
    const r = await api('GET', `/api/v1/reports/intervals?group=${encodeURIComponent(id)}`);
    const now = Date.now();
    const rows = r.rows.filter((row) => row.logged_in_s || row.offered || row.dials);
    const labels = rows.map((row) => row.start.slice(11, 16));
    drawChart(panel.querySelector('.day-chart'), 'bar', labels, [
      { label: 'service level %', data: rows.map((row) => pct(row.service_level)), color: COLORS.sl, type: 'line' },
      { label: `target ${pct(r.sl_target.share)}% in ${r.sl_target.within_s} s`,
        data: rows.map(() => pct(r.sl_target.share)), color: COLORS.target, dash: [6, 4], type: 'line' },
      { label: 'outbound connects/h', data: rows.map((row) => row.connects_per_hour), color: COLORS.connects, type: 'bar', axis: 'y2' },
    ], { title: `Today by interval (${r.zone})`, yMax: 100, y: '%', y2: 'connects/h', points: true });
    panel.dataset.dayAt = String(now);
  } catch (x) { /* a viewer without history yet: the next minute tries again */ }
}

// Each campaign's abandon rate over the last 24 h against its cap.
function drawAbandons(campaigns) {
  drawChart($('abandon-chart'), 'bar', campaigns.map((c) => c.id), [
    { label: 'abandon rate 24 h %', data: campaigns.map((c) => pct(c.abandon_rate_24h)), color: COLORS.abandon, type: 'bar' },
    { label: 'cap %', data: campaigns.map((c) => pct(caps.get(c.id))), color: COLORS.target, type: 'bar' },
  ], { title: 'Abandon rate against the cap', y: '%' });
}

// Tabs: the live figures keep flowing while another tab is shown.
for (const b of document.querySelectorAll('nav .tab')) {
  b.addEventListener('click', () => {
    for (const t of document.querySelectorAll('nav .tab')) t.classList.toggle('on', t === b);
    for (const page of document.querySelectorAll('.tab-page')) page.hidden = page.id !== `tab-${b.dataset.tab}`;
    document.dispatchEvent(new CustomEvent('tab-shown', { detail: b.dataset.tab }));
  });
}

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  token = $('token').value;
  connect();
});

// Arrived from a standby with the token in the fragment: use it and take it out of the address.
const handed = /^#token=(.*)$/.exec(location.hash);
if (handed) {
  token = decodeURIComponent(handed[1]);
  window.history.replaceState(null, '', location.pathname);  // (history: the chart's map)
  connect();
}
