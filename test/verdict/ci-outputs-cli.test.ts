import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { runPlan } from '../../src/runner/run-plan.js';
import { runCli } from '../helpers/cli.js';
import { repoRoot, tempWorkspace, writePlan } from '../runner/helpers.js';
import { serveCheckpoints } from '../watch/helpers.js';

const XSD = readFileSync(join(repoRoot, 'test/fixtures/junit/JUnit.xsd'), 'utf8');

async function schemaErrors(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: 'out.xml', contents: xml }], schema: [{ fileName: 'JUnit.xsd', contents: XSD }] });
  return r.valid ? [] : r.errors.map((e) => e.rawMessage);
}

/** A real experiment in a real store: base and two checkpoints evaluated on the simulator. */
let t: ReturnType<typeof tempWorkspace>;
beforeAll(async () => {
  t = tempWorkspace();
  const sim = await serveCheckpoints(['ck-1', 'ck-2']);
  try {
    const plan = writePlan(t.ws, {
      repeats: 2,
      baseUrl: sim.url,
      candidates: [{ name: 'base', model: 'base', baseline: true }, { name: 'ck-1', model: 'ck-1' }, { name: 'ck-2', model: 'ck-2' }],
      extra: { contract: { must_improve: [{ metric: 'factuality.accuracy', min_gain: 0.5 }], must_not_regress: [{ metric: 'refusal.harmful_refusal_rate', max_loss: 0.01 }] } },
    });
    await runPlan(plan, { workspace: t.ws });
  } finally {
    await sim.close();
  }
});
afterAll(() => t.cleanup());

describe('verdict / gate --junit --markdown', () => {
  it('verdict writes a schema-valid JUnit file and a Markdown summary beside its usual output', async () => {
    const r = runCli(['verdict', 'sweep', '--junit', 'ci/verdict.xml', '--markdown', 'ci/verdict.md', '--json'], t.ws.root);
    expect([0, 3]).toContain(r.code);
    const verdict = JSON.parse(r.stdout) as { verdict: string; signals: unknown[]; contract: unknown[] };
    const xml = readFileSync(join(t.ws.root, 'ci/verdict.xml'), 'utf8');
    expect(await schemaErrors(xml)).toEqual([]);
    expect(xml.match(/<testcase /g)).toHaveLength(verdict.signals.length + verdict.contract.length);
    expect(xml).toContain(`<property name="verdict" value="${verdict.verdict}"/>`);
    const md = readFileSync(join(t.ws.root, 'ci/verdict.md'), 'utf8');
    expect(md.split('\n')[0]).toMatch(verdict.verdict === 'stop' ? /^## stoppoint: 🛑 STOP/ : /^## stoppoint: ✅ CONTINUE/);
    expect(md).toContain('### Contract');
  });

  it('gate writes both files even when it fails (exit 1), one test case per rule checked', async () => {
    const r = runCli(['gate', 'sweep', '--junit', 'gate.xml', '--markdown', 'gate.md', '--json'], t.ws.root);
    const gate = JSON.parse(r.stdout) as { ok: boolean; candidate: string; contract: { ok: boolean }[] };
    expect(r.code).toBe(gate.ok ? 0 : 1);
    expect(gate.candidate).toBe('ck-2');
    // a gain of 0.5 in factuality is out of reach on 3 factuality probes: the gate must fail
    expect(gate.ok).toBe(false);
    const xml = readFileSync(join(t.ws.root, 'gate.xml'), 'utf8');
    expect(await schemaErrors(xml)).toEqual([]);
    expect(xml.match(/<testcase /g)).toHaveLength(gate.contract.length);
    expect(xml.match(/<failure /g)).toHaveLength(gate.contract.filter((c) => !c.ok).length);
    expect(xml).toContain('<property name="gate" value="fail"/>');
    const md = readFileSync(join(t.ws.root, 'gate.md'), 'utf8');
    expect(md).toContain('## stoppoint gate: ❌ contract broken');
    expect(md).toContain('**Candidate** `ck-2` · **Baseline** `base`');
    expect(md).toMatch(/\| ❌ \| must_improve \| `factuality.accuracy` \| `ck-2` \| `base` \|/);
  });

  it('an unwritable path is a fault (exit 1) that names it', () => {
    // runs/sweep.yaml is a file, so no folder can be made under it
    const r = runCli(['verdict', 'sweep', '--junit', 'runs/sweep.yaml/verdict.xml'], t.ws.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: cannot write runs\/sweep\.yaml\/verdict\.xml: E[A-Z]+/);
  });
});
