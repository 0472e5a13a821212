// The desk's blind transfer: while talking, the agent hands the customer to another agent (who
// must be free), a group's queue, or a number the campaign may call (its prefixes and the
// do-not-call lists, as a dial). Inside the centre the result is the new agent's to register;
// to a number it stays this agent's (the result form follows). Refusals show blendd's reason.
// Uses $, text, show, message, send, handlers, currentCall and clearCall from app.js.
'use strict';

$('transfer-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const to = $('transfer-to').value.trim();
  if (!to || !currentCall) return;
  text($('transfer-status'), `transferring to ${to}…`);
  $('transfer-status').className = 'message';
  send({ type: 'transfer', call: currentCall.call, [$('transfer-kind').value]: to });
});

function chain(type, after) {
  const before = handlers[type];
  handlers[type] = (m) => { if (before) before(m); after(m); };
}

chain('call_offered', (m) => {
  show($('transfer-form'), false);
  text($('transfer-status'), '');
  show($('transferred-from'), !!m.transferred_from);
  text($('transferred-from'), m.transferred_from ? `transferred to you by ${m.transferred_from}` : '');
});
chain('call_connected', (m) => {
  if (currentCall && m.call === currentCall.call) show($('transfer-form'), true);
});
chain('call_ended', () => show($('transfer-form'), false));
handlers.transferring = (m) => {
  show($('transfer-form'), false);
  if (typeof phone !== 'undefined' && phone.call === m.call) closePeer();  // phone.js: the page's leg
  if (m.kind === 'number') {
    message(`Transferred to ${m.to}: register the result.`);
    return;
  }
  message(`Transferred to ${m.kind} ${m.to}: they register the result. Press Ready when done.`);
  clearCall();
};
handlers.transfer_refused = (m) => {
  text($('transfer-status'), `not transferred (${m.reason}): ${m.message}`);
  $('transfer-status').className = 'message error';
};
