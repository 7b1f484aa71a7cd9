import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('verdict / gate / log CLI without a run', () => {
  it.each([
    [['verdict', '--help'], /stoppoint verdict <experiment>[\s\S]*Examples:[\s\S]*Exit codes: 0 continue, 3 stop, 2 bad input, 1 fault/],
    [['gate', '--help'], /stoppoint gate <experiment>[\s\S]*--candidate[\s\S]*Examples:[\s\S]*0 contract kept, 1 contract broken/],
    [['log', '--help'], /log import <candidate> <file>/],
  ])('%j prints help with examples', (args, text) => {
    const r = runCli(args, tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(text);
  });

  it.each([
    [['verdict', 'sweep']],
    [['gate', 'sweep']],
    [['log', 'import', 'ckpt', 'trainer_state.json']],
  ])('%j in a folder with no store is bad input (exit 2) and writes nothing', (args) => {
    const dir = tempDir();
    const r = runCli(args, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no results store at .*stoppoint\.sqlite: run a plan first/);
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });
});
