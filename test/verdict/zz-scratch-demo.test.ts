import { it } from 'vitest';
import { openWorkspace } from '../../src/workspace.js';
import { openDb } from '../../src/store/db.js';
import { loadSignalInput, verdictOf } from '../../src/verdict/compute.js';
import { renderVerdict } from '../../src/verdict/text.js';
import { SIGNALS } from '../../src/signals/index.js';
import { writeFileSync } from 'node:fs';
it('demo verdict', async () => {
  const ws = openWorkspace('/tmp/sp-demo');
  const db = openDb(ws.storePath);
  let t = Date.now();
  const warnings: unknown[] = [];
  const input = loadSignalInput(db, ws, 'demo', { onWarning: (w) => warnings.push(w) });
  console.log('load', Date.now() - t, 'ms');
  for (const s of SIGNALS) { t = Date.now(); s({ ...input }); console.log(s.name, Date.now() - t, 'ms'); }
  t = Date.now();
  const v = verdictOf(input);
  console.log('verdict', Date.now() - t, 'ms');
  console.log(renderVerdict(v));
  writeFileSync('/tmp/sp-demo/verdict.json', JSON.stringify(v, null, 2));
  db.close();
}, 600000);
