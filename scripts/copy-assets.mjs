// Copies the non-TypeScript files the code reads at run time (SQL migrations, Handlebars
// templates) from src/ to dist/ at the same relative paths: tsc only emits .js.
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const ASSET = /\.(sql|hbs)$/;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : ASSET.test(name) ? [p] : [];
  });
}

let n = 0;
for (const file of walk(src)) {
  const dest = join(dist, relative(src, file));
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(file, dest);
  n++;
}
console.log(`copy-assets: ${n} file(s) copied to dist/`);
