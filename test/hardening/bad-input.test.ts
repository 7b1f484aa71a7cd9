import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Plan } from '../../src/plan/schema.js';
import { openDb } from '../../src/store/db.js';
import { upsertExperiment } from '../../src/store/experiments.js';
import { openWorkspace } from '../../src/workspace.js';
import { cliPath, repoRoot, runCli, type CliResult } from '../helpers/cli.js';
import { tempDir, workspaceWith } from '../helpers/tmp.js';

/**
 * The bad-input corpus (test/fixtures/bad/) through the built CLI: every case must end in exit 2
 * with a `file:line` message, no stack trace, in bounded time, and write nothing. The huge and the
 * deeply nested files are generated here into temp folders rather than committed.
 */
const bad = resolve(repoRoot, 'test/fixtures/bad');
const probeSets = join(bad, 'probes');
/** Every case runs as its own CLI process; anything slower than this is treated as a hang. */
const BOUND_MS = 20_000;

/** Paths and sizes of every file under `root`: what "nothing written" compares. */
function snapshot(root: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out[relative(root, p)] = st.size;
    }
  };
  walk(root);
  return out;
}

function timedCli(args: readonly string[], cwd: string): CliResult & { ms: number } {
  const t0 = Date.now();
  const r = runCli(args, cwd);
  return { ...r, ms: Date.now() - t0 };
}

/** Exit 2, the message names `where` (file:line), no stack trace, no internal error, bounded time. */
function expectInputError(r: CliResult & { ms: number }, where: RegExp): void {
  expect(r.code, `stdout: ${r.stdout.slice(0, 500)}\nstderr: ${r.stderr.slice(0, 500)}`).toBe(2);
  expect(`${r.stdout}\n${r.stderr}`).toMatch(where);
  expect(r.stderr).not.toMatch(/^ {4}at /m);
  expect(r.stderr).not.toMatch(/internal error/i);
  expect(r.ms).toBeLessThan(BOUND_MS);
}

/** Runs `probes lint SET` and `probes show SET` on a workspace; both must fail cleanly and write nothing. */
function expectProbeSetRejected(ws: string, set: string, where: RegExp): void {
  const before = snapshot(ws);
  for (const cmd of ['lint', 'show']) {
    expectInputError(timedCli(['probes', cmd, set, '--workspace', ws], ws), where);
  }
  expect(snapshot(ws)).toEqual(before);
  expect(existsSync(openWorkspace(ws).storePath)).toBe(false);
}

function writeSet(ws: string, name: string, file: string, body: string | Buffer): void {
  const dir = join(ws, 'probes', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'probe-set.yaml'), `name: ${name}\ndescription: generated bad-input case\nowner: stoppoint tests\n`);
  writeFileSync(join(dir, file), body);
}

function probeLine(i: number): string {
  return JSON.stringify({ id: `p${i}`, category: 'factuality', lang: 'en', prompt: `Question ${i}?`, expect: { behavior: 'answer', answer: 'A', match: 'contains' } });
}

