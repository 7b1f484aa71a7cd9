import { writeFileSync } from 'node:fs';
import { test } from 'vitest';
import { renderReport } from '../../src/report/render.js';
import { reportFixture } from './helpers.js';
test('smoke', () => {
  const f = reportFixture({ candidates: 20, probes: 40 });
  const html = renderReport(f.data);
  writeFileSync('/tmp/smoke.html', html);
  console.log(html.length);
});
