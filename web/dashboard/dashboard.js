// blendd supervisor dashboard: live figures over /supervisor/ws (one message a second), the idle
// level of each group against its thresholds over the last hour (canvas), agents by state,
// campaigns, governor actions and changes; threshold controls call the REST API.
'use strict';

const $ = (id) => document.getElementById(id);
const HOUR_MS = 3600 * 1000;
const history = new Map();  // group id -> [{t, level, start, stop}]
let token = '';
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
  if (!auditTimer) auditTimer = setInterval(refreshAudit, 5000);
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
  for (const g of f.groups) {
    const points = history.get(g.id) || [];
    points.push({ t: now, level: g.smoothed_idle_level, start: g.start_threshold, stop: g.stop_threshold });
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
    draw(panel.querySelector('canvas'), points, now);
  }
  const body = $('campaigns').querySelector('tbody');
  body.replaceChildren(...f.campaigns.map((c) => {
    const tr = document.createElement('tr');
    const cells = [c.id, c.dials, c.live_answers, c.connected, c.abandons,
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

// The last hour: idle level (blue) against start (green, dashed) and stop (red, dashed).
function draw(canvas, points, now) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height, pad = 28;
  ctx.clearRect(0, 0, w, h);
  ctx.font = '11px system-ui'; ctx.fillStyle = '#6b7588'; ctx.strokeStyle = '#d8dde6';
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    const y = h - pad - v * (h - 2 * pad);
    ctx.beginPath(); ctx.moveTo(pad, y); ctx.lineTo(w - 8, y); ctx.stroke();
    ctx.fillText(v.toFixed(2), 2, y + 4);
  }
  ctx.fillText('-60 min', pad, h - 8); ctx.fillText('now', w - 30, h - 8);
  const x = (t) => pad + (w - pad - 8) * (1 - (now - t) / HOUR_MS);
  const y = (v) => h - pad - v * (h - 2 * pad);
  const line = (key, color, dash) => {
    if (!points.length) return;
    ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.setLineDash(dash);
    ctx.beginPath();
    points.forEach((p, i) => (i ? ctx.lineTo(x(p.t), y(p[key])) : ctx.moveTo(x(p.t), y(p[key]))));
    if (points.length === 1) ctx.lineTo(x(now) + 2, y(points[0][key]));
    ctx.stroke();
    ctx.setLineDash([]); ctx.lineWidth = 1;
  };
  line('start', '#2e8b57', [6, 4]);
  line('stop', '#b23b3b', [6, 4]);
  line('level', '#2457c5', []);
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
