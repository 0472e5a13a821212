// The agent desk's case library: the recordings the quality team picked as excellent or poor
// examples, by product, played in the page (read-only). The desk's own login is the credential
// (Bearer agent:<id>:<token>); the WAV is fetched with it, since an <audio> element cannot send
// one. Uses $, text and session from app.js.
'use strict';

function libraryAuth() {
  return { Authorization: `Bearer agent:${session.agent}:${session.token}` };
}

async function showLibrary() {
  const product = $('library-product').value.trim();
  text($('library-error'), '');
  try {
    const r = await fetch(`/api/v1/library${product ? `?product=${encodeURIComponent(product)}` : ''}`,
                          { headers: libraryAuth() });
    const data = await r.json();
    if (!r.ok) throw new Error(data.error ? data.error.message : `HTTP ${r.status}`);
    $('library-list').replaceChildren(...data.examples.map((ex) => {
      const li = document.createElement('li');
      li.dataset.recording = ex.id;
      const label = document.createElement('span');
      text(label, `${ex.example === 'excellent' ? '★' : '⚠'} ${ex.example_product}: ${ex.example_note || ''} (${(ex.duration_s || 0).toFixed(0)} s, played ${ex.plays || 0}×) `);
      const play = document.createElement('button');
      play.type = 'button';
      play.className = 'secondary';
      text(play, 'Play');
      play.addEventListener('click', () => playExample(ex.id).catch((e) => text($('library-error'), e.message)));
      li.append(label, play);
      return li;
    }));
    if (!data.examples.length) text($('library-error'), 'No examples for this product yet.');
  } catch (e) {
    text($('library-error'), e.message);
  }
}

let examplePlaying = null;
async function playExample(id) {
  const r = await fetch(`/api/v1/library/${encodeURIComponent(id)}/audio`, { headers: libraryAuth() });
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  if (examplePlaying) URL.revokeObjectURL(examplePlaying);
  examplePlaying = URL.createObjectURL(await r.blob());
  const player = $('library-player');
  player.src = examplePlaying;
  player.dataset.recording = id;
  player.play().catch(() => { /* autoplay refused: the controls are there */ });
}

$('library-show').addEventListener('click', showLibrary);
