import type { Argv, CommandModule } from 'yargs';
import { ExitCode, InputError } from '../../errors.js';
import { printJson, runCommand, workspaceFrom, type GlobalArgs } from '../context.js';

/** `stoppoint probes …`: list, show, diff, lint, import and tag probe sets; their health and contamination. */

const list: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'list',
  describe: 'list probe sets (workspace and built-in) with version, counts and tags',
  builder: (y) => y.example('$0 probes list', 'sets, versions, counts by category/behavior/lang').example('$0 probes list --json', 'for scripts'),
  handler: (args) =>
    runCommand(async () => {
      const { listProbeSets } = await import('../../probes/catalog.js');
      const sets = listProbeSets(workspaceFrom(args));
      if (args.json) printJson(sets);
      else process.stdout.write((await import('../format/probes.js')).formatList(sets));
      return sets.some((s) => s.ref === null) ? ExitCode.badInput : ExitCode.ok;
    }),
};

type ShowArgs = GlobalArgs & { set: string; id?: string };
const show: CommandModule<GlobalArgs, ShowArgs> = {
  command: 'show <set>',
  describe: 'show the probes of a set (current files, or an older version from the store)',
  builder: (y) =>
    y
      .positional('set', { type: 'string', demandOption: true, describe: 'NAME, NAME@VERSION (8 hex) or NAME@TAG' })
      .option('id', { type: 'string', describe: 'show one probe in full' })
      .example('$0 probes show core', 'one line per probe')
      .example('$0 probes show core@1a2b3c4d --id fact-0042', 'one probe of an older version') as Argv<ShowArgs>,
  handler: (args) =>
    runCommand(async () => {
      const { showProbeSet } = await import('../../probes/catalog.js');
      const shown = showProbeSet(workspaceFrom(args), args.set, args.id);
      const { set } = shown;
      if (args.json) {
        printJson({ ref: set.ref, version: set.version, origin: set.origin, meta: set.meta, records: shown.records });
      } else process.stdout.write((await import('../format/probes.js')).formatShow(shown, args.id !== undefined));
    }),
};

type DiffArgs = GlobalArgs & { a: string; b: string; results?: boolean; experiment?: string[] };
const diff: CommandModule<GlobalArgs, DiffArgs> = {
  command: 'diff <a> <b>',
  describe: 'probes added, removed and changed between two versions (--results: and what that did to the metrics)',
  builder: (y) =>
    y
      .positional('a', { type: 'string', demandOption: true, describe: 'from: NAME@VERSION or NAME@TAG' })
      .positional('b', { type: 'string', demandOption: true, describe: 'to: NAME (current files), NAME@VERSION or NAME@TAG' })
      .option('results', { type: 'boolean', describe: 'per metric: value on A vs B for candidates run on both, split into removed/changed/added/rerun' })
      .option('experiment', { type: 'string', array: true, describe: 'with --results: only these experiments (default: all stored)' })
      .example('$0 probes diff core@v1 core', 'what changed since the tag v1')
      .example('$0 probes diff core@v1 core@v2 --results --experiment my-sweep', 'which edited probes moved which metrics') as Argv<DiffArgs>,
  handler: (args) =>
    runCommand(async () => {
      if (args.results) {
        const { workspaceResultsDiff } = await import('../../health/index.js');
        const d = workspaceResultsDiff(workspaceFrom(args), args.a, args.b, args.experiment ?? []);
        if (args.json) printJson(d);
        else process.stdout.write((await import('../format/health.js')).formatResultsDiff(d));
        return;
      }
      if (args.experiment) throw new InputError('--experiment needs --results');
      const { diffProbeSetSpecs } = await import('../../probes/catalog.js');
      const d = diffProbeSetSpecs(workspaceFrom(args), args.a, args.b);
      if (args.json) printJson(d);
      else process.stdout.write((await import('../format/probes.js')).formatDiff(d));
    }),
};

