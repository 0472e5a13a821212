// The CRM's screen pop: when a call is offered with a `crm_url` (the campaign's or the inbound
// group's template, filled in by blendd), the desk shows it in a panel beside the script, with a
// link to open it in a tab of its own (a CRM that refuses to be framed is opened there).
// Uses $, show and handlers from app.js.
'use strict';

(() => {
  const before = handlers.call_offered;
  handlers.call_offered = (m) => {
    if (before) before(m);
    const url = m.crm_url || '';
    show($('crm'), !!url);
    $('crm-link').href = url || '#';
    $('crm-frame').src = url || 'about:blank';
  };
})();
