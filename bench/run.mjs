// `npm run bench`: builds, then runs each sub-benchmark in turn (each prints its own figures).
import { execFileSync } from 'node:child_process';

// The contamination check runs at 64 MB here to keep `npm run bench` short; its 1 GB figure comes
// from `node bench/contamination.mjs 64 1024` (see BENCHMARKS.md).
// store-scale runs at 0.05 (50,000 replies) here; the million-reply figures come from
// `node bench/store-scale.mjs 1` (see BENCHMARKS.md, "Store and analysis at scale").
const benches = [
  ['runner.mjs'], ['runner-floor.mjs'], ['contamination.mjs', '64'], ['report.mjs'], ['store-scale.mjs', '0.05'], ['store-triggers.mjs'],
  ['cli-start.mjs', '10'],
];
execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
for (const [file, ...args] of benches) {
  console.log(`\n== bench/${file} ${args.join(' ')}`);
  execFileSync(process.execPath, [new URL(`./${file}`, import.meta.url).pathname, ...args], { stdio: 'inherit' });
}
