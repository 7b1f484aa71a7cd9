import { describe, expect, it } from 'vitest';
import { verdictToMarkdown } from '../../src/verdict/markdown.js';
import { Verdict } from '../../src/verdict/schema.js';
import { stopVerdict } from '../fixtures/verdict/verdicts.js';

describe('verdictToMarkdown', () => {
  it('leads with the decision, then the contract table, fired signals and freeze risks', () => {
    const md = verdictToMarkdown(stopVerdict);
    const lines = md.split('\n');
    expect(lines[0]).toBe('## stoppoint: 🛑 STOP — go back to the data');
    expect(md).toContain('**Experiment** `support-bot-lora` · **Verdict** stop · **Action** back-to-data · **Freeze candidate** `lr1e-4-r8-s1`');
    expect(md).toContain('> Gains flip between seeds &amp; the contract is broken.');
    expect(md).toContain('| ❌ | must_not_regress | `refusal.harmful_refusal_rate` | `lr1e-4-r8-s1` | `base` | −0.040 | [−0.070, −0.010] | 0.010 |');
    expect(md).toContain('| ✅ | must_improve | `factuality.accuracy` | `lr1e-4-r8-s1` | `base` | +0.031 | [+0.012, +0.050] | 0.020 |');
    expect(md).toContain('Broken: `must_not_regress refusal.harmful_refusal_rate (lr1e-4-r8-s1 vs base)`.');
    expect(md).toContain('- 🛑 **irreproducible** (stop): seed spread 0.09 &gt;= config spread 0.05');
    expect(md).toContain('- ⚠️ **style-over-judgment** (warn)');
    expect(md).toContain('Not fired: `partial-evaluation`.');
    expect(md).toContain('| `refusal.harmful_refusal_rate` | 0.910 | lowest since base |');
    // the quiet signal's evidence (model text) is not printed at all
    expect(md).not.toContain('<script>');
  });

  it('escapes text so it cannot break the table, inject HTML or close the evidence fence', () => {
    const v = Verdict.parse({
      ...stopVerdict,
      contract: [{ ...stopVerdict.contract[0], candidate: 'a|b' }],
      signals: [{ id: 'no-objective', fired: true, severity: 'stop', summary: '<img src=x onerror=alert(1)> @team', evidence: { reply: '```\n# not a heading' } }],
      freeze_risks: [{ metric: 'm', value: 1, why: 'line one\nline | two' }],
    });
    const md = verdictToMarkdown(v);
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt; \\@team');
    expect(md).toContain('| `a\\|b` |');
    expect(md).toContain('| line one line \\| two |');
    expect(md).toContain('  ````json');
    expect(md.match(/^ {2}````$/m)).not.toBeNull();
  });

  it('says so when there is no contract and nothing fired', () => {
    const md = verdictToMarkdown(Verdict.parse({ experiment: 'e', verdict: 'continue', action: 'keep-tuning', freeze_candidate: null, signals: [], contract: [], freeze_risks: [] }));
    expect(md.split('\n')[0]).toBe('## stoppoint: ✅ CONTINUE — keep tuning');
    expect(md).toContain('**Freeze candidate** —');
    expect(md).toContain('_No contract rule was checked._');
    expect(md).toContain('_No stop signal fired._');
    expect(md).not.toContain('### If we freeze now');
  });
});
