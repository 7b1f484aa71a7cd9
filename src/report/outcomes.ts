import type { GradeTable } from './grade-table.js';
import { OutcomeCodes } from './outcome-codes.js';
import { SlotState, type ReplyGrid } from './reply-grid.js';

export interface Outcomes {
  codes: OutcomeCodes;
  /** Per candidate, P × G × k code characters: probe-major, then grader, then sample. */
  strings: string[];
}

/**
 * Codes every (candidate, probe, grader, sample) of the grid: the grade's code where there is one,
 * else whether the request failed, the reply waits for grading, or the probe was not run.
 */
export function codeOutcomes(grid: ReplyGrid, grades: GradeTable): Outcomes {
  const codes = new OutcomeCodes(grades.kinds);
  const kindCode = new Uint16Array(grades.kinds.length + 1);
  grades.kinds.forEach((k, i) => {
    if (codes.graderIndex(k.grader) !== undefined) kindCode[i + 1] = codes.codeFor(k.grader, k.status, k.label, k.score).charCodeAt(0);
  });
  // A slot without a grade: by what it holds.
  const special = new Uint16Array(3);
  special[SlotState.NotRun] = codes.special('not-run').charCodeAt(0);
  special[SlotState.Reply] = codes.special('ungraded').charCodeAt(0);
  special[SlotState.Failed] = codes.special('no-reply').charCodeAt(0);
  const columns = codes.graders.map((g) => grades.byGrader.get(g));
  const G = columns.length;
  const k = grid.samples;
  const perCandidate = grid.probes * G * k;
  const strings: string[] = [];
  const chars = new Uint16Array(perCandidate);
  for (let c = 0; c < grid.candidates; c++) {
    let o = 0;
    for (let p = 0; p < grid.probes; p++) {
      const base = grid.slot(c, p, 0);
      for (let g = 0; g < G; g++) {
        const col = columns[g];
        for (let s = 0; s < k; s++) {
          const slot = base + s;
          const kind = col ? col[slot]! : 0;
          chars[o++] = kind !== 0 ? kindCode[kind]! : special[grid.state[slot]!]!;
        }
      }
    }
    strings.push(fromCharCodes(chars));
  }
  return { codes, strings };
}

/** A string from UTF-16 code units, in slices small enough for `String.fromCharCode.apply`. */
function fromCharCodes(units: Uint16Array): string {
  const parts: string[] = [];
  for (let i = 0; i < units.length; i += 8192) parts.push(String.fromCharCode(...units.subarray(i, i + 8192)));
  return parts.join('');
}
