// The callback picker in the customer's own time: the agent agrees "Thursday at ten" with the
// customer and enters it as the customer said it; the page turns it into an instant with the
// customer's zone (from call_offered: the target's zone, every clock of its country, or the
// centre's for an inbound caller) and shows it in the agent's own time beside it. The call card
// shows the customer's clock. Uses $, text and show from app.js.
'use strict';

let customerZones = [];
let clockTimer = null;

// How far `zone`'s wall clock is ahead of UTC at the instant `ms` (DST included).
function zoneOffsetMs(ms, zone) {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(ms / 1000) * 1000;
}

// A datetime-local value ("2027-01-15T10:00") read as a wall-clock time in `zone`, as ms since
// 1970. Twice round: the first guess may sit on the other side of a DST change.
function zonedToEpoch(local, zone) {
  const [date, time] = local.split('T');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  if (!zone) return new Date(local).getTime();
  let guess = wall - zoneOffsetMs(wall, zone);
  guess = wall - zoneOffsetMs(guess, zone);
  return guess;
}

function clockIn(zone, ms) {
  return new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit' })
    .format(new Date(ms));
}

function showCustomerZones(zones) {
  customerZones = zones.filter((z) => { try { clockIn(z, 0); return true; } catch { return false; } });
  $('callback-zone').replaceChildren(...customerZones.map((z) => {
    const o = document.createElement('option');
    o.value = z;
    text(o, z);
    return o;
  }));
  $('callback-zone').disabled = customerZones.length < 2;  // several clocks: ask the customer which
  const tick = () => {
    const now = Date.now();
    text($('customer-clock'), customerZones.length
      ? `Customer's time: ${customerZones.map((z) => `${clockIn(z, now)} (${z})`).join(' · ')}`
      : '');
  };
  clearInterval(clockTimer);
  tick();
  clockTimer = setInterval(tick, 30000);
  showCallbackInAgentTime();
}

function showCallbackInAgentTime() {
  const at = $('callback-at').value;
  if (!at) return text($('callback-utc'), '');
  const ms = zonedToEpoch(at, $('callback-zone').value);
  text($('callback-utc'), `= ${new Date(ms).toLocaleString()} your time`);
}

$('callback-at').addEventListener('input', showCallbackInAgentTime);
$('callback-zone').addEventListener('change', showCallbackInAgentTime);
