#!/usr/bin/env node
import nodeModule from 'node:module';
import { cliLocations, helpCacheFor, isHelpRequest } from './help-cache.js';

// Node 22.1+ can keep compiled code of the modules it loads between runs; Node 20 has no such
// cache (the call is absent there, hence the check).
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const args = process.argv.slice(2);
// Only a plain `… --help` can be answered from the cache; everything else goes straight to yargs.
const cache = isHelpRequest(args) ? helpCacheFor(args, cliLocations(), process.env) : undefined;
const cached = cache?.read();
if (cached !== undefined) process.stdout.write(cached);
else await (await import('./program.js')).runCli(args, cache);
