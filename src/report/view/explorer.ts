import type { CandidateSummary } from '../../metrics/types.js';
import type { ExplorerData } from '../types.js';

export interface OptionView {
  value: string;
  label: string;
  selected: boolean;
}

export interface ExplorerView {
  candidatesA: OptionView[];
  candidatesB: OptionView[];
  categories: string[];
  tags: string[];
  langs: string[];
  graders: string[];
  omittedGraders: { name: string; reason: string }[];
  probeCount: number;
  samples: number;
  truncationNote: string | null;
}

/**
 * The explorer's controls. The default pair is the baseline against the freeze candidate (or the
 * latest candidate): the comparison the stop decision is about.
 */
export function explorerView(data: ExplorerData, candidates: CandidateSummary[], freeze: string | null): ExplorerView {
  const names = data.candidates;
  const a = candidates.find((c) => c.baseline)?.name ?? names[0] ?? '';
  const b = freeze !== null && freeze !== a && names.includes(freeze)
    ? freeze
    : [...names].reverse().find((n) => n !== a) ?? a;
  const options = (sel: string): OptionView[] => names.map((n) => ({ value: n, label: n, selected: n === sel }));
  const uniq = (xs: (string | null)[]): string[] =>
    [...new Set(xs.filter((x): x is string => x !== null && x !== ''))].sort();
  const t = data.truncation;
  const cutCount = Object.keys(t.cut).length;
  let truncationNote: string | null = null;
  if (cutCount > 0) {
    truncationNote = `${cutCount} of ${data.texts.length} distinct replies are longer than ${t.limit} characters and are shown cut; ` +
      (t.fullKept
        ? 'their full text is behind "full reply".'
        : 'their full text is left out to keep this file small: `stoppoint export` has every reply in full.');
    if (t.overBudget) truncationNote += ' Even so, the replies exceed the report size goal.';
  }
  return {
    candidatesA: options(a),
    candidatesB: options(b),
    categories: uniq(data.probes.map((p) => p.category)),
    tags: uniq(data.probes.flatMap((p) => p.tags)),
    langs: uniq(data.probes.map((p) => p.lang)),
    graders: data.graders,
    omittedGraders: data.omittedGraders,
    probeCount: data.probes.length,
    samples: data.samples,
    truncationNote,
  };
}
