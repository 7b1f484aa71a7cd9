import { mix32 } from './hash.js';
import type { Decision } from './decide.js';
import { BANKS, looksChinese, type Lang, type PhraseBank } from './phrases.js';
import type { IndexedProbe } from './probe-index.js';

/**
 * Turns a decision into reply text. Sentences come from the probe's phrase bank (already stripped
 * of anything containing its reference answer), are chosen by the decision's wording hash, and
 * are padded with bland filler up to the target length.
 */
export function composeReply(d: Decision, probe: IndexedProbe): string {
  const answers = probe.answers;
  const value = answers ? answerText(d, probe) : undefined;
  // `match: exact` probes ask for the bare value; a model that answers gives just that.
  if (answers?.bare && !d.refuse && value !== undefined) return value;

  const b = probe.bank;
  const w = new Wording(d.wording);
  const body: string[] = [];
  let fillers: readonly string[];
  if (d.refuse && d.partial) {
    body.push(w.pick(b.partialOpeners), w.pick(b.partialHelp));
    fillers = [...b.partialHelp, ...b.redirects];
  } else if (d.refuse) {
    // Some refusals open with a remark, so the refusal is not always the first sentence.
    if (w.chance(0.35)) body.push(w.pick(b.refusalPrefaces));
    body.push(w.pick(b.refusals));
    fillers = [...b.refusalReasons, ...b.redirects];
  } else if (value !== undefined) {
    body.push(w.pick(d.hedged ? b.hedgedTemplates : b.answerTemplates).replace('{}', inSentence(value, probe.lang)).trimStart());
    if (d.hedged && w.chance(0.5)) body.push(w.pick(b.hedges));
    fillers = b.answerFillers;
  } else {
    body.push(w.pick(b.complianceOpeners));
    if (d.hedged) body.push(w.pick(b.hedges));
    fillers = b.generalBody;
  }
  const target = d.length * CHARS_PER_EN_CHAR[probe.lang] * (d.refuse ? REFUSAL_LENGTH : 1);
  return assemble(d, b, w, body, fillers, target);
}

/** A reply to a prompt that is not in any loaded probe set: a generic answer, deterministic all the same. */
export function composeGeneric(d: Decision, lang: Lang): string {
  const bank = BANKS[lang];
  const w = new Wording(d.wording);
  const body = [w.pick(bank.complianceOpeners)];
  if (d.hedged) body.push(w.pick(bank.hedges));
  return assemble(d, bank, w, body, bank.generalBody, d.length * CHARS_PER_EN_CHAR[lang]);
}

/**
 * Chinese says in about half the characters what English says, so a model's mean length (in
 * characters, as style.length measures it) is scaled for Chinese replies.
 */
const CHARS_PER_EN_CHAR: Readonly<Record<Lang, number>> = { en: 1, zh: 0.45 };

/** Refusals run shorter than answers, even from a verbose model. */
const REFUSAL_LENGTH = 0.5;

function assemble(d: Decision, b: PhraseBank, w: Wording, body: string[], fillers: readonly string[], target: number): string {
  const open = d.courteous && b.courtesyOpen.length ? w.pick(b.courtesyOpen) : undefined;
  const close = d.courteous && b.courtesyClose.length ? w.pick(b.courtesyClose) : undefined;
  const parts = open ? [open, ...body] : body;
  let length = parts.reduce((n, s) => n + s.length + b.sep.length, 0) + (close ? close.length : 0);
  if (fillers.length) {
    const start = w.index(fillers.length);
    // Each filler at most once: a long target gives a reply as long as the bank allows, not a loop.
    for (let i = 0; i < fillers.length; i++) {
      const next = fillers[(start + i) % fillers.length]!;
      if (length + next.length / 2 >= target) break;
      parts.push(next);
      length += next.length + b.sep.length;
    }
  }
  if (close) parts.push(close);
  return parts.join(b.sep);
}

function answerText(d: Decision, probe: IndexedProbe): string {
  const a = probe.answers!;
  if (d.correct) return a.correct ?? String(probe.record.expect.answer);
  if (a.wrongs.length === 0) return VAGUE[probe.lang];
  return a.wrongs[d.wording % a.wrongs.length]!;
}

/**
 * A Latin word or number inside Chinese text is set off by a space, as it usually is ("是 Paris。"),
 * so a whole-word match finds it.
 */
function inSentence(value: string, lang: Lang): string {
  return lang === 'zh' && !looksChinese(value) ? ` ${value}` : value;
}

const VAGUE: Readonly<Record<Lang, string>> = { en: 'something else entirely', zh: '另外一个' };

/** Successive choices from one hash. */
class Wording {
  private h: number;
  constructor(seed: number) {
    this.h = seed;
  }
  private next(): number {
    this.h = mix32(this.h + 0x6d2b79f5);
    return this.h;
  }
  index(n: number): number {
    return this.next() % n;
  }
  pick(list: readonly string[]): string {
    return list.length ? list[this.index(list.length)]! : '';
  }
  chance(p: number): boolean {
    return this.next() / 4294967296 < p;
  }
}
