import { z } from 'zod';
import type { Workspace } from '../workspace.js';
import { scored, type Grade } from './grade.js';
import { compilePatterns, findGraderFile, graderVersion, parsePack } from './definitions.js';
import { charCount, normalizeForRules } from './normalize.js';

export const STYLE_CODE_VERSION = 'style/1';

export const StylePack = z.strictObject({
  courtesy: z.array(z.string().min(1)).min(1),
  hedging: z.array(z.string().min(1)).default([]),
});

export interface StyleRules {
  version: string;
  path: string;
  courtesy: RegExp[];
  hedging: RegExp[];
}

export function loadStyleRules(ws: Workspace): StyleRules {
  const file = findGraderFile(ws, 'style.yaml');
  const { value, parsed } = parsePack(file, StylePack);
  return {
    version: graderVersion(STYLE_CODE_VERSION, file.text),
    path: file.path,
    courtesy: compilePatterns(file, parsed, ['courtesy'], value.courtesy),
    hedging: compilePatterns(file, parsed, ['hedging'], value.hedging),
  };
}

export interface StyleReading {
  courteous: boolean;
  courtesyCues: number;
  hedges: number;
  chars: number;
}

export function readStyle(reply: string, rules: StyleRules): StyleReading {
  const text = normalizeForRules(reply);
  const count = (res: RegExp[]) => res.reduce((n, r) => n + (r.test(text) ? 1 : 0), 0);
  const courtesyCues = count(rules.courtesy);
  return { courteous: courtesyCues > 0, courtesyCues, hedges: count(rules.hedging), chars: charCount(reply) };
}

/** score = 1 when courteous; the detail keeps length and hedging for export and later metrics. */
export function gradeStyle(reply: string, rules: StyleRules): Grade {
  const s = readStyle(reply, rules);
  return scored(s.courteous ? 'courteous' : 'plain', s.courteous ? 1 : 0,
    JSON.stringify({ chars: s.chars, courtesy: s.courtesyCues, hedges: s.hedges }));
}