describe('bad probe files: exit 2 with file:line, no stack, nothing written', () => {
  const cases: [string, RegExp][] = [
    ['broken-yaml', /probes\/broken-yaml\/probes\.yaml:\d+: .*YAML syntax/],
    ['broken-jsonl', /probes\/broken-jsonl\/probes\.jsonl:2: .*JSON syntax/],
    ['wrong-types', /probes\/wrong-types\/probes\.yaml:7: .*`category` must be one of[\s\S]*probes\/wrong-types\/probes\.yaml:10: .*`expect` must be object, got "x"/],
    ['invalid-utf8', /probes\/invalid-utf8\/probes\.jsonl:2: .*not valid UTF-8 \(byte 0xc3/],
  ];
  for (const [set, where] of cases) {
    it(set, () => {
      const ws = workspaceWith(probeSets, [set]);
      expectProbeSetRejected(ws, set, where);
    });
  }

  it('a regex with catastrophic backtracking is a lint error; loading the set does not hang', () => {
    const ws = workspaceWith(probeSets, ['redos-regex']);
    const before = snapshot(ws);
    const lint = timedCli(['probes', 'lint', 'redos-regex', '--workspace', ws], ws);
    expectInputError(lint, /probes\/redos-regex\/probes\.yaml:6: \[regex-backtracking\] regex \(a\+\)\+ nests quantifiers/);
    // The pattern is data until a grader runs it: show only reads it, quickly.
    const show = timedCli(['probes', 'show', 'redos-regex', '--workspace', ws], ws);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^redos\s+factuality\/answer/m);
    expect(show.ms).toBeLessThan(BOUND_MS);
    expect(snapshot(ws)).toEqual(before);
  });

  it('a 200,000-line JSONL file with one broken line names that line', () => {
    const ws = tempDir('stoppoint-bad-');
    const lines = Array.from({ length: 200_000 }, (_, i) => probeLine(i));
    lines[149_999] = '{"id": "broken"';
    writeSet(ws, 'huge-lines', 'probes.jsonl', `${lines.join('\n')}\n`);
    expectProbeSetRejected(ws, 'huge-lines', /probes\/huge-lines\/probes\.jsonl:150000: .*JSON syntax/);
  });

  it('one 20 MB line with a wrong type names its line', () => {
    const ws = tempDir('stoppoint-bad-');
    const record = { id: 'big', category: 'factuality', lang: 'en', prompt: 'x'.repeat(20 * 1024 * 1024), expect: 'x' };
    writeSet(ws, 'huge-line', 'probes.jsonl', `${probeLine(0)}\n${JSON.stringify(record)}\n`);
    expectProbeSetRejected(ws, 'huge-line', /probes\/huge-line\/probes\.jsonl:2: .*`expect` must be object/);
  });

  it('a YAML record nested 10,000 levels deep', () => {
    const ws = tempDir('stoppoint-bad-');
    const depth = 10_000;
    writeSet(ws, 'deep-yaml', 'probes.yaml', `- id: deep\n  category: factuality\n  prompt: hi\n  expect: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    expectProbeSetRejected(ws, 'deep-yaml', /probes\/deep-yaml\/probes\.yaml:4: .*nesting deeper than 100 levels/);
  });

  it('block nesting 10,000 deep (compact `- - -`) in probe-set.yaml', () => {
    const ws = tempDir('stoppoint-bad-');
    writeSet(ws, 'deep-meta', 'probes.jsonl', `${probeLine(0)}\n`);
    writeFileSync(join(ws, 'probes/deep-meta/probe-set.yaml'), `name: deep-meta\ndescription: d\nnotes:\n  ${'- '.repeat(10_000)}x\n`);
    expectProbeSetRejected(ws, 'deep-meta', /probes\/deep-meta\/probe-set\.yaml:4: .*nesting deeper than 100 levels/);
  });

  it('a JSONL record nested 10,000 levels deep', () => {
    const ws = tempDir('stoppoint-bad-');
    const depth = 10_000;
    const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    writeSet(ws, 'deep-jsonl', 'probes.jsonl', `{"id":"deep","category":"factuality","prompt":"hi","expect":${deep}}\n`);
    expectProbeSetRejected(ws, 'deep-jsonl', /probes\/deep-jsonl\/probes\.jsonl:1: /);
  });
});

describe('bad plans: run --dry-run exits 2 with file:line and creates no store', () => {
  it('a plan pointing at a missing probe set', () => {
    const ws = tempDir('stoppoint-bad-');
    mkdirSync(join(ws, 'runs'));
    cpSync(join(bad, 'plans/missing-set.yaml'), join(ws, 'runs/missing-set.yaml'));
    const before = snapshot(ws);
    const r = timedCli(['run', 'runs/missing-set.yaml', '--dry-run', '--workspace', ws], ws);
    expectInputError(r, /runs\/missing-set\.yaml:2: unknown probe set `no-such-set`/);
    expect(snapshot(ws)).toEqual(before);
    expect(existsSync(openWorkspace(ws).storePath)).toBe(false);
  });

  it('a plan nested 10,000 levels deep', () => {
    const ws = tempDir('stoppoint-bad-');
    mkdirSync(join(ws, 'runs'));
    const depth = 10_000;
    writeFileSync(
      join(ws, 'runs/deep.yaml'),
      `name: deep\nprobes: [core]\nendpoint: {base_url: "http://127.0.0.1:9/v1"}\ncandidates:\n  - {name: base, model: base, baseline: true}\nsampling: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`,
    );
    const before = snapshot(ws);
    expectInputError(timedCli(['run', 'runs/deep.yaml', '--dry-run', '--workspace', ws], ws), /runs\/deep\.yaml:6: nesting deeper than 100 levels/);
    expect(snapshot(ws)).toEqual(before);
    expect(existsSync(openWorkspace(ws).storePath)).toBe(false);
  });
});

describe('bad scenarios: sim exits 2 with file:line before serving anything', () => {
  it('a scenario nested 10,000 levels deep', () => {
    const ws = tempDir('stoppoint-bad-');
    const depth = 10_000;
    writeFileSync(join(ws, 'deep-scenario.yaml'), `models:\n  m:\n    rates: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`);
    const t0 = Date.now();
    // A timeout of its own: were the scenario accepted, the simulator would serve until killed.
    const r = spawnSync(process.execPath, [cliPath, 'sim', '--scenario', 'deep-scenario.yaml', '--port', '0'], {
      cwd: ws, encoding: 'utf8', timeout: BOUND_MS, env: { ...process.env, NO_COLOR: '1' },
    });
    expectInputError({ code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 }, /deep-scenario\.yaml:3: nesting deeper than 100 levels/);
  });
});

describe('bad training logs: log import exits 2 with file:line and stores no point', () => {
  /** A store holding one experiment with candidate `ckpt`, as after a run. */
  function seededWorkspace(): string {
    const ws = tempDir('stoppoint-bad-');
    const db = openDb(openWorkspace(ws).storePath);
    const plan = Plan.parse({ name: 'e', probes: ['core'], endpoint: { base_url: 'http://127.0.0.1:9/v1' }, candidates: [{ name: 'ckpt', model: 'm' }] });
    upsertExperiment(db, plan, null, new Date('2026-01-01T00:00:00Z'));
    db.close();
    return ws;
  }

  function trainRows(ws: string): { metrics: number; logs: number } {
    const db = new Database(openWorkspace(ws).storePath, { readonly: true });
    try {
      return db.prepare('SELECT (SELECT COUNT(*) FROM train_metrics) AS metrics, (SELECT COUNT(*) FROM train_logs) AS logs').get() as {
        metrics: number;
        logs: number;
      };
    } finally {
      db.close();
    }
  }

  const cases: [string, RegExp][] = [
    // NaN losses are skipped with a warning by design; the negative step is what makes the log invalid.
    ['nan-negative.trainer_state.json', /nan-negative\.trainer_state\.json:6: log_history\[2\]\.step: step must not be negative \(got -30\)/],
    ['nan-negative.csv', /nan-negative\.csv:4: step: step must be a non-negative integer \(got "-30"\)/],
  ];
  for (const [file, where] of cases) {
    it(file, () => {
      const ws = seededWorkspace();
      const r = timedCli(['log', 'import', 'ckpt', join(bad, 'trainlog', file)], ws);
      expectInputError(r, where);
      expect(trainRows(ws)).toEqual({ metrics: 0, logs: 0 });
    });
  }

  it('without a store, log import says so and creates none', () => {
    const ws = tempDir('stoppoint-bad-');
    const r = timedCli(['log', 'import', 'ckpt', join(bad, 'trainlog', 'nan-negative.csv')], ws);
    expectInputError(r, /no results store at .*runs\/stoppoint\.sqlite: run a plan first/);
    expect(readdirSync(ws)).toEqual([]);
  });
});