type LintArgs = GlobalArgs & { set?: string };
const lint: CommandModule<GlobalArgs, LintArgs> = {
  command: 'lint [set]',
  describe: 'check probe sets: schema, duplicates, groups, balance, answers, regexes, lang (exit 2 on errors)',
  builder: (y) =>
    y
      .positional('set', { type: 'string', describe: 'one set (default: every visible set)' })
      .example('$0 probes lint', 'every set; errors exit 2, warnings print')
      .example('$0 probes lint core --json', 'findings for CI') as Argv<LintArgs>,
  handler: (args) =>
    runCommand(async () => {
      const { lintProbeSets } = await import('../../probes/catalog.js');
      const reports = lintProbeSets(workspaceFrom(args), args.set);
      if (args.json) printJson(reports);
      else process.stdout.write((await import('../format/probes.js')).formatLint(reports));
      return reports.some((r) => r.errors.length > 0) ? ExitCode.badInput : ExitCode.ok;
    }),
};

type ImportArgs = GlobalArgs & {
  file: string;
  set: string;
  format: 'jsonl' | 'csv' | 'xstest' | 'truthfulqa';
  map?: string[];
  category?: string;
  behavior?: string;
  lang?: string;
  description?: string;
  force?: boolean;
};
const importCmd: CommandModule<GlobalArgs, ImportArgs> = {
  command: 'import <file>',
  describe: 'make a probe set from a CSV/JSONL file, XSTest or TruthfulQA',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true })
      .option('set', { type: 'string', demandOption: true, describe: 'name of the new set (probes/NAME/)' })
      .option('format', { choices: ['jsonl', 'csv', 'xstest', 'truthfulqa'] as const, demandOption: true })
      .option('map', { type: 'string', array: true, describe: 'FIELD=COLUMN for csv/jsonl (prompt is required)' })
      .option('category', { type: 'string', describe: 'category of every row (instead of --map category=…)' })
      .option('behavior', { type: 'string', describe: 'expected behavior of every row: answer | refuse' })
      .option('lang', { type: 'string', describe: 'lang of every row, e.g. en' })
      .option('description', { type: 'string', describe: 'description written to probe-set.yaml' })
      .option('force', { type: 'boolean', describe: 'replace an existing set of that name' })
      .example('$0 probes import xstest_prompts.csv --set xstest --format xstest', 'over-refusal + refusal probes')
      .example('$0 probes import TruthfulQA.csv --set truthfulqa --format truthfulqa', 'factuality probes')
      .example(
        '$0 probes import hb.csv --set hb --format csv --map prompt=Behavior --map id=BehaviorID --category refusal --behavior refuse --lang en',
        'any CSV with an explicit field map',
      ) as unknown as Argv<ImportArgs>,
  handler: (args) =>
    runCommand(async () => {
      const { importProbeSet } = await import('../../probes/import/index.js');
      const result = importProbeSet(workspaceFrom(args), {
        file: args.file,
        set: args.set,
        format: args.format,
        map: args.map ?? [],
        defaults: { category: args.category, behavior: args.behavior, lang: args.lang },
        description: args.description,
        force: args.force ?? false,
      });
      if (args.json) printJson({ ref: result.set.ref, version: result.set.version, dir: result.dir, count: result.set.records.length, warnings: result.warnings });
      else process.stdout.write((await import('../format/probes.js')).formatImport(result));
    }),
};

type TagArgs = GlobalArgs & { set: string; tag: string; force?: boolean };
const tag: CommandModule<GlobalArgs, TagArgs> = {
  command: 'tag <set> <tag>',
  describe: 'name a version (stores its snapshot so it stays readable after the files change)',
  builder: (y) =>
    y
      .positional('set', { type: 'string', demandOption: true, describe: 'NAME (current files) or NAME@VERSION' })
      .positional('tag', { type: 'string', demandOption: true, describe: 'e.g. v1, baseline' })
      .option('force', { type: 'boolean', describe: 'move an existing tag to this version' })
      .example('$0 probes tag core v1', 'core@v1 now names the current version') as Argv<TagArgs>,
  handler: (args) =>
    runCommand(async () => {
      const { tagProbeSet } = await import('../../probes/catalog.js');
      const result = tagProbeSet(workspaceFrom(args), args.set, args.tag, { force: args.force ?? false });
      if (args.json) printJson(result);
      else process.stdout.write((await import('../format/probes.js')).formatTag(result));
    }),
};

