import type { Signal } from '../signals/types.js';
import { contractLabel, formatInterval, formatNumber, formatSigned } from './describe.js';
import type { GateResult } from './gate.js';
import type { ContractCheck, Verdict } from './schema.js';

const ACTION_WORDS: Record<Verdict['action'], string> = {
  'keep-tuning': 'keep tuning',
  freeze: 'freeze',
  'back-to-data': 'go back to the data',
  'fix-evaluation': 'fix the evaluation',
};

const SEVERITY_MARK: Record<Signal['severity'], string> = { stop: '🛑', warn: '⚠️', info: 'ℹ️' };

/**
 * The verdict as a pull-request comment (GitHub-flavoured Markdown): the decision first, then the
 * contract table, the fired signals with their evidence folded, and the freeze risks. Every text
 * that came from a plan or a model is escaped so it cannot break the table or inject HTML.
 */
export function verdictToMarkdown(v: Verdict): string {
  const out: string[] = [];
  const head = v.verdict === 'stop' ? '🛑 STOP' : '✅ CONTINUE';
  out.push(`## stoppoint: ${head} — ${ACTION_WORDS[v.action]}`, '');
  out.push(`**Experiment** \`${code(v.experiment)}\` · **Verdict** ${v.verdict} · **Action** ${v.action} · **Freeze candidate** ${v.freeze_candidate ? `\`${code(v.freeze_candidate)}\`` : '—'}`, '');
  if (v.reason) out.push(`> ${inline(v.reason).replace(/\n/g, '\n> ')}`, '');

  out.push(...contractSection(v.contract));

  const fired = v.signals.filter((s) => s.fired);
  out.push('### Signals', '');
  if (fired.length === 0) out.push('_No stop signal fired._', '');
  for (const s of fired) {
    out.push(`- ${SEVERITY_MARK[s.severity]} **${s.id}** (${s.severity}): ${inline(s.summary)}`);
    out.push('  <details><summary>evidence</summary>', '', ...fence(JSON.stringify(s.evidence, null, 2)).map((l) => `  ${l}`), '', '  </details>');
  }
  const quiet = v.signals.filter((s) => !s.fired).map((s) => `\`${s.id}\``);
  if (quiet.length) out.push('', `Not fired: ${quiet.join(', ')}.`);
  if (fired.length || quiet.length) out.push('');

  if (v.freeze_risks.length) {
    out.push('### If we freeze now', '', '| metric | value | why |', '|---|---|---|');
    for (const r of v.freeze_risks) out.push(`| ${codeCell(r.metric)} | ${formatNumber(r.value)} | ${cell(r.why)} |`);
    out.push('');
  }
  return out.join('\n');
}

/**
 * `gate` as a pull-request comment: pass or fail, which candidate against which, and the rules.
 */
export function gateToMarkdown(g: GateResult): string {
  const out: string[] = [];
  out.push(`## stoppoint gate: ${g.ok ? '✅ contract kept' : '❌ contract broken'}`, '');
  const who = [
    `**Experiment** \`${code(g.experiment)}\``,
    `**Candidate** ${g.candidate ? `\`${code(g.candidate)}\`` : '—'}`,
    `**Baseline** ${g.baseline ? `\`${code(g.baseline)}\`` : '—'}`,
    ...(g.best_before ? [`**Best before** \`${code(g.best_before)}\``] : []),
  ];
  out.push(who.join(' · '), '');
  if (g.candidate === null || g.baseline === null) out.push('_Nothing to check yet: the gate needs a baseline and a candidate after it._', '');
  out.push(...contractSection(g.contract));
  return out.join('\n');
}

/** The contract table with a one-line summary under it. */
function contractSection(contract: readonly ContractCheck[]): string[] {
  const out = ['### Contract', ''];
  if (contract.length === 0) return [...out, '_No contract rule was checked._', ''];
  out.push('| | rule | metric | candidate | vs | delta | 95% CI | threshold |', '|---|---|---|---|---|---|---|---|');
  for (const c of contract) {
    out.push(
      `| ${c.ok ? '✅' : '❌'} | ${c.rule} | ${codeCell(c.metric)} | ${codeCell(c.candidate)} | ${codeCell(c.against)} | ${formatSigned(c.delta)} | ${formatInterval(c.interval)} | ${c.threshold === undefined ? '' : formatNumber(c.threshold)} |`,
    );
  }
  const broken = contract.filter((c) => !c.ok);
  out.push('', broken.length === 0 ? 'Every rule holds.' : `Broken: ${broken.map((c) => `\`${code(contractLabel(c))}\``).join('; ')}.`, '');
  return out;
}

/** Text in running Markdown: no HTML, no accidental emphasis, links or mentions. */
function inline(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/([\\`*_[\]#|~@])/g, '\\$1');
}

/** A table cell also cannot hold a line break. */
function cell(s: string): string {
  return inline(s).replace(/\r?\n/g, ' ');
}

/** Inside `code`, only backticks matter; a code span cannot hold one, so they become ʼ. */
function code(s: string): string {
  return s.replace(/`/g, 'ʼ').replace(/\r?\n/g, ' ');
}

/** A name in a table cell: a code span, with the pipe escaped as GFM tables require even there. */
function codeCell(s: string | undefined): string {
  return s === undefined || s === '' ? '' : `\`${code(s).replace(/\|/g, '\\|')}\``;
}

/** A fenced block longer than any backtick run inside it, so evidence text cannot close it. */
function fence(body: string): string[] {
  const longest = Math.max(2, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return [`${f}json`, ...body.split('\n'), f];
}
