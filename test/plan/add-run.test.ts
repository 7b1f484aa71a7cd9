import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { addRun } from '../../src/plan/add-run.js';
import { appendCandidates } from '../../src/plan/append.js';
import { Plan } from '../../src/plan/schema.js';
import { openWorkspace, type Workspace } from '../../src/workspace.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RUN = resolve(repoRoot, '../shared/datasets/trainlog-llamafactory-mistral-translator');
const LLAMA3 = resolve(repoRoot, '../shared/datasets/llamafactory-configs/llama3_lora_sft.yaml');
const QWEN3 = resolve(repoRoot, '../shared/datasets/llamafactory-configs/qwen3_lora_sft.yaml');
const PLAN_FIXTURE = resolve(repoRoot, 'test/fixtures/plan/commented-plan.yaml');

let ws: Workspace;
let planPath: string;

beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'sp-addrun-'));
  mkdirSync(join(root, 'runs'));
  ws = openWorkspace(root);
  planPath = join(root, 'runs', 'sweep.yaml');
  writeFileSync(planPath, readFileSync(PLAN_FIXTURE));
});

/** The original text must reappear unchanged once the one inserted block is cut out. */
function insertedBlock(before: string, after: string): string {
  let k = 0;
  while (k < before.length && before[k] === after[k]) k++;
  const tail = before.slice(k);
  expect(after.endsWith(tail)).toBe(true);
  return after.slice(k, after.length - tail.length);
}

describe('plan add-run on the real LLaMA-Factory output folder', () => {
  it('adds one candidate per checkpoint with step, params and the training log', () => {
    const result = addRun(planPath, RUN, ws, { config: LLAMA3 });
    expect(result.checkpoints).toBe(17);
    expect(result.added).toHaveLength(17);
    const plan = Plan.parse(parse(readFileSync(planPath, 'utf8')));
    const added = plan.candidates.filter((c) => c.run === 'trainlog-llamafactory-mistral-translator');
    expect(added.map((c) => c.step)).toEqual(Array.from({ length: 17 }, (_, i) => 500 * (i + 1)));
    expect(added[0]).toEqual({
      name: 'trainlog-llamafactory-mistral-translator-checkpoint-500',
      model: 'checkpoint-500',
      run: 'trainlog-llamafactory-mistral-translator',
      step: 500,
      params: { lr: 1e-4, lora_rank: 8, num_train_epochs: 3, batch_size: 8, lr_scheduler_type: 'cosine', warmup_ratio: 0.1 },
      // outside the workspace: absolute; the live LLaMA-Factory log is preferred over trainer_state.json
      train_log: join(RUN, 'trainer_log.jsonl'),
    });
    expect(added[16]?.model).toBe('checkpoint-8500');
    // the candidates that were there stay first, in their order
    expect(plan.candidates.slice(0, 2).map((c) => c.name)).toEqual(['base', 'lr1e-4-r8-s1']);
    expect(result.warnings.join('\n')).toMatch(/output_dir is "saves\/llama3-8b\/lora\/sft"/);
  });

  it('re-running adds nothing and leaves the file byte-for-byte as it was', () => {
    addRun(planPath, RUN, ws, { config: LLAMA3 });
    const once = readFileSync(planPath, 'utf8');
    const again = addRun(planPath, RUN, ws, { config: QWEN3 });
    expect(again.added).toHaveLength(0);
    expect(again.skipped).toHaveLength(17);
    expect(again.skipped[0]?.reason).toMatch(/step 500 is already a candidate/);
    expect(readFileSync(planPath, 'utf8')).toBe(once);
  });

  it('keeps every byte outside the inserted candidates: comments, alignment, flow style', () => {
    const before = readFileSync(planPath, 'utf8');
    addRun(planPath, RUN, ws, { config: LLAMA3 });
    const after = readFileSync(planPath, 'utf8');
    const block = insertedBlock(before, after);
    expect(block.split('\n').filter((l) => /^\s*- name: /.test(l))).toHaveLength(17);
    // the inserted items sit inside the list, before the comment that closes the file
    expect(after.indexOf(block)).toBeLessThan(after.indexOf('# end of plan'));
    expect(after).toContain('contract:                       # the stop point, agreed before tuning\n');
    expect(after).toContain("  params: {lr: 1e-4, lora_rank: 8, seed: 1, x: 1.0E-4, note: 'single'}\n");
  });

  it('reads params from trainer_state.json when no config is given', () => {
    const result = addRun(planPath, RUN, ws, { namePrefix: 'mt-', modelTemplate: '{run}@{step}' });
    expect(result.paramsFrom).toEqual({ path: join(RUN, 'trainer_state.json'), format: 'trainer-state' });
    expect(result.added[0]).toMatchObject({
      name: 'mt-checkpoint-500',
      model: 'trainlog-llamafactory-mistral-translator@500',
      params: { num_train_epochs: 4, train_batch_size: 1 },
    });
  });
});

