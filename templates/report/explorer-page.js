// The probe explorer on the page. Its data is the JSON block with id "data"; text is put on the page
// only through textContent: model text never becomes markup.
(function (X) {
  'use strict';
  if (typeof document === 'undefined' || !document.getElementById('data')) return;
  var NOT_EMBEDDED = X.NOT_EMBEDDED;
  var MARKS = X.MARKS;
  var kindFor = X.kindFor;
  var probeBase = X.probeBase;
  var graderSlots = X.graderSlots;
  var select = X.select;
  var countText = X.countText;

  var data = JSON.parse(document.getElementById('data').textContent);
  var tokens = X.tokenIndex(data);

  /** Outcomes, reply indices and texts come gzip-compressed in base64; the browser inflates them itself (no request). */
  function inflate(b64) {
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')));
  }
  function unpack(b64) { return inflate(b64).text().then(JSON.parse); }
  /** Little-endian 32-bit integers (pack.ts packInt32). */
  function unpackInt32(b64) {
    return inflate(b64).arrayBuffer().then(function (buf) {
      var view = new DataView(buf);
      var out = new Int32Array(buf.byteLength / 4);
      for (var i = 0; i < out.length; i++) out[i] = view.getInt32(i * 4, true);
      return out;
    });
  }
  var $ = function (id) { return document.getElementById(id); };
  var exportCommand = $('export-command').textContent;
  // Names and ids come from users' files: quote any that a shell would split or expand.
  function shellWord(s) {
    return /^[\w.@%+=:,\/-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'";
  }
  var sortState = { sort: 'id', dir: 'asc' };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function pct(v) { return v === null ? 'n/a' : Math.round(v * 100) + '%'; }

  function state() {
    return {
      a: $('cand-a').value, b: $('cand-b').value, category: $('f-category').value, tag: $('f-tag').value,
      lang: $('f-lang').value, grader: $('f-grader').value, all: $('f-all').checked,
      // Only there when not every reply text is in the page.
      texts: $('f-texts') !== null && $('f-texts').checked,
      sort: sortState.sort, dir: sortState.dir
    };
  }

  function outcomeCell(c, p, slots, share) {
    var td = el('td');
    var probe = data.probes[p];
    var k = data.samples;
    var s = data.outcomes[c];
    var base = probeBase(data, p);
    var box = el('div', 'outcomes');
    slots.forEach(function (g) {
      var line = el('div', 'grader-line');
      line.appendChild(el('span', 'grader-name', data.graders[g]));
      var shown = 0;
      for (var j = 0; j < k; j++) {
        var t = tokens.get(s[base + g * k + j]);
        if (!t) continue;
        var kind = kindFor(t, probe);
        if (kind !== 'na') shown += 1;
        var chip = el('span', 'chip k-' + kind, MARKS[kind] + ' ' + t.label);
        chip.title = 'sample ' + (j + 1) + ': ' + kind + (t.score === null ? '' : ' (score ' + t.score + ')');
        line.appendChild(chip);
      }
      // A grader that does not apply to this probe at all adds nothing to read.
      if (shown > 0) box.appendChild(line);
    });
    box.appendChild(el('div', 'grader-line', 'pass share ' + pct(share)));
    td.appendChild(box);
    // Identical replies of several samples are shown once, with their sample numbers.
    var seen = new Map();
    var first = (c * data.probes.length + p) * k;
    for (var j2 = 0; j2 < k; j2++) {
      var ti = data.replies[first + j2];
      var key = ti === NOT_EMBEDDED ? 'omitted' : ti < 0 ? 'none' : String(ti);
      if (!seen.has(key)) seen.set(key, []);
      seen.get(key).push(j2 + 1);
    }
    seen.forEach(function (samples, key) {
      var div = el('div', 'reply');
      div.appendChild(el('span', 'sample', '#' + samples.join(' #')));
      if (key === 'none') {
        div.appendChild(el('span', 'cut', 'no reply'));
      } else if (key === 'omitted') {
        div.appendChild(el('span', 'cut', 'text not embedded — '));
        div.appendChild(el('code', 'export-hint', exportCommand + ' --candidate ' + shellWord(data.candidates[c]) + ' --probe ' + shellWord(probe.id)));
        div.appendChild(el('span', 'cut', ' prints it'));
      } else {
        div.appendChild(el('span', 'reply-text', data.texts[Number(key)]));
        var cut = data.truncation.cut[key];
        if (cut !== undefined && data.truncation.fullKept) {
          var d = el('details', 'full');
          d.appendChild(el('summary', null, 'full reply (' + cut + ' characters)'));
          // The full text joins the page when first opened: hundreds of long replies stay cheap.
          d.addEventListener('toggle', function (details, textKey) {
            if (!details.open || details.childNodes.length > 1) return;
            fullTexts().then(function (full) {
              if (details.childNodes.length === 1) details.appendChild(el('div', 'full-text', full[textKey]));
            });
          }.bind(null, d, key));
          div.appendChild(d);
        } else if (cut !== undefined) {
          div.appendChild(el('div', 'cut', 'cut at ' + data.truncation.limit + ' of ' + cut + ' characters'));
        }
      }
      td.appendChild(div);
    });
    return td;
  }

  function render() {
    var st = state();
    var res = select(data, st);
    var slots = graderSlots(data, st.grader);
    var a = data.candidates.indexOf(st.a);
    var b = data.candidates.indexOf(st.b);
    $('head-a').textContent = st.a;
    $('head-b').textContent = st.b;
    $('explorer-count').textContent = countText(res, st);
    var body = $('explorer-rows');
    var frag = document.createDocumentFragment();
    res.rows.forEach(function (r) {
      var probe = data.probes[r.p];
      var tr = el('tr', r.changed ? 'changed' : 'unchanged');
      var th = el('th');
      th.scope = 'row';
      th.appendChild(el('code', null, probe.key));
      if (probe.group) th.appendChild(el('div', 'expect', 'group ' + probe.group));
      if (probe.lang) th.appendChild(el('span', 'tag', probe.lang));
      probe.tags.forEach(function (t) { th.appendChild(el('span', 'tag', t)); });
      tr.appendChild(th);
      tr.appendChild(el('td', null, probe.category));
      var prompt = el('td');
      prompt.appendChild(el('div', 'prompt', probe.prompt));
      prompt.appendChild(el('div', 'expect', 'Expected: ' + probe.expect));
      tr.appendChild(prompt);
      tr.appendChild(outcomeCell(a, r.p, slots, r.pa));
      tr.appendChild(outcomeCell(b, r.p, slots, r.pb));
      var delta = r.delta === null ? 'n/a' : (r.delta > 0 ? '+' : r.delta < 0 ? '−' : '±') + Math.round(Math.abs(r.delta) * 100) + ' pts';
      tr.appendChild(el('td', 'num ' + (r.delta > 0 ? 'delta-up' : r.delta < 0 ? 'delta-down' : ''), delta));
      frag.appendChild(tr);
    });
    body.replaceChildren(frag);
    document.querySelectorAll('#explorer-table th[aria-sort]').forEach(function (h) { h.removeAttribute('aria-sort'); });
    var active = document.querySelector('#explorer-table button[data-sort="' + sortState.sort + '"]');
    if (active) active.parentElement.setAttribute('aria-sort', sortState.dir === 'desc' ? 'descending' : 'ascending');
    document.body.setAttribute('data-explorer', 'ready');
    performance.mark('stoppoint:rendered');
    // For the benchmark: when, after navigation start, the explorer's rows were on the page.
    document.body.setAttribute('data-rendered-ms', String(Math.round(performance.now())));
  }

  /** Wires the controls and draws the list, once the texts are unpacked. */
  function start() {
    ['cand-a', 'cand-b', 'f-category', 'f-tag', 'f-lang', 'f-grader', 'f-all'].forEach(function (id) {
      $(id).addEventListener('change', render);
    });
    if ($('f-texts') !== null) $('f-texts').addEventListener('change', render);
    document.querySelectorAll('#explorer-table button[data-sort]').forEach(function (btn) {
      btn.addEventListener('click', function () {
        var key = btn.getAttribute('data-sort');
        sortState.dir = sortState.sort === key && sortState.dir === 'asc' ? 'desc' : 'asc';
        sortState.sort = key;
        render();
      });
    });
    render();
  }

  $('explorer-count').textContent = 'Unpacking ' + data.probes.length + ' probes × ' + data.candidates.length + ' candidates…';
  /** Full texts of cut replies, inflated on the first expander opened. */
  var fullPromise = null;
  function fullTexts() {
    if (!fullPromise) fullPromise = unpack(data.packedFull);
    return fullPromise;
  }

  performance.mark('stoppoint:data-parsed');
  Promise.all([unpack(data.packedOutcomes), unpackInt32(data.packedReplies), unpack(data.packedTexts)]).then(function (parts) {
    data.outcomes = parts[0];
    data.replies = parts[1];
    data.texts = parts[2];
    performance.mark('stoppoint:unpacked');
    start();
  }, function (err) {
    $('explorer-count').textContent = 'The probe explorer could not unpack its data: ' + err;
  });
})(StoppointExplorer);
