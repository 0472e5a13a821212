// The desk's manual dial: the agent types a number (national or international) and blendd dials
// it for the agent's campaign — normalised, checked against the do-not-call lists, the calling
// hours and the campaign's prefixes, with the campaign's caller ID — and rings the agent's phone
// when the customer answers. Every refusal is shown with blendd's reason.
// Uses $, text, send and handlers from app.js.
'use strict';

$('dial-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const number = $('dial-number').value.trim();
  if (!number) return;
  text($('dial-status'), `checking ${number}…`);
  $('dial-status').className = 'message';
  send({ type: 'dial', number });
});

handlers.dialling = (m) => {
  text($('dial-status'), `dialling ${m.number}: your phone rings when the customer answers`);
};
handlers.dial_refused = (m) => {
  text($('dial-status'), `not dialled (${m.reason}): ${m.message}`);
  $('dial-status').className = 'message error';
};
handlers.dial_failed = (m) => {
  text($('dial-status'), `no conversation: ${m.outcome.replace('_', ' ')}`);
};
