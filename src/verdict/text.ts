import { formatProblem, type InputProblem } from '../errors.js';
import { contractDetail, contractLabel } from './describe.js';
import type { GateResult } from './gate.js';
import type { ContractCheck, Verdict } from './schema.js';

const ACTION: Record<Verdict['action'], string> = {
  'keep-tuning': 'keep tuning',
  freeze: 'freeze',
  'back-to-data': 'go back to the data',
  'fix-evaluation': 'fix the evaluation first',
};

/** The verdict for a person: decision and action first, then each fired signal, the contract, the risks. */
export function renderVerdict(v: Verdict, warnings: readonly InputProblem[] = []): string {
  const out: string[] = [];
  const head = `${v.verdict.toUpperCase()}: ${ACTION[v.action]}${v.freeze_candidate ? ` ${v.freeze_candidate}` : ''}`;
  out.push(head, `experiment ${v.experiment}`, '');
  if (v.reason) out.push(v.reason, '');
  const fired = v.signals.filter((s) => s.fired);
  const quiet = v.signals.filter((s) => !s.fired);
  if (fired.length) {
    out.push('Signals:');
    for (const s of fired) out.push(`  [${s.severity}] ${s.id}: ${s.summary}`);
  } else {
    out.push('Signals: none fired.');
  }
  if (quiet.length) out.push(`  quiet: ${quiet.map((s) => s.id).join(', ')}`);
  out.push('', ...renderContract(v.contract));
  if (v.freeze_risks.length) {
    out.push('', `If ${v.freeze_candidate} is frozen and shipped, most likely to go wrong:`);
    for (const r of v.freeze_risks) out.push(`  - ${r.metric}: ${r.why}`);
  }
  for (const w of warnings) out.push(`warning: ${formatProblem(w)}`);
  return out.join('\n') + '\n';
}

export function renderContract(checks: readonly ContractCheck[]): string[] {
  if (checks.length === 0) return ['Contract: no rules to check (the plan declares none, or nothing was tried after the baseline).'];
  return ['Contract:', ...checks.map((c) => `  ${c.ok ? 'ok    ' : 'BROKEN'} ${contractLabel(c)}: ${contractDetail(c)}`)];
}

export function renderGate(g: GateResult): string {
  const head = g.candidate === null ? `gate ${g.experiment}: nothing tried after the baseline` : `gate ${g.experiment}: ${g.candidate} ${g.ok ? 'keeps' : 'BREAKS'} the contract`;
  return [head, ...renderContract(g.contract)].join('\n') + '\n';
}
