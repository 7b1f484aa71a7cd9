import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaffoldWorkspace } from '../../src/init.js';
import { launchSim } from '../../src/sim/launch.js';
import { openWorkspace } from '../../src/workspace.js';
import { runCliAsync } from '../helpers/cli-async.js';
import { tempDir } from '../helpers/tmp.js';

describe('a newcomer: init, then the example plan against `stoppoint sim`', () => {
  it('runs to full coverage (no key needed) and gives a verdict', async () => {
    const root = tempDir();
    scaffoldWorkspace(root);
    const ws = openWorkspace(root);
    // The simulator knows the workspace's own starter set without being told.
    const sim = await launchSim({ workspace: ws, port: 0 });
    try {
      expect(sim.probeSetRefs.some((r) => r.startsWith('starter@'))).toBe(true);
      const planPath = join(root, 'runs', 'example.yaml');
      writeFileSync(planPath, readFileSync(planPath, 'utf8').replaceAll('http://127.0.0.1:8787/v1', sim.url));
      const run = await runCliAsync(['run', 'runs/example.yaml', '--quiet', '--json'], root);
      expect(run.stderr, run.stderr).toBe('');
      expect(run.code).toBe(0);
      const verdict = await runCliAsync(['verdict', 'example', '--json'], root);
      expect([0, 3]).toContain(verdict.code);
      expect(JSON.parse(verdict.stdout).experiment).toBe('example');
    } finally {
      await sim.close();
    }
  });
});
