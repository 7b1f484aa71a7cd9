import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `--help` text as yargs rendered it last time, so `stoppoint … --help` can print it without
 * loading yargs (its import and layout were ~2/3 of the CLI's start-up: BENCHMARKS.md, "CLI start
 * time"). The text is yargs' own output, byte for byte; it is only served when nothing it depends
 * on has changed: the exact arguments, the locale variables yargs reads, the built CLI files
 * (help texts live in dist/cli/**) and yargs' own package. Anything else goes through yargs.
 *
 * The cache sits beside the built CLI: only whoever installed the package can write it, so no
 * other user can plant text in it (a shared temp folder would allow that). Where it cannot be
 * written (a read-only install), help is simply rendered by yargs each time, as without a cache.
 */
export interface HelpCache {
  /** The cached text for these arguments, if current. */
  read(): string | undefined;
  /** Remembers yargs' rendering for these arguments (best effort: see above). */
  write(text: string): void;
}

interface CacheFile {
  stamp: string;
  entries: Record<string, string>;
}

/** A help request: command words, then --help or -h, nothing else (options could change the text). */
const COMMAND_WORD = /^[a-z][a-z0-9-]*$/;
const MAX_WORDS = 3;
/** Bounds the file: `stoppoint <anything> --help` keys are user input. */
const MAX_ENTRIES = 64;
const LOCALE_VARS = ['LC_ALL', 'LC_MESSAGES', 'LANG', 'LANGUAGE'] as const;

export function isHelpRequest(args: readonly string[]): boolean {
  const last = args[args.length - 1];
  if (last !== '--help' && last !== '-h') return false;
  const words = args.slice(0, -1);
  return words.length <= MAX_WORDS && words.every((w) => COMMAND_WORD.test(w));
}

/** Where the stamp comes from: the built CLI folder (help texts live in its files) and yargs' package.json. */
export interface CliLocations {
  cliDir: string;
  yargsPackage: string;
}

/** The cache for one invocation, or undefined when `args` is not a plain help request. */
export function helpCacheFor(args: readonly string[], { cliDir, yargsPackage }: CliLocations, env: NodeJS.ProcessEnv): HelpCache | undefined {
  if (!isHelpRequest(args)) return undefined;
  const file = join(cliDir, '.help-cache.json');
  const key = JSON.stringify([args, LOCALE_VARS.map((v) => env[v] ?? '')]);
  let stamp: string | undefined;
  const currentStamp = (): string => (stamp ??= stampOf(cliDir, yargsPackage));
  const load = (): CacheFile | undefined => {
    try {
      const cached = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
      return cached.stamp === currentStamp() && typeof cached.entries === 'object' ? cached : undefined;
    } catch {
      return undefined; // no cache yet, or a torn/foreign file: render with yargs
    }
  };
  return {
    read: () => {
      const text = load()?.entries[key];
      return typeof text === 'string' ? text : undefined;
    },
    write: (text) => {
      const entries = { ...(load()?.entries ?? {}) };
      if (Object.keys(entries).length >= MAX_ENTRIES) for (const k of Object.keys(entries)) delete entries[k];
      entries[key] = text;
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        // Written aside and renamed: a concurrent reader sees the old file or the new one, never half.
        writeFileSync(tmp, JSON.stringify({ stamp: currentStamp(), entries } satisfies CacheFile));
        renameSync(tmp, file);
      } catch {
        // A read-only install: nothing is lost, help keeps being rendered by yargs.
      }
    },
  };
}

/** Size and modification time of every built CLI file and of yargs' package.json. */
export function stampOf(cliDir: string, yargsPackage: string): string {
  const parts: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.help-cache')) continue;
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (name.endsWith('.js')) parts.push(`${path}:${st.size}:${st.mtimeMs}`);
    }
  };
  walk(cliDir);
  const y = statSync(yargsPackage);
  parts.push(`${yargsPackage}:${y.size}:${y.mtimeMs}`);
  return parts.join('\n');
}

/** The built CLI folder and yargs' package.json, as this module finds them at run time. */
export function cliLocations(): CliLocations {
  return {
    cliDir: fileURLToPath(new URL('.', import.meta.url)),
    yargsPackage: fileURLToPath(import.meta.resolve('yargs/package.json')),
  };
}
