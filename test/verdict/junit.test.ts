import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { gateToJUnit, verdictToJUnit } from '../../src/verdict/junit.js';
import { Verdict } from '../../src/verdict/schema.js';
import { stopVerdict } from '../fixtures/verdict/verdicts.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const XSD = readFileSync(resolve(repoRoot, 'test/fixtures/junit/JUnit.xsd'), 'utf8');
const ctx = { timestamp: new Date('2026-05-01T12:34:56.789Z'), hostname: 'ci-runner' };

async function schemaErrors(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: 'verdict.xml', contents: xml }], schema: [{ fileName: 'JUnit.xsd', contents: XSD }] });
  return r.valid ? [] : r.errors.map((e) => e.rawMessage);
}

describe('verdictToJUnit', () => {
  it('validates against the Ant/Jenkins JUnit schema', async () => {
    const xml = verdictToJUnit(stopVerdict, ctx);
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it('the schema check can fail: a testcase without time is refused', async () => {
    const xml = verdictToJUnit(stopVerdict, ctx).replace(/ time="0"\/>/, '/>');
    const errors = await schemaErrors(xml);
    expect(errors.join('\n')).toMatch(/attribute 'time' is required/);
  });

  it('has one test case per contract rule and per signal; broken rules and stop signals fail', () => {
    const xml = verdictToJUnit(stopVerdict, ctx);
    expect(xml).toContain('tests="5" failures="2" errors="0"');
    expect(xml).toContain('timestamp="2026-05-01T12:34:56" hostname="ci-runner"');
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toContain('<testcase name="contract: must_improve factuality.accuracy (lr1e-4-r8-s1 vs base)" classname="stoppoint.support-bot-lora.contract" time="0"/>');
    expect(xml).toContain('message="broken: delta −0.040, 95% CI [−0.070, −0.010]; may lose at most 0.010" type="contract.must_not_regress"');
    expect(xml).toContain('<failure message="seed spread 0.09 &gt;= config spread 0.05" type="signal.irreproducible">');
    expect(xml).toContain('&quot;seed_spread&quot;: 0.09'.replace(/&quot;/g, '"'));
    // a fired warning passes but is reported
    expect(xml).toContain('<testcase name="signal: style-over-judgment" classname="stoppoint.support-bot-lora.signals" time="0"/>');
    expect(xml).toMatch(/<system-out>[^<]*warn: style-over-judgment/);
    expect(xml).toContain('<property name="freeze_candidate" value="lr1e-4-r8-s1"/>');
  });

  it('escapes model text and drops characters XML cannot carry', async () => {
    const v = Verdict.parse({
      ...stopVerdict,
      experiment: 'x"<&>\'',
      signals: stopVerdict.signals.map((s) => ({ ...s, fired: true, severity: 'stop' as const, summary: `${s.summary} <b>&</b> "q" \u0000\u001b\ud800` })),
    });
    const xml = verdictToJUnit(v, ctx);
    expect(xml).not.toContain('<b>');
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;');
    expect(xml).toContain('name="stoppoint.x&quot;&lt;&amp;&gt;&apos;"');
    expect(xml).toContain('\ufffd\ufffd\ufffd');
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it('a continue verdict with no contract and no signal is an empty, valid suite', async () => {
    const v = Verdict.parse({ experiment: 'e', verdict: 'continue', action: 'keep-tuning', freeze_candidate: null, signals: [], contract: [], freeze_risks: [] });
    const xml = verdictToJUnit(v, ctx);
    expect(xml).toContain('tests="0" failures="0"');
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it('a gate is one test case per rule checked, valid too', async () => {
    const gate = { experiment: 'support-bot-lora', candidate: 'ck-3', baseline: 'base', best_before: 'ck-2', ok: false, contract: stopVerdict.contract };
    const xml = gateToJUnit(gate, ctx);
    expect(await schemaErrors(xml)).toEqual([]);
    expect(xml).toContain('tests="2" failures="1" errors="0"');
    expect(xml).toContain('<property name="best_before" value="ck-2"/>');
    expect(xml).toContain('<system-out>gate: fail: 1/2 contract rules hold for ck-3</system-out>');
  });
});
