// blendd supervisor dashboard, advisor tab: GET /api/v1/groups/{g}/advice over the measured
// traffic of a weekday (or of days), the expected service level and outbound per slot with the
// settings in force and with the recommendation, and one button that makes the advice the
// group's schedule (PUT …/schedule, audited). Uses api(), token, groupIds from dashboard.js.
'use strict';

const advisorForm = $('advisor-form');
let advice = null;

function advisorMode() {
  const range = advisorForm.mode.value === 'range';
  for (const el of advisorForm.querySelectorAll('.range')) el.hidden = !range;
  for (const el of advisorForm.querySelectorAll('.weekday')) el.hidden = range;
}

function adviceQuery() {
  const f = advisorForm;
  const q = new URLSearchParams();
  if (f.mode.value === 'range') {
    if (f.from.value) q.set('from', f.from.value);
    if (f.to.value) q.set('to', f.to.value);
  } else {
    q.set('weekday', f.weekday.value);
    q.set('weeks', f.weeks.value);
  }
  return `/api/v1/groups/${encodeURIComponent(f.group.value)}/advice?${q}`;
}

function drawAdvice(a) {
  const slots = a.slots.filter((s) => s.measured);
  const labels = slots.map((s) => s.start);
  const target = pct(a.sl_target.share);
  drawChart($('advisor-sl'), 'line', labels, [
    { label: 'SL in force %', data: slots.map((s) => pct(s.in_force.service_level)), color: COLORS.stop },
    { label: 'SL recommended %', data: slots.map((s) => pct(s.recommended.service_level)), color: COLORS.sl },
    { label: `target ${target}% in ${a.sl_target.within_s} s`, data: slots.map(() => target), color: COLORS.target, dash: [6, 4] },
  ], { title: `Expected service level — ${a.group}`, yMax: 100, y: '%', points: true });
  drawChart($('advisor-out'), 'bar', labels, [
    { label: 'outbound/h in force', data: slots.map((s) => s.in_force.outbound_per_hour), color: COLORS.offered, type: 'bar' },
    { label: 'outbound/h recommended', data: slots.map((s) => s.recommended.outbound_per_hour), color: COLORS.connects, type: 'bar' },
  ], { title: 'Expected outbound calls per hour', y: 'calls/h' });
  const d = a.day;
  const sl = (v) => (v == null ? '—' : `${pct(v)}%`);
  text($('advisor-summary'),
       `${a.weekday ? `${a.weekday}, ` : ''}days ${a.days.join(', ')} (${a.zone}): a day of ` +
       `${Math.round(d.offered)} inbound calls — in force SL ${sl(d.in_force.service_level)} and ` +
       `${Math.round(d.in_force.outbound_calls)} outbound calls; recommended SL ` +
       `${sl(d.recommended.service_level)} and ${Math.round(d.recommended.outbound_calls)} outbound calls.`);
  const rows = slots.map((s) => ({
    start: s.start, agents: s.agents, offered: s.offered, aht_in_s: s.aht_in_s,
    reserve_now: s.in_force.outbound ? s.in_force.reserve_agents : 'no outbound',
    reserve_advised: s.recommended.outbound ? s.recommended.reserve_agents : 'no outbound',
    boundary_p: s.recommended.boundary_start_probability, why: s.recommended.why,
  }));
  fillTable(rows, (row) => row.why !== 'optimum', 'advisor-table');
  $('advisor-apply').disabled = !a.schedule.periods.some((p) => p.label === 'advisor');
  advisorForm.dataset.shown = String(slots.length);
}

advisorForm.mode.addEventListener('change', advisorMode);
advisorForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  text($('advisor-error'), '');
  try {
    advice = await api('GET', adviceQuery());
    drawAdvice(advice);
  } catch (x) { text($('advisor-error'), x.message); }
});
$('advisor-apply').addEventListener('click', async () => {
  if (!advice) return;
  try {
    await api('PUT', `/api/v1/groups/${encodeURIComponent(advice.group)}/schedule`,
              { periods: advice.schedule.periods, reason: 'threshold advisor (dashboard)' });
    text($('message'), `the advice is ${advice.group}'s schedule now`);
    refreshAudit();
  } catch (x) { text($('advisor-error'), x.message); }
});
document.addEventListener('tab-shown', (e) => {
  if (e.detail !== 'advisor') return;
  const select = advisorForm.group;
  if ([...select.options].map((o) => o.value).join() !== groupIds.join())
    select.replaceChildren(...groupIds.map((id) => new Option(id, id)));
});
advisorMode();
