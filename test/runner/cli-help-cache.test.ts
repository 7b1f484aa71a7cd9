import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpCacheFor, isHelpRequest, stampOf } from '../../src/cli/help-cache.js';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/** A fake built CLI folder and yargs package.json, for the cache alone. */
function fakeInstall(): { cliDir: string; yargsPackage: string } {
  const root = tempDir('stoppoint-help-cache-');
  const cliDir = join(root, 'cli');
  mkdirSync(join(cliDir, 'commands'), { recursive: true });
  writeFileSync(join(cliDir, 'main.js'), '// main');
  writeFileSync(join(cliDir, 'commands', 'verdict.js'), '// verdict v1');
  const yargsPackage = join(root, 'yargs-package.json');
  writeFileSync(yargsPackage, '{"version":"18.2.0"}');
  return { cliDir, yargsPackage };
}

const env = { LANG: 'C.UTF-8' };

describe('help cache', () => {
  it('takes only plain help requests: command words, then --help or -h', () => {
    for (const yes of [['--help'], ['-h'], ['verdict', '--help'], ['plan', 'add-run', '-h']]) expect(isHelpRequest(yes), yes.join(' ')).toBe(true);
    for (const no of [[], ['verdict'], ['--help', '--json'], ['--json', '--help'], ['verdict', 'x', 'y', 'z', '--help'], ['--version'], ['Verdict', '--help'], ['a/b', '--help']]) {
      expect(isHelpRequest(no), no.join(' ')).toBe(false);
    }
  });

  it('serves what was written for the same arguments and locale, until a built CLI file or yargs changes', () => {
    const where = fakeInstall();
    expect(helpCacheFor(['verdict'], where, env)).toBeUndefined();
    const cache = helpCacheFor(['verdict', '--help'], where, env)!;
    expect(cache.read()).toBeUndefined();
    cache.write('verdict help\n');
    expect(helpCacheFor(['verdict', '--help'], where, env)!.read()).toBe('verdict help\n');
    expect(helpCacheFor(['verdict', '-h'], where, env)!.read()).toBeUndefined();
    expect(helpCacheFor(['verdict', '--help'], where, { LANG: 'de_DE.UTF-8' })!.read()).toBeUndefined();

    // A rebuild rewrites the files: same size, new time.
    const file = join(where.cliDir, 'commands', 'verdict.js');
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    expect(helpCacheFor(['verdict', '--help'], where, env)!.read()).toBeUndefined();
    helpCacheFor(['verdict', '--help'], where, env)!.write('new help\n');
    expect(helpCacheFor(['verdict', '--help'], where, env)!.read()).toBe('new help\n');
    writeFileSync(where.yargsPackage, '{"version":"18.3.0"}');
    expect(helpCacheFor(['verdict', '--help'], where, env)!.read()).toBeUndefined();
  });

  it('a read-only install or a torn cache file only means no cache', () => {
    const where = fakeInstall();
    writeFileSync(join(where.cliDir, '.help-cache.json'), '{"stamp": "x", "entr');
    expect(helpCacheFor(['--help'], where, env)!.read()).toBeUndefined();
    chmodSync(where.cliDir, 0o555);
    try {
      expect(() => helpCacheFor(['--help'], where, env)!.write('help\n')).not.toThrow();
      if (process.getuid?.() !== 0) expect(helpCacheFor(['--help'], where, env)!.read()).toBeUndefined();
    } finally {
      chmodSync(where.cliDir, 0o755);
    }
  });

  it('the stamp covers every built .js file, nested folders included', () => {
    const where = fakeInstall();
    const before = stampOf(where.cliDir, where.yargsPackage);
    writeFileSync(join(where.cliDir, 'commands', 'verdict.js'), '// verdict v2, longer');
    expect(stampOf(where.cliDir, where.yargsPackage)).not.toBe(before);
  });
});

describe('`stoppoint … --help` through the cache', () => {
  const cacheFile = resolve(repoRoot, 'dist', 'cli', '.help-cache.json');
  const run = (args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { cwd: tempDir(), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('prints yargs\' text byte for byte, and the second time from the cache', () => {
    // `init -h`: a key no other test uses, so marking its entry below cannot disturb them.
    const first = run(['init', '-h']);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^stoppoint init[\s\S]*Options:[\s\S]*--help/);
    const second = run(['init', '-h']);
    expect(second.stdout).toBe(first.stdout);
    expect(second.status).toBe(0);

    // Proof the second came from the cache: a marked entry is what gets printed.
    expect(existsSync(cacheFile)).toBe(true);
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { stamp: string; entries: Record<string, string> };
    const key = Object.keys(cache.entries).find((k) => k.startsWith('[["init","-h"]'))!;
    expect(cache.entries[key]).toBe(first.stdout);
    cache.entries[key] = 'MARKED\n';
    writeFileSync(cacheFile, JSON.stringify(cache));
    expect(run(['init', '-h']).stdout).toBe('MARKED\n');
    delete cache.entries[key];
    writeFileSync(cacheFile, JSON.stringify(cache));
    expect(run(['init', '-h']).stdout).toBe(first.stdout);
  });

  it('anything but a plain help request goes through yargs as before', () => {
    const r = run(['verdict']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Not enough non-option arguments/);
    const v = run(['--version']);
    expect(v.stdout.trim()).toBe((JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
