// The probe explorer's logic: which probes changed between two candidates, pass shares, the
// "n of N" line. Pure functions of the explorer data, so tests run them outside a browser; the page
// side is explorer-page.js (render.ts joins the two into the page's one script).
var StoppointExplorer = (function () {
  'use strict';

  /** Reply index of a reply whose text is not in the page (see ExplorerData.replies). */
  var NOT_EMBEDDED = -2;

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

  /** Where probe p's codes start in a candidate's outcome string (graders × samples per probe). */
  function probeBase(data, p) { return p * data.graders.length * data.samples; }

  /** A probe changed when, for some grader, the multiset of its sample outcomes differs. */
  function changed(data, a, b, p, slots) {
    var k = data.samples;
    var base = probeBase(data, p);
    var sa = data.outcomes[a];
    var sb = data.outcomes[b];
    for (var i = 0; i < slots.length; i++) {
      var at = base + slots[i] * k;
      var x = sa.slice(at, at + k);
      var y = sb.slice(at, at + k);
      if (x !== y && sortedChars(x) !== sortedChars(y)) return true;
    }
    return false;
  }

  /** Whether the page carries the text of every reply of candidate c on probe p. */
  function hasTexts(data, c, p) {
    var k = data.samples;
    var at = (c * data.probes.length + p) * k;
    for (var j = 0; j < k; j++) if (data.replies[at + j] === NOT_EMBEDDED) return false;
    return true;
  }

  /** Share of passing grades (partial counts half) over the chosen graders; null when none is pass/fail. */
  function passShare(data, tokens, c, p, slots) {
    var k = data.samples;
    var s = data.outcomes[c];
    var base = probeBase(data, p);
    var probe = data.probes[p];
    var pass = 0;
    var n = 0;
    for (var i = 0; i < slots.length; i++) {
      var g = slots[i];
      for (var j = 0; j < k; j++) {
        var t = tokens.get(s[base + g * k + j]);
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
   * The rows to list for a state {a, b, category, tag, lang, grader, all, texts, sort, dir}:
   * n probes changed out of the N that match the filters (of `total` in the set); `withText` of the
   * probes to list have their replies in the page for both candidates (`texts`: list only those).
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
    var withText = 0;
    if (a >= 0 && b >= 0) {
      filtered.forEach(function (p) {
        var ch = a !== b && changed(data, a, b, p, slots);
        if (ch) n += 1;
        if (ch || state.all) {
          var both = hasTexts(data, a, p) && hasTexts(data, b, p);
          if (both) withText += 1;
          if (state.texts && !both) return;
          var pa = passShare(data, tokens, a, p, slots);
          var pb = passShare(data, tokens, b, p, slots);
          rows.push({ p: p, changed: ch, pa: pa, pb: pb, delta: pa === null || pb === null ? null : pb - pa });
        }
      });
    }
    sortRows(data, rows, state.sort || 'id', state.dir === 'desc' ? -1 : 1);
    return { rows: rows, n: n, N: filtered.length, total: data.probes.length, withText: withText };
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
    if (state.texts) s += '; listing the ' + result.withText + ' whose reply texts are in this page';
    else if (result.withText < result.rows.length) s += '; reply texts in this page for ' + result.withText + ' of the ' + result.rows.length + ' listed';
    return s + '.';
  }

  return {
    NOT_EMBEDDED: NOT_EMBEDDED, MARKS: MARKS, tokenIndex: tokenIndex, graderSlots: graderSlots, kindFor: kindFor,
    probeBase: probeBase, hasTexts: hasTexts, select: select, countText: countText, changed: changed, passShare: passShare
  };
})();
