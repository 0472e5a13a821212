// blendd supervisor dashboard, what-if tab: POST /api/v1/groups/{g}/what-if replays a measured
// period through the real core with the thresholds, reserve and staffing typed here (empty:
// those in force) and draws, per interval, what happened beside what would have happened.
// Uses api(), groupIds from dashboard.js and drawChart, fillTable, pct from charts.js/reports.js.
'use strict';

const whatIfForm = $('whatif-form');

function whatIfBody() {
  const f = whatIfForm;
  const body = { replications: Number(f.replications.value || 5) };
  const idle = {};
  if (f.start.value !== '') idle.start_threshold = Number(f.start.value);
  if (f.stop.value !== '') idle.stop_threshold = Number(f.stop.value);
  if (f.reserve.value !== '') idle.reserve_agents = Number(f.reserve.value);
  if (Object.keys(idle).length) body.idle = idle;
  if (Number(f.added.value)) body.agents_added = Number(f.added.value);
  return body;
}

function drawWhatIf(w) {
  const rows = w.intervals;
  const labels = rows.map((r) => r.start.slice(11));
  const sl = (f) => (f.service_level == null ? null : pct(f.service_level));
  drawChart($('whatif-sl'), 'line', labels, [
    { label: 'SL measured %', data: rows.map((r) => sl(r.measured)), color: COLORS.stop },
    { label: 'SL predicted %', data: rows.map((r) => sl(r.predicted)), color: COLORS.sl },
  ], { title: `Service level — ${w.group}, ${w.replications} replications`, yMax: 100, y: '%', points: true });
  drawChart($('whatif-out'), 'line', labels, [
    { label: 'outbound/h measured', data: rows.map((r) => r.measured.outbound_per_hour), color: COLORS.offered },
    { label: 'outbound/h predicted', data: rows.map((r) => r.predicted.outbound_per_hour), color: COLORS.connects },
  ], { title: 'Outbound connects per hour', y: 'calls/h', points: true });
  const m = w.total.measured;
  const p = w.total.predicted;
  const show = (v) => (v == null ? '—' : `${pct(v)}%`);
  text($('whatif-summary'),
       `${w.from} to ${w.to} (${w.zone}), ${w.intervals.length} intervals of ${w.interval_s / 60} min: ` +
       `measured SL ${show(m.service_level)}, ${Math.round(m.outbound_per_hour)} outbound/h; ` +
       `predicted SL ${show(p.service_level)} ± ${pct(w.total.predicted_sd.service_level)}, ` +
       `${Math.round(p.outbound_per_hour)} ± ${Math.round(w.total.predicted_sd.outbound_per_hour)} outbound/h` +
       `${w.time_limit_reached ? ' (time limit: fewer replications)' : ''}.`);
  fillTable(rows.map((r) => ({
    start: r.start, agents: r.measured.agents, offered: r.measured.offered,
    sl_measured: r.measured.service_level, sl_predicted: r.predicted.service_level,
    asa_measured: r.measured.asa_s, asa_predicted: r.predicted.asa_s,
    out_measured: r.measured.outbound_per_hour, out_predicted: r.predicted.outbound_per_hour,
    occupancy_predicted: r.predicted.occupancy,
  })), () => false, 'whatif-table');
  whatIfForm.dataset.shown = String(rows.length);
}

whatIfForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  text($('whatif-error'), '');
  const f = whatIfForm;
  const q = new URLSearchParams();
  if (f.from.value) q.set('from', f.from.value.slice(0, 16));
  if (f.to.value) q.set('to', f.to.value.slice(0, 16));
  try {
    drawWhatIf(await api('POST', `/api/v1/groups/${encodeURIComponent(f.group.value)}/what-if?${q}`,
                         whatIfBody()));
  } catch (x) { text($('whatif-error'), x.message); }
});
document.addEventListener('tab-shown', (e) => {
  if (e.detail !== 'whatif') return;
  const select = whatIfForm.group;
  if ([...select.options].map((o) => o.value).join() !== groupIds.join())
    select.replaceChildren(...groupIds.map((id) => new Option(id, id)));
});