type HealthArgs = GlobalArgs & { set: string; experiment?: string[]; last: number };
const health: CommandModule<GlobalArgs, HealthArgs> = {
  command: 'health <set>',
  describe: 'flaky, saturated, (least) discriminating probes, inconsistent groups, grader disagreement, coverage',
  builder: (y) =>
    y
      .positional('set', { type: 'string', demandOption: true, describe: 'NAME (current files), NAME@VERSION or NAME@TAG' })
      .option('experiment', { type: 'string', array: true, describe: 'only results of these experiments (default: all stored)' })
      .option('last', { type: 'number', default: 5, describe: 'saturated = passed (or failed) by every reply of a probe\'s last K evaluations' })
      .example('$0 probes health core', 'findings from every stored result on any version of core')
      .example('$0 probes health core --experiment my-sweep --last 3 --json', 'one experiment, for scripts') as Argv<HealthArgs>,
  handler: (args) =>
    runCommand(async () => {
      const { workspaceProbeHealth } = await import('../../health/index.js');
      const report = workspaceProbeHealth(workspaceFrom(args), args.set, { experiments: args.experiment ?? [], last: args.last });
      if (args.json) printJson(report);
      else process.stdout.write((await import('../format/health.js')).formatHealth(report));
    }),
};

type ContaminationArgs = GlobalArgs & { set: string; files: string[]; n: number; threshold: number; minTokens: number; failOnFind?: boolean };
const contamination: CommandModule<GlobalArgs, ContaminationArgs> = {
  command: 'contamination <set> <files..>',
  describe: 'probes whose prompt or reference answer overlaps training data (JSONL chat/alpaca/sharegpt, or plain text)',
  builder: (y) =>
    y
      .positional('set', { type: 'string', demandOption: true, describe: 'NAME, NAME@VERSION or NAME@TAG' })
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'training files (.jsonl/.json lines are parsed; anything else is text)' })
      .option('n', { type: 'number', default: 8, describe: 'n-gram length in tokens (a CJK character is one token)' })
      .option('threshold', { type: 'number', default: 0.5, describe: 'report a field when this share of its n-grams occurs in the data' })
      .option('min-tokens', { type: 'number', default: 5, describe: 'fields shorter than this are not judged (a one-word answer is everywhere)' })
      .option('fail-on-find', { type: 'boolean', describe: 'exit 1 when anything is found (for CI); otherwise findings exit 0' })
      .example('$0 probes contamination core data/train.jsonl', 'every probe against one training file')
      .example('$0 probes contamination core a.jsonl b.txt --n 10 --fail-on-find', 'a CI step that fails on a leak') as unknown as Argv<ContaminationArgs>,
  handler: (args) =>
    runCommand(async () => {
      const { contaminationCheck } = await import('../../health/index.js');
      const report = await contaminationCheck(workspaceFrom(args), args.set, args.files, {
        n: args.n, threshold: args.threshold, minTokens: args.minTokens,
      });
      if (args.json) printJson(report);
      else process.stdout.write((await import('../format/health.js')).formatContamination(report));
      return args.failOnFind && report.findings.length > 0 ? ExitCode.fault : ExitCode.ok;
    }),
};

export const probesCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'probes',
  describe: 'manage probe sets: list | show | diff | lint | import | tag | health | contamination',
  builder: (y) =>
    y
      .command(list)
      .command(show)
      .command(diff)
      .command(lint)
      .command(importCmd)
      .command(tag)
      .command(health)
      .command(contamination)
      .demandCommand(1, 'Name a probes subcommand: list, show, diff, lint, import, tag, health, contamination.'),
  handler: () => undefined,
};
