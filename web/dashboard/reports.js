// blendd supervisor dashboard, reports tab: /api/v1/reports/{intervals,agents,campaigns,products}
// drawn as charts (Chart.js) and a table, CSV downloads. Uses api() and token from dashboard.js.
'use strict';

const reportForm = $('report-form');
// Agent time in hours, or in minutes when nobody has an hour: short ranges stay readable.
function timeUnit(rows) {
  const most = Math.max(0, ...rows.map((row) => row.logged_in_s || 0));
  const [name, per] = most >= 7200 ? ['h', 3600] : ['min', 60];
  return { name, of: (s) => (s == null ? null : Math.round((100 * s) / per) / 100) };
}

function reportQuery(kind, format) {
  const f = reportForm;
  const q = new URLSearchParams();
  if (kind === 'intervals' || (kind === 'agents' && f.group.value)) q.set('group', f.group.value);
  if (f.from.value) q.set('from', f.from.value);
  if (f.to.value) q.set('to', f.to.value);
  if (kind === 'intervals') q.set('step', f.step.value);
  if (format) q.set('format', format);
  return `/api/v1/reports/${kind}?${q}`;
}

function fillGroups() {
  const select = reportForm.group;
  const have = [...select.options].map((o) => o.value);
  if (have.join() === groupIds.join()) return;
  select.replaceChildren(...groupIds.map((id) => new Option(id, id)));
}

function resetCharts(count) {
  const box = $('report-charts');
  box.replaceChildren();
  const canvases = [];
  for (let i = 0; i < count; ++i) {
    const div = document.createElement('div');
    div.className = 'chart-box report';
    const c = document.createElement('canvas');
    c.className = 'report-chart';
    div.append(c);
    box.append(div);
    canvases.push(c);
  }
  return canvases;
}

// Also the advisor tab's table (advisor.js).
function fillTable(rows, highlight, tableId = 'report-table') {
  const table = $(tableId);
  const columns = rows.length ? Object.keys(rows[0]) : [];
  const head = document.createElement('tr');
  for (const c of columns) { const th = document.createElement('th'); text(th, c); head.append(th); }
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...rows.map((row) => {
    const tr = document.createElement('tr');
    if (highlight && highlight(row)) tr.className = 'stands-out';
    for (const c of columns) {
      const td = document.createElement('td');
      const v = row[c];
      text(td, typeof v === 'number' ? (Number.isInteger(v) ? v : v.toFixed(3)) : v);
      tr.append(td);
    }
    return tr;
  }));
}

