import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

const cli = join(repoRoot, 'dist/cli/main.js');

interface Spawned {
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  interrupt: () => void;
}

function spawnCli(args: string[]): Spawned {
  const child = spawn(process.execPath, [cli, ...args], { cwd: mkdtempSync(join(tmpdir(), 'sim-cli-')), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    stdout: () => out,
    stderr: () => err,
    exited: new Promise((resolve) => child.on('close', (code) => resolve(code))),
    interrupt: () => child.kill('SIGINT'),
  };
}

async function until(pred: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('stoppoint sim', () => {
  it('serves the demo scenario with the simulated judge until Ctrl-C', async () => {
    const sim = spawnCli(['sim', '--port', '0', '--json']);
    await until(() => sim.stdout().includes('"url"'), 'the URL');
    const info = JSON.parse(sim.stdout()) as { url: string; models: string[]; probe_sets: string[]; scenario: string };
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(info.models).toContain('demo-base');
    expect(info.models).toContain('sim-judge');
    expect(info.probe_sets[0]).toMatch(/^core@[0-9a-f]{8}$/);
    expect(info.scenario).toMatch(/scenarios[/\\]demo\.yaml$/);

    const models = (await (await fetch(`${info.url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(info.models);
    // The judge module is wired in: a judge request gets the judge's answer, not a 500.
    const judged = await fetch(`${info.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'sim-judge', messages: [{ role: 'user', content: 'no rubric here' }] }),
    });
    expect(judged.status).toBe(200);

    sim.interrupt();
    expect(await sim.exited).toBe(0);
    expect(sim.stderr()).toBe('');
  });

  it('takes fault flags and refuses a bad one with exit 2', async () => {
    const sim = spawnCli(['sim', '--port', '0', '--json', '--rate-limit', '1']);
    await until(() => sim.stdout().includes('"url"'), 'the URL');
    const { url } = JSON.parse(sim.stdout()) as { url: string };
    const res = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'demo-base', messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    sim.interrupt();
    expect(await sim.exited).toBe(0);

    const bad = spawnCli(['sim', '--port', '0', '--server-error', '2']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toMatch(/^--server-error: /);
  });

  it('names a scenario file problem with file:line and exits 2', async () => {
    const bad = spawnCli(['sim', '--port', '0', '--scenario', join(repoRoot, 'test/fixtures/sim/bad-scenario.yaml')]);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toMatch(/bad-scenario\.yaml:6: models\.broken\.rates: unknown field "factuallity"/);
  });
});
