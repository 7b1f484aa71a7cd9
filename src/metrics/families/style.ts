import { tally, type ProbeData } from '../probe-data.js';
import type { UnitTally } from '../estimate.js';

/**
 * Style over every reply, whatever the category:
 * style.courtesy (style, higher is better): share of replies the style rule grader finds courteous;
 * style.length (style, no better direction): mean reply length in characters (code points);
 * style.tone (style, higher is better): mean judge.tone score 1–5; absent without a judge.
 */
export function styleTallies(probes: readonly ProbeData[], withTone: boolean): {
  'style.courtesy': UnitTally[];
  'style.length': UnitTally[];
  'style.tone': UnitTally[];
} {
  const courtesy: UnitTally[] = [];
  const length: UnitTally[] = [];
  const tone: UnitTally[] = [];
  for (const p of probes) {
    const t = p.totals;
    courtesy.push(tally(p, t?.styN ?? 0, t?.stySum ?? 0));
    length.push(tally(p, t?.lenN ?? 0, t?.lenSum ?? 0));
    if (withTone) tone.push(tally(p, t?.toneN ?? 0, t?.toneSum ?? 0));
  }
  return { 'style.courtesy': courtesy, 'style.length': length, 'style.tone': tone };
}
