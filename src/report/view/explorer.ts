import type { CandidateSummary } from '../../metrics/types.js';
import { defaultPair } from '../pairs.js';
import type { ExplorerData } from '../types.js';

export interface OptionView {
  value: string;
  label: string;
  selected: boolean;
}

export interface EmbeddedPairView {
  pair: string;
  why: string;
  texts: string;
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
  /** Which reply texts the page carries; the pairs served when not all. */
  allTexts: boolean;
  embeddingNote: string;
  embeddedPairs: EmbeddedPairView[];
  exportCommand: string;
}

/**
 * The explorer's controls. The default pair is the baseline against the freeze candidate (or the
 * latest candidate): the comparison the stop decision is about.
 */
export function explorerView(data: ExplorerData, candidates: CandidateSummary[], freeze: string | null, experiment: string): ExplorerView {
  const names = data.candidates;
  const { a, b } = defaultPair(names, candidates, freeze);
  const options = (sel: string): OptionView[] => names.map((n) => ({ value: n, label: n, selected: n === sel }));
  const uniq = (xs: (string | null)[]): string[] =>
    [...new Set(xs.filter((x): x is string => x !== null && x !== ''))].sort();
  const e = data.embedding;
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
    truncationNote: truncationNote(data),
    allTexts: e.all,
    embeddingNote: e.all
      ? `Every reply's text is in this page (${int(e.total)} replies).`
      : `Outcomes are here for every reply, but ${int(e.total)} reply texts cannot all fit in one page: ` +
        `the texts of ${int(e.embedded)} replies are embedded, those of the probes whose outcome changed between ` +
        'the pairs the verdict names (largest change first, the pairs taking turns). Every other reply shows ' +
        '"text not embedded" and its sample numbers.',
    embeddedPairs: e.pairs.map((p) => ({
      pair: `${p.a} → ${p.b}`,
      why: p.why,
      texts: `texts for ${int(p.withText)} of ${int(p.changed)} changed probes`,
    })),
    exportCommand: `stoppoint export ${experiment}`,
  };
}

/** Thousands separated, as the rest of the page writes counts. */
const int = (n: number): string => n.toLocaleString('en-US');

function truncationNote(data: ExplorerData): string | null {
  const t = data.truncation;
  const cutCount = Object.keys(t.cut).length;
  if (cutCount === 0) return null;
  let note = `${int(cutCount)} of ${int(data.texts.length)} distinct replies in this page are longer than ${t.limit} characters and are shown cut; ` +
    (t.fullKept
      ? 'their full text is behind "full reply".'
      : 'their full text is left out to keep this file small: `stoppoint export` has every reply in full.');
  if (t.overBudget) note += ' Even so, the replies exceed the report size goal.';
  return note;
}
