// `npm run bench`: builds, then runs each sub-benchmark in turn (each prints its own figures).
import { execFileSync } from 'node:child_process';

const benches = [['runner.mjs']];
execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
for (const [file, ...args] of benches) {
  console.log(`\n== bench/${file} ${args.join(' ')}`);
  execFileSync(process.execPath, [new URL(`./${file}`, import.meta.url).pathname, ...args], { stdio: 'inherit' });
}
