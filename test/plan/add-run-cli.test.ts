import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const RUN = resolve(repoRoot, '../shared/datasets/trainlog-llamafactory-mistral-translator');
const LLAMA3 = resolve(repoRoot, '../shared/datasets/llamafactory-configs/llama3_lora_sft.yaml');

function workspace(): string {
  const ws = tempDir('stoppoint-addrun-cli-');
  mkdirSync(join(ws, 'runs'));
  writeFileSync(join(ws, 'runs', 'sweep.yaml'), readFileSync(join(repoRoot, 'test/fixtures/plan/commented-plan.yaml')));
  return ws;
}

describe('stoppoint plan add-run (CLI)', () => {
  it('appends 17 candidates, prints them, and adds nothing the second time', () => {
    const ws = workspace();
    const first = runCli(['plan', 'add-run', 'runs/sweep.yaml', RUN, '--config', LLAMA3, '--name-prefix', 'mt-'], ws);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('trainlog-llamafactory-mistral-translator: 17 checkpoint(s); added 17, skipped 0 -> runs/sweep.yaml');
    expect(first.stdout).toContain('  + mt-checkpoint-8500  model=checkpoint-8500  step=8500');
    expect(first.stderr).toContain('warning: the config\'s output_dir is "saves/llama3-8b/lora/sft"');

    const second = runCli(['plan', 'add-run', 'runs/sweep.yaml', RUN, '--json'], ws);
    expect(second.code).toBe(0);
    const json = JSON.parse(second.stdout) as { added: unknown[]; skipped: unknown[]; checkpoints: number };
    expect([json.checkpoints, json.added.length, json.skipped.length]).toEqual([17, 0, 17]);
  });

  it('bad input exits 2 with file:line and no stack trace', () => {
    const ws = workspace();
    writeFileSync(join(ws, 'train.yaml'), 'lora_rank: eight\n');
    const r = runCli(['plan', 'add-run', 'runs/sweep.yaml', RUN, '--config', 'train.yaml'], ws);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/train\.yaml:1: lora_rank: expected a number/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('has help with examples', () => {
    const r = runCli(['plan', 'add-run', '--help'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--model-template');
    expect(r.stdout).toContain('Examples:');
  });
});
