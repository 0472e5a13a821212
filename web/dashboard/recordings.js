// blendd supervisor dashboard, recordings tab: the recording search (/api/v1/recordings, role qa
// and up), each recording played in the page (its WAV fetched with the token, since an <audio>
// element cannot send one), marked into the case library, and the library itself. Uses api(),
// token and text() from dashboard.js.
'use strict';

const recForm = $('recordings-form');
let playing = null;  // the object URL of the WAV in the player

function recordingsQuery() {
  const q = new URLSearchParams();
  for (const name of ['from', 'to', 'agent', 'campaign', 'disposition', 'product']) {
    const v = recForm[name].value.trim();
    if (v) q.set(name, v);
  }
  return `/api/v1/recordings?${q}`;
}

function cell(tr, v) {
  const td = document.createElement('td');
  text(td, v);
  tr.append(td);
  return td;
}

// Fetches the WAV with the token and hands it to the page's player; resolves once it can play.
async function play(id, library) {
  const r = await fetch(`/api/v1/${library ? 'library' : 'recordings'}/${encodeURIComponent(id)}/audio`,
                        { headers: { Authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  const blob = await r.blob();
  if (playing) URL.revokeObjectURL(playing);
  playing = URL.createObjectURL(blob);
  const player = $('recording-player');
  player.src = playing;
  player.dataset.recording = id;
  text($('recording-playing'), `${id} (channel 1: customer, channel 2: agent)`);
  await new Promise((resolve, reject) => {
    player.onloadedmetadata = resolve;
    player.onerror = () => reject(new Error('the browser cannot play it'));
  });
  player.play().catch(() => { /* autoplay refused: the controls are there */ });
}

function row(rec, library) {
  const tr = document.createElement('tr');
  tr.dataset.recording = rec.id;
  cell(tr, new Date(rec.started_ms).toLocaleString());
  cell(tr, rec.agent);
  cell(tr, rec.campaign || rec.group);
  cell(tr, rec.direction);
  cell(tr, rec.disposition);
  cell(tr, library ? `${rec.example} · ${rec.example_product}` : rec.product);
  cell(tr, rec.duration_s != null ? rec.duration_s.toFixed(1) : '');
  cell(tr, library ? rec.example_note : (rec.example ? `${rec.example} example` : ''));
  cell(tr, rec.plays);
  const actions = cell(tr, '');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'play';
  text(button, 'Play');
  button.addEventListener('click', () => play(rec.id, library).catch((e) => text($('recordings-error'), e.message)));
  actions.append(button);
  if (!library) {
    const mark = document.createElement('button');
    mark.type = 'button';
    mark.className = 'mark';
    text(mark, 'Library…');
    mark.addEventListener('click', () => {
      $('example-form').hidden = false;
      $('example-form').recording.value = rec.id;
      $('example-form').product.value = rec.product || '';
    });
    actions.append(mark);
  }
  return tr;
}

async function search() {
  text($('recordings-error'), '');
  try {
    const data = await api('GET', recordingsQuery());
    $('recordings-table').tBodies[0].replaceChildren(...data.recordings.map((r) => row(r, false)));
    text($('recordings-count'), `${data.recordings.length} recording(s)`);
  } catch (e) {
    text($('recordings-error'), e.message);
  }
}

async function showLibrary() {
  try {
    const product = $('library-product').value.trim();
    const data = await api('GET', `/api/v1/library${product ? `?product=${encodeURIComponent(product)}` : ''}`);
    $('library-table').tBodies[0].replaceChildren(...data.examples.map((r) => row(r, true)));
  } catch (e) {
    text($('recordings-error'), e.message);
  }
}

recForm.addEventListener('submit', (e) => { e.preventDefault(); search(); });
$('library-show').addEventListener('click', showLibrary);
$('example-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target;
  try {
    await api('PUT', `/api/v1/recordings/${encodeURIComponent(f.recording.value)}/example`,
              { kind: f.kind.value, product: f.product.value.trim(), note: f.note.value });
    f.hidden = true;
    await search();
    await showLibrary();
  } catch (err) {
    text($('recordings-error'), err.message);
  }
});
