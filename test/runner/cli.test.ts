import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../helpers/sim.js';
import { runCli } from './cli-helpers.js';
import { fixtures, startSim, tempWorkspace, writePlan } from './helpers.js';

const SECRET = 'sk-test-SECRET-123';

/** Every file the store left behind (db, -wal, -shm), as raw bytes decoded loosely. */
function storeBytes(runsDir: string): string {
  return readdirSync(runsDir)
    .filter((f) => f.startsWith('stoppoint.sqlite'))
    .map((f) => readFileSync(join(runsDir, f)).toString('latin1'))
    .join('\n');
}

describe('`stoppoint run` as a user runs it', () => {
  const sims = useSimulator();

  it('a key in the environment appears nowhere: not in the store, stdout or stderr', async () => {
    let sim = await sims.start(startSim({ server_error: 0.2 }, { require_key: SECRET }));
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: sim.url, apiKeyEnv: 'SP_TEST_KEY', repeats: 2 });
    const ok = await runCli(['run', plan], { cwd: t.ws.root, env: { SP_TEST_KEY: SECRET } });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('complete');
    const json = await runCli(['run', plan, '--json'], { cwd: t.ws.root, env: { SP_TEST_KEY: SECRET } });
    expect(JSON.parse(json.stdout).outcome).toBe('complete');
    // The same key rejected: the message names the variable, not the key.
    await sim.close();
    sim = await sims.start(startSim({}, { require_key: 'another-key-entirely' }));
    const plan2 = writePlan(t.ws, { name: 'sweep2', baseUrl: sim.url, apiKeyEnv: 'SP_TEST_KEY' });
    const rejected = await runCli(['run', plan2], { cwd: t.ws.root, env: { SP_TEST_KEY: SECRET, STOPPOINT_DEBUG: '1' } });
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain(`rejected the API key from $SP_TEST_KEY (HTTP 401)`);
    for (const text of [ok.stdout, ok.stderr, json.stdout, json.stderr, rejected.stdout, rejected.stderr, storeBytes(t.ws.runsDir)]) {
      expect(text).not.toContain('SECRET');
    }
  });

  it('bad plans: file:line on stderr, exit 2, nothing written', async () => {
    const t = sims.temp(tempWorkspace());
    const cases: [string, RegExp][] = [
      ['bad-metric.yaml', /bad-metric\.yaml:6: contract\.must_improve\[0\]\.metric: unknown metric "factuality\.acuracy"; did you mean "factuality\.accuracy"\?/],
      ['missing-field.yaml', /missing-field\.yaml:5: missing required field "model" in candidates\[0\]/],
      ['bad-yaml.yaml', /bad-yaml\.yaml:\d+: YAML syntax: /],
      ['relations.yaml', /relations\.yaml:2: unknown probe set `nosuchset`/],
    ];
    for (const [file, pattern] of cases) {
      const r = await runCli(['run', join(fixtures, 'plans', file)], { cwd: t.ws.root });
      expect(r.code, file).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(existsSync(t.ws.storePath)).toBe(false);
  });

  it('a persistent failure: exit 4 and the probe listed by id with its error class', async () => {
    const sim = await sims.start(startSim({ fail_probes: ['over-b'] }));
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: 1, candidates: [{ name: 'base', model: 'base' }] });
    const r = await runCli(['run', plan, '--max-attempts', '2'], { cwd: t.ws.root });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/base\s+11\/12 91\.7%\s+1/);
    expect(r.stdout).toContain('base  server_error ×1: over-b');
  });
});
