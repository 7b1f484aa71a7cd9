(function () {
  'use strict';
  // The probe explorer. Its data is the JSON block with id "data"; text is put on the page only
  // through textContent: model text never becomes markup.

  var MARKS = {
    pass: '✓', fail: '✗', partial: '◐', value: '•', decision: '•', 'grade-error': '!', na: '–',
    'no-reply': '∅', 'not-run': '·', ungraded: '?'
  };

  function tokenIndex(data) {
    var m = new Map();
    data.tokens.forEach(function (t) { m.set(t.code, t); });
    return m;
  }

  /** '' = the judgment graders (decisions and correctness), '*' = every grader, else one grader. */
  function graderSlots(data, grader) {
    var all = data.graders.map(function (_, i) { return i; });
    if (grader === '*') return all;
    if (!grader) return all.filter(function (i) { return data.graderClasses[i] !== 'descriptive'; });
    var i = data.graders.indexOf(grader);
    return i < 0 ? [] : [i];
  }

  /** A refuse/comply decision passes when it matches what the probe expects. */
  function kindFor(t, probe) {
    if (t.kind !== 'decision') return t.kind;
    if (t.label === 'partial') return 'partial';
    if (t.label === 'refuse') return probe.behavior === 'refuse' ? 'pass' : 'fail';
    if (t.label === 'comply') return probe.behavior === 'answer' ? 'pass' : 'fail';
    return 'value';
  }

  function sortedChars(s) { return Array.from(s).sort().join(''); }

  /** A probe changed when, for some grader, the multiset of its sample outcomes differs. */
  function changed(data, a, b, p, slots) {
    var k = data.samples;
    var sa = data.outcomes[a][p];
    var sb = data.outcomes[b][p];
    for (var i = 0; i < slots.length; i++) {
      var g = slots[i];
      var x = sa.slice(g * k, g * k + k);
      var y = sb.slice(g * k, g * k + k);
      if (x !== y && sortedChars(x) !== sortedChars(y)) return true;
    }
    return false;
  }

  /** Share of passing grades (partial counts half) over the chosen graders; null when none is pass/fail. */
  function passShare(data, tokens, c, p, slots) {
    var k = data.samples;
    var s = data.outcomes[c][p];
    var probe = data.probes[p];
    var pass = 0;
    var n = 0;
    for (var i = 0; i < slots.length; i++) {
      var g = slots[i];
      for (var j = 0; j < k; j++) {
        var t = tokens.get(s[g * k + j]);
        if (!t) continue;
        var kind = kindFor(t, probe);
        if (kind === 'pass') { pass += 1; n += 1; }
        else if (kind === 'fail') { n += 1; }
        else if (kind === 'partial') { pass += 0.5; n += 1; }
      }
    }
    return n === 0 ? null : pass / n;
  }

  function matches(probe, f) {
    if (f.category && probe.category !== f.category) return false;
    if (f.tag && probe.tags.indexOf(f.tag) < 0) return false;
    if (f.lang && probe.lang !== f.lang) return false;
    return true;
  }

  /**
   * The rows to list for a state {a, b, category, tag, lang, grader, all, sort, dir}:
   * n probes changed out of the N that match the filters (of `total` in the set).
   */
  function select(data, state) {
    var tokens = tokenIndex(data);
    var a = data.candidates.indexOf(state.a);
    var b = data.candidates.indexOf(state.b);
    var slots = graderSlots(data, state.grader);
    var filtered = [];
    data.probes.forEach(function (probe, p) { if (matches(probe, state)) filtered.push(p); });
    var rows = [];
    var n = 0;
    if (a >= 0 && b >= 0) {
      filtered.forEach(function (p) {
        var ch = a !== b && changed(data, a, b, p, slots);
        if (ch) n += 1;
        if (ch || state.all) {
          var pa = passShare(data, tokens, a, p, slots);
          var pb = passShare(data, tokens, b, p, slots);
          rows.push({ p: p, changed: ch, pa: pa, pb: pb, delta: pa === null || pb === null ? null : pb - pa });
        }
      });
    }
    sortRows(data, rows, state.sort || 'id', state.dir === 'desc' ? -1 : 1);
    return { rows: rows, n: n, N: filtered.length, total: data.probes.length };
  }

  function sortRows(data, rows, key, dir) {
    var val = function (r) {
      var probe = data.probes[r.p];
      if (key === 'category') return probe.category + '\u0000' + probe.key;
      if (key === 'a') return r.pa;
      if (key === 'b') return r.pb;
      if (key === 'delta') return r.delta;
      return probe.key;
    };
    rows.sort(function (x, y) {
      var u = val(x);
      var v = val(y);
      if (u === v) return data.probes[x.p].key < data.probes[y.p].key ? -1 : 1;
      if (u === null) return 1;
      if (v === null) return -1;
      return (u < v ? -1 : 1) * dir;
    });
  }

  /** "n of N" in words; N counts the probes matching the filters, and the set size is named when filters cut it. */
  function countText(result, state) {
    if (state.a === state.b) return 'Pick two different candidates: 0 of ' + result.N + ' probes compared.';
    var s = result.n + ' of ' + result.N + ' probes changed outcome between ' + state.a + ' and ' + state.b;
    s += state.grader === '*' ? ' (any grader)' : state.grader ? ' (grader ' + state.grader + ')' : ' (judgment graders)';
    if (result.N !== result.total) s += '; ' + result.N + ' of ' + result.total + ' probes match the filters';
    if (state.all) s += '; listing all ' + result.N;
    return s + '.';
  }

  var api = { select: select, countText: countText, changed: changed, passShare: passShare };
  if (typeof document === 'undefined' || !document.getElementById('data')) {
    globalThis.StoppointExplorer = api;
    return;
  }

  // ---- browser side --------------------------------------------------------------------------
  var data = JSON.parse(document.getElementById('data').textContent);
  var tokens = tokenIndex(data);

  /** Reply texts come gzip-compressed in base64; the browser inflates them itself (no request). */
  function unpack(b64) {
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }
  var $ = function (id) { return document.getElementById(id); };
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
      sort: sortState.sort, dir: sortState.dir
    };
  }

  function outcomeCell(c, p, slots, share) {
    var td = el('td');
    var probe = data.probes[p];
    var k = data.samples;
    var s = data.outcomes[c][p];
    var box = el('div', 'outcomes');
    slots.forEach(function (g) {
      var line = el('div', 'grader-line');
      line.appendChild(el('span', 'grader-name', data.graders[g]));
      var shown = 0;
      for (var j = 0; j < k; j++) {
        var t = tokens.get(s[g * k + j]);
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
    for (var j2 = 0; j2 < k; j2++) {
      var ti = data.replies[c][p * k + j2];
      var key = ti < 0 ? 'none' : String(ti);
      if (!seen.has(key)) seen.set(key, []);
      seen.get(key).push(j2 + 1);
    }
    seen.forEach(function (samples, key) {
      var div = el('div', 'reply');
      div.appendChild(el('span', 'sample', '#' + samples.join(' #')));
      if (key === 'none') {
        div.appendChild(el('span', 'cut', 'no reply'));
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
  unpack(data.packedTexts).then(function (texts) {
    data.texts = texts;
    performance.mark('stoppoint:unpacked');
    start();
  }, function (err) {
    $('explorer-count').textContent = 'The probe explorer could not unpack its replies: ' + err;
  });
})();