const drawReport = {
  intervals(r, [sl, load, level]) {
    const rows = r.rows;
    const labels = rows.map((row) => (r.step === 'day' ? row.start.slice(0, 10) : row.start.slice(5).replace('T', ' ')));
    drawChart(sl, 'line', labels, [
      { label: 'service level %', data: rows.map((row) => pct(row.service_level)), color: COLORS.sl },
      { label: `target ${pct(r.sl_target.share)}% in ${r.sl_target.within_s} s`, data: rows.map(() => pct(r.sl_target.share)), color: COLORS.target, dash: [6, 4] },
      { label: 'abandon rate %', data: rows.map((row) => pct(row.abandon_rate)), color: COLORS.abandon },
      { label: 'ASA s', data: rows.map((row) => row.asa_s), color: COLORS.waiting, axis: 'y2' },
    ], { title: `Service level, abandon rate and ASA — ${r.group}`, yMax: 100, y: '%', y2: 's', points: true });
    drawChart(load, 'bar', labels, [
      { label: 'inbound offered', data: rows.map((row) => row.offered), color: COLORS.offered, type: 'bar' },
      { label: 'outbound connects/h', data: rows.map((row) => row.connects_per_hour), color: COLORS.connects, type: 'line', axis: 'y2' },
      { label: 'occupancy %', data: rows.map((row) => pct(row.occupancy)), color: COLORS.waiting, type: 'line', axis: 'y2' },
    ], { title: 'Offered, outbound connects per hour, occupancy', y: 'calls', y2: '/h, %', points: true });
    drawChart(level, 'line', labels, [
      { label: 'idle level', data: rows.map((row) => row.idle_level), color: COLORS.level },
      { label: 'start', data: rows.map((row) => row.start_threshold), color: COLORS.start, dash: [6, 4], stepped: true },
      { label: 'stop', data: rows.map((row) => row.stop_threshold), color: COLORS.stop, dash: [6, 4], stepped: true },
    ], { title: 'Idle level against the thresholds in force', yMax: 1, points: true });
    fillTable(r.total ? [...rows, r.total] : rows);
  },
  agents(r, [time, calls]) {
    const rows = r.rows;
    const labels = rows.map((row) => row.agent);
    const u = timeUnit(rows);
    drawChart(time, 'bar', labels, [
      { label: `talk in (${u.name})`, data: rows.map((row) => u.of(row.talk_in_s)), color: COLORS.on_inbound, type: 'bar', stack: 't' },
      { label: `talk out (${u.name})`, data: rows.map((row) => u.of(row.talk_out_s)), color: COLORS.on_outbound, type: 'bar', stack: 't' },
      { label: `wrap-up (${u.name})`, data: rows.map((row) => u.of(row.wrap_up_s)), color: COLORS.wrap_up, type: 'bar', stack: 't' },
      { label: `idle (${u.name})`, data: rows.map((row) => u.of(row.idle_s)), color: COLORS.idle, type: 'bar', stack: 't' },
      { label: `not ready (${u.name})`, data: rows.map((row) => u.of(row.not_ready_s)), color: COLORS.not_ready, type: 'bar', stack: 't' },
    ], { title: 'Where each agent\'s time went', stacked: true, horizontal: true, y: u.name });
    drawChart(calls, 'bar', labels, [
      { label: 'calls in', data: rows.map((row) => row.in_calls), color: COLORS.on_inbound, type: 'bar' },
      { label: 'calls out', data: rows.map((row) => row.out_calls), color: COLORS.on_outbound, type: 'bar' },
      { label: 'sales', data: rows.map((row) => row.sales), color: COLORS.start, type: 'bar' },
      { label: 'points', data: rows.map((row) => row.points), color: COLORS.waiting, type: 'line', axis: 'y2' },
    ], { title: 'Calls, sales and points', y: 'calls', y2: 'points', points: true });
    fillTable(rows);
  },
  campaigns(r, [dispositions, abandons]) {
    const rows = r.rows;
    const labels = rows.map((row) => row.campaign);
    const disp = [...new Set(rows.flatMap((row) => Object.keys(row).filter((k) => k.startsWith('disp_'))))];
    drawChart(dispositions, 'bar', labels, disp.map((k) => ({
      label: k.slice(5), data: rows.map((row) => row[k] || 0), type: 'bar', stack: 'd',
    })), { title: 'Dispositions per campaign', stacked: true, y: 'results' });
    const days = [...new Set(Object.values(r.detail || {}).flatMap((d) => d.map((x) => x.day)))].sort();
    const series = [];
    rows.forEach((row, i) => {
      const byDay = new Map((r.detail[row.campaign] || []).map((d) => [d.day, d.abandon_rate]));
      const color = PALETTE[i % PALETTE.length];
      series.push({ label: `${row.campaign} abandon %`, data: days.map((d) => pct(byDay.get(d))), color, points: true });
      series.push({ label: `${row.campaign} cap %`, data: days.map(() => pct(row.abandon_cap)), color, dash: [6, 4] });
    });
    drawChart(abandons, 'line', days, series, { title: 'Abandon rate per day against the cap', y: '%', points: true });
    fillTable(rows);
  },
  products(r, [sold]) {
    const rows = r.rows;
    const labels = rows.map((row) => row.name || row.product);
    drawChart(sold, 'bar', labels, [
      { label: 'recommended', data: rows.map((row) => row.recommended), color: COLORS.offered, type: 'bar' },
      { label: 'sold', data: rows.map((row) => row.sold), color: COLORS.start, type: 'bar' },
      { label: 'success rate %', data: rows.map((row) => pct(row.success_rate)), color: COLORS.abandon, type: 'line', axis: 'y2' },
      { label: 'mean talk s', data: rows.map((row) => row.talk_mean_s), color: COLORS.waiting, type: 'line', axis: 'y2' },
    ], { title: 'Products: offered, sold, success rate, talk time (flagged rows stand out)', y: 'calls', y2: '%, s', points: true });
    fillTable(rows, (row) => !!row.stands_out);
  },
};
const CHARTS = { intervals: 3, agents: 2, campaigns: 2, products: 1 };

async function showReport() {
  const kind = reportForm.kind.value;
  text($('report-error'), '');
  try {
    const r = await api('GET', reportQuery(kind));
    text($('report-caption'), `${kind}: ${r.from} to ${r.to} (${r.zone}), ${r.rows.length} rows`);
    drawReport[kind](r, resetCharts(CHARTS[kind]));
    $('report-charts').dataset.kind = kind;
  } catch (x) { text($('report-error'), x.message); }
}

reportForm.addEventListener('submit', (e) => { e.preventDefault(); showReport(); });
reportForm.kind.addEventListener('change', () => {
  reportForm.group.disabled = !['intervals', 'agents'].includes(reportForm.kind.value);
  reportForm.step.disabled = reportForm.kind.value !== 'intervals';
});
$('report-csv').addEventListener('click', async () => {
  try {
    const r = await fetch(reportQuery(reportForm.kind.value, 'csv'), { headers: { Authorization: `Bearer ${token}` } });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(await r.blob());
    a.download = `${reportForm.kind.value}.csv`;
    a.click();
  } catch (x) { text($('report-error'), x.message); }
});
document.addEventListener('tab-shown', (e) => { if (e.detail === 'reports') fillGroups(); });
