// The agent desk's catalogue and wrap-up: every product as a clickable list (from welcome); a click
// shows the product's content, selling points, script, fulfilment steps and knowledge notes,
// and, on a call, tells blendd the customer asked about it (asked_about), whose associated
// products come back as recommendations. After a call the group's wrap-up counts down beside
// the result form. Uses $, text, show, send and currentCall from app.js.
'use strict';

let catalogueProducts = [];
let wrapUpSeconds = 0;
let wrapUpTimer = null;

function listOf(id, items) {
  $(id).replaceChildren(...(items || []).map((s) => { const li = document.createElement('li'); text(li, s); return li; }));
}

function showProduct(p) {
  show($('product-detail'), true);
  $('product-detail').dataset.product = p.id;
  text($('detail-name'), p.name);
  text($('detail-points'), `level ${p.points}`);
  listOf('detail-selling-points', p.selling_points);
  text($('detail-script'), p.script || '');
  listOf('detail-steps', p.steps);
  listOf('detail-knowledge', p.knowledge);
}

function renderCatalogue(products) {
  catalogueProducts = products;
  $('catalogue-list').replaceChildren(...products.map((p) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.product = p.id;
    text(b, p.name);
    b.addEventListener('click', () => {
      showProduct(p);
      if (currentCall) {
        send({ type: 'asked_about', call: currentCall.call, product: p.id, reason: $('asked-reason').value.trim() });
      }
    });
    li.append(b);
    return li;
  }));
}

function deskWelcome(m) {
  renderCatalogue(Array.isArray(m.catalogue) ? m.catalogue : []);
  wrapUpSeconds = Number(m.wrap_up_s) || 0;
}

function stopWrapUp() {
  if (wrapUpTimer) clearInterval(wrapUpTimer);
  wrapUpTimer = null;
  show($('wrap-up'), false);
}

function startWrapUp() {
  stopWrapUp();
  if (!wrapUpSeconds) return;
  const ends = Date.now() + wrapUpSeconds * 1000;
  const tick = () => {
    const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
    text($('wrap-up-left'), left > 0 ? `${left} s left` : 'over');
    if (left === 0) clearInterval(wrapUpTimer);
  };
  show($('wrap-up'), true);
  tick();
  wrapUpTimer = setInterval(tick, 1000);
}
