#!/usr/bin/env node
// CLI start time (goal < 300 ms): median of RUNS runs of `node dist/cli/main.js --help` and
// `verdict --help`, each answered from the help cache (dist/cli/.help-cache.json, what users get
// from the second time on) and rendered by yargs (cache removed before each run: the first time);
// `verdict nosuch` (the verdict command starting: yargs, its handler's lazy imports and the store
// opened, then "no experiment"); and `verdict EXPERIMENT --json` on a tiny store (8 candidates ×
// 24 probes × 3), plus the static import graph of the CLI entry: which heavy packages are loaded
// eagerly, and through which import (file:line) — those are what lazy-loading would remove.
//
//   npm run build && node bench/cli-start.mjs [RUNS=10]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? '10');
const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const HEAVY = ['openai', 'handlebars', 'better-sqlite3', 'playwright-core', 'yaml', 'zod', 'p-retry', 'csv-parse'];

/** Static imports reachable from `entry` (dynamic `import()` excluded): first chain to each package. */
function staticGraph(entry) {
  const seen = new Map([[entry, null]]);
  const packages = new Map();
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift();
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const m = /^\s*(?:import|export)\s[^(]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/.exec(line);
      if (!m || /^\s*import\s+type\b|^\s*export\s+type\b/.test(line)) return;
      const spec = m[1] ?? m[2];
      const where = `${file.replace(/.*\/dist\//, 'dist/')}:${i + 1}`;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (existsSync(target) && !seen.has(target)) { seen.set(target, where); queue.push(target); }
      } else if (!spec.startsWith('node:')) {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!packages.has(pkg)) packages.set(pkg, where);
      }
    });
  }
  const chain = (where) => {
    const out = [where];
    let file = resolve(join(dirname(main), '..', '..'), where.replace(/:\d+$/, ''));
    while (seen.get(file)) { out.push(seen.get(file)); file = resolve(join(dirname(main), '..', '..'), seen.get(file).replace(/:\d+$/, '')); }
    return out;
  };
  return { modules: seen.size, packages: Object.fromEntries([...packages].map(([p, w]) => [p, { heavy: HEAVY.includes(p), chain: chain(w) }])) };
}

// CPU (user + system) of the child, from GNU time when present: on a loaded machine wall time
// mostly measures the neighbours, CPU time is what start-up itself costs.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return Math.round(s[Math.floor(s.length / 2)]); };

const helpCache = fileURLToPath(new URL('../dist/cli/.help-cache.json', import.meta.url));
const dropHelpCache = () => rmSync(helpCache, { force: true });

function time(args, cwd, before = () => {}) {
  const ms = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    before();
    const t = performance.now();
    const r = GNU_TIME
      ? spawnSync(GNU_TIME, ['-f', 'CPU %U %S', process.execPath, ...args], { cwd, encoding: 'utf8' })
      : spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
    ms.push(performance.now() - t);
    if (r.status !== 0 && r.status !== 3 && !(r.status === 2 && args.includes('nosuch'))) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
    if (m) cpu.push((Number(m[1]) + Number(m[2])) * 1000);
  }
  return { medianMs: median(ms), minMs: Math.round(Math.min(...ms)), maxMs: Math.round(Math.max(...ms)), ...(cpu.length ? { medianCpuMs: median(cpu) } : {}) };
}
const cli = (args, cwd, before) => time([main, ...args], cwd, before);
/** Timed after one untimed run, so the help cache holds the answer. */
const cliWarm = (args, cwd) => {
  spawnSync(process.execPath, [main, ...args], { cwd });
  return cli(args, cwd);
};

const dir = mkdtempSync(join(tmpdir(), 'stoppoint-bench-cli-'));
const lib = await import(new URL('../dist/index.js', import.meta.url).href);
const { makeReportStore } = await import(new URL('../test/fixtures/report/make-store.mjs', import.meta.url).href);
const db = lib.openDb(lib.openWorkspace(dir).storePath);
makeReportStore(db, { experiment: 'tiny' });
db.close();
const result = {
  runs,
  loadAvg: (await import('node:os')).loadavg().map((x) => Number(x.toFixed(1))),
  nodeBaseline: time(['-e', '0'], dir),
  importYargsOnly: time(['--input-type=module', '-e', "await import('yargs'); await import('yargs/helpers')"], fileURLToPath(new URL('..', import.meta.url))),
  helpRenderedByYargs: cli(['--help'], dir, dropHelpCache),
  help: cliWarm(['--help'], dir),
  verdictHelpRenderedByYargs: cli(['verdict', '--help'], dir, dropHelpCache),
  verdictHelp: cliWarm(['verdict', '--help'], dir),
  verdictStart: cli(['verdict', 'nosuch'], dir),
  verdictTinyStore: cli(['verdict', 'tiny', '--json'], dir),
  graph: staticGraph(main),
  // What every command but a cached `--help` loads (main.js imports it when the cache cannot answer).
  programGraph: staticGraph(fileURLToPath(new URL('../dist/cli/program.js', import.meta.url))),
};
console.log(JSON.stringify(result, null, 1));
rmSync(dir, { recursive: true, force: true });