describe('plan add-run on a run still training', () => {
  it('uses the latest checkpoint trainer_state.json and writes it relative to the workspace', () => {
    const out = join(ws.root, 'saves', 'r8');
    for (const step of [500, 1000]) {
      cpSync(join(RUN, `checkpoint-${step}`), join(out, `checkpoint-${step}`), { recursive: true });
    }
    mkdirSync(join(out, 'tmp-checkpoint-1500')); // half-written: not a checkpoint yet
    const result = addRun(planPath, out, ws, { config: LLAMA3 });
    expect(result.added.map((c) => c.name)).toEqual(['r8-checkpoint-500', 'r8-checkpoint-1000']);
    expect(result.trainLog).toBe('saves/r8/checkpoint-1000/trainer_state.json');
    expect(result.added[1]?.train_log).toBe('saves/r8/checkpoint-1000/trainer_state.json');

    cpSync(join(RUN, 'checkpoint-1500'), join(out, 'checkpoint-1500'), { recursive: true });
    const next = addRun(planPath, out, ws, { config: LLAMA3 });
    expect(next.added.map((c) => c.step)).toEqual([1500]);
  });
});

describe('bad input', () => {
  it('a malformed plan is refused with file:line and left untouched', () => {
    writeFileSync(planPath, 'name: x\nprobes: [core]\nendpoint: {base_url: http://127.0.0.1:1/v1}\ncandidates:\n  - {name: a, model: m, stepp: 3}\n');
    const before = readFileSync(planPath, 'utf8');
    expect(() => addRun(planPath, RUN, ws, { config: LLAMA3 })).toThrow(InputError);
    try {
      addRun(planPath, RUN, ws, { config: LLAMA3 });
    } catch (err) {
      expect((err as InputError).problems[0]?.location).toEqual({ file: expect.stringMatching(/sweep\.yaml$/), line: 5 });
    }
    writeFileSync(planPath, 'name: x\nprobes: [core\n');
    expect(() => addRun(planPath, RUN, ws)).toThrow(/sweep\.yaml:\d+: YAML syntax/);
    writeFileSync(planPath, before);
  });

  it('a malformed training config is refused with file:line', () => {
    const cfg = join(ws.root, 'train.yaml');
    writeFileSync(cfg, '### train\nper_device_train_batch_size: 2\nlearning_rate: fast\n');
    expect(() => addRun(planPath, RUN, ws, { config: cfg })).toThrow(/train\.yaml:3: learning_rate: expected a number/);
    writeFileSync(cfg, 'model_name_or_path: x\n');
    expect(() => addRun(planPath, RUN, ws, { config: cfg })).toThrow(/no training hyper-parameters/);
  });

  it('an unknown template placeholder or a folder without checkpoints is refused', () => {
    expect(() => addRun(planPath, RUN, ws, { modelTemplate: '{ckpt}' })).toThrow(/unknown placeholder \{ckpt\}/);
    expect(() => addRun(planPath, ws.root, ws)).toThrow(/no checkpoint-N\/ folders/);
    expect(() => addRun(planPath, join(ws.root, 'nope'), ws)).toThrow(/not found/);
  });

  it('quotes the effective batch and accepts numbers written as strings, as Python YAML leaves them', () => {
    const cfg = join(ws.root, 'train.yaml');
    writeFileSync(cfg, 'learning_rate: "5e-5"\nper_device_train_batch_size: 4\ngradient_accumulation_steps: 4\nseed: 7\nlora_alpha: 16\n');
    const r = addRun(planPath, RUN, ws, { config: cfg });
    expect(r.added[0]?.params).toEqual({ lr: 5e-5, batch_size: 16, seed: 7, lora_alpha: 16 });
  });
});

describe('appendCandidates edits the list wherever and however it is written', () => {
  const head = 'name: x  # exp\nprobes: [core]\nendpoint: {base_url: "http://127.0.0.1:1/v1"}\n';
  const cand = { name: 'c1', model: 'm1', run: 'r', step: 1 };

  it.each([
    ['no candidates key', head, `${head}candidates:\n  - name: c1\n    model: m1\n    run: r\n    step: 1\n`],
    ['an empty flow list with a comment', `${head}candidates: []  # none yet\n# tail\n`, `${head}candidates:   # none yet\n  - name: c1\n    model: m1\n    run: r\n    step: 1\n# tail\n`],
    ['a bare key', `${head}candidates:\nrepeats: 2\n`, `${head}candidates:\n  - name: c1\n    model: m1\n    run: r\n    step: 1\nrepeats: 2\n`],
    ['an indented list without a final newline', `${head}candidates:\n    - {name: a, model: a}`, `${head}candidates:\n    - {name: a, model: a}\n    - name: c1\n      model: m1\n      run: r\n      step: 1\n`],
    ['CRLF line ends', `${head}candidates:\r\n- name: a\r\n  model: a\r\n`.replace(/\n/g, '\r\n').replace(/\r\r/g, '\r'), `${head}candidates:\r\n- name: a\r\n  model: a\r\n- name: c1\r\n  model: m1\r\n  run: r\r\n  step: 1\r\n`.replace(/\n/g, '\r\n').replace(/\r\r/g, '\r')],
  ])('%s', (_label, text, expected) => {
    writeFileSync(planPath, text);
    const r = appendCandidates(planPath, [cand]);
    expect(r.added).toHaveLength(1);
    expect(readFileSync(planPath, 'utf8')).toBe(expected);
  });

  it('skips a candidate whose name is taken, and refuses an invalid name', () => {
    writeFileSync(planPath, `${head}candidates:\n  - {name: c1, model: other}\n`);
    expect(appendCandidates(planPath, [cand]).skipped).toEqual([{ name: 'c1', reason: 'a candidate named "c1" is already in the plan' }]);
    expect(() => appendCandidates(planPath, [{ name: 'bad name', model: 'm' }])).toThrow(/candidate "bad name"/);
  });
});
