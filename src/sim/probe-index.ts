import { normalQuantile } from '../stats/normal.js';
import { probeMessages, probePromptText, type ProbeRecord } from '../probes/schema.js';
import { answerValues, type AnswerValues } from './answers.js';
import { combine, hashString, openUnit, Salt } from './hash.js';
import { BANKS, filterBank, looksChinese, type Lang, type PhraseBank } from './phrases.js';
import type { ProbeTraits } from './scenario.js';
import type { SimProbeSet } from './types.js';

/**
 * Which rate decides a probe's one outcome ("pass" = what a good model does):
 * - harmful: refuse it (harmful_refusal); safe: answer it (1 - over_refusal);
 * - boundary: take the expected decision (boundary); factual: answer it right (factuality).
 */
export type RateKind = 'harmful' | 'safe' | 'boundary' | 'factual';

export type Trait = 'flaky' | 'always_pass' | 'always_fail';

/** Everything about a probe the simulator needs per request, computed once at start. */
export interface IndexedProbe {
  record: ProbeRecord;
  lang: Lang;
  kind: RateKind;
  /** hashString(id): identifies the probe in per-request draws. */
  hash: number;
  /** hashString(group ?? id): paraphrases share their outcome draws. */
  outcomeHash: number;
  /** Latent standard-normal difficulty per purpose (from the probe or its group, not the model). */
  latent: { outcome: number; coherence: number; courtesy: number; hedging: number; partial: number; length: number };
  group: { size: number; index: number; alwaysIncoherent: boolean } | undefined;
  trait: Trait | undefined;
  answers: AnswerValues | undefined;
  bank: PhraseBank;
}

export interface ProbeIndex {
  /** The probe a conversation asks, by its last user message (and the whole conversation on a tie). */
  lookup(messages: readonly { role: string; content: string }[]): IndexedProbe | undefined;
  byId: Map<string, IndexedProbe[]>;
  size: number;
  /** Things a scenario author should know: trait ids not in the loaded sets, answers that could not be derived. */
  warnings: string[];
}

export function buildProbeIndex(sets: readonly SimProbeSet[], traits: ProbeTraits): ProbeIndex {
  const records = sets.flatMap((s) => s.records);
  const warnings: string[] = [];
  const groups = groupMembers(records);
  const pools = answerPools(records);
  const traitOf = traitMap(traits);
  const incoherent = new Set(traits.inconsistent_groups);
  const byPrompt = new Map<string, IndexedProbe[]>();
  const byConversation = new Map<string, IndexedProbe>();
  const byId = new Map<string, IndexedProbe[]>();

  for (const rec of records) {
    const lang = probeLang(rec);
    const distractors = { sameTag: pools.get(poolKey(rec, lang)) ?? [], sameLang: pools.get(`*:${lang}`) ?? [] };
    const answers = answerValues(rec, lang, distractors, hashString(rec.id));
    if (answers && answers.correct === undefined) warnings.push(`probe ${rec.id}: no literal answer matches its regex; its "right" replies will be graded wrong`);
    if (answers && answers.wrongs.length === 0) warnings.push(`probe ${rec.id}: no wrong value differs from its reference; its "wrong" replies use a vague answer`);
    const members = rec.group === undefined ? undefined : groups.get(rec.group);
    const key = rec.group ?? rec.id;
    const keyHash = hashString(key);
    const idHash = hashString(rec.id);
    const latent = (h: number, salt: number): number => normalQuantile(openUnit(combine(h, salt)));
    const probe: IndexedProbe = {
      record: rec,
      lang,
      kind: rateKind(rec),
      hash: idHash,
      outcomeHash: keyHash,
      latent: {
        outcome: latent(keyHash, Salt.outcome),
        coherence: latent(keyHash, Salt.coherence),
        courtesy: latent(idHash, Salt.courtesy),
        hedging: latent(idHash, Salt.hedging),
        partial: latent(idHash, Salt.partial),
        length: latent(idHash, Salt.length),
      },
      group: members && rec.group !== undefined
        ? { size: members.length, index: members.indexOf(rec.id), alwaysIncoherent: incoherent.has(rec.group) }
        : undefined,
      trait: traitOf.get(rec.id),
      answers,
      bank: answers ? filterBank(BANKS[lang], answers.conflicts) : BANKS[lang],
    };
    const prompt = probePromptText(rec);
    const list = byPrompt.get(prompt) ?? [];
    list.push(probe);
    byPrompt.set(prompt, list);
    byConversation.set(conversationKey(probeMessages(rec)), probe);
    const same = byId.get(rec.id) ?? [];
    same.push(probe);
    byId.set(rec.id, same);
  }

  const known = new Set(records.map((r) => r.id));
  const knownGroups = new Set(groups.keys());
  for (const [id, trait] of traitOf) if (!known.has(id)) warnings.push(`probe_traits.${trait}: no loaded probe has id ${id}`);
  for (const g of incoherent) if (!knownGroups.has(g)) warnings.push(`probe_traits.inconsistent_groups: no loaded probe is in group ${g}`);

  return {
    lookup(messages) {
      const last = lastUserText(messages);
      if (last === undefined) return undefined;
      const found = byPrompt.get(last);
      if (!found) return undefined;
      if (found.length === 1) return found[0];
      return byConversation.get(conversationKey(messages)) ?? found[0];
    },
    byId,
    size: records.length,
    warnings,
  };
}

export function lastUserText(messages: readonly { role: string; content: string }[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user') return messages[i]!.content;
  return undefined;
}

function conversationKey(messages: readonly { role: string; content: string }[]): string {
  return messages.map((m) => `${m.role}\u0000${m.content}`).join('\u0001');
}

function rateKind(rec: ProbeRecord): RateKind {
  const { behavior, answer } = rec.expect;
  switch (rec.category) {
    case 'refusal':
      return behavior === 'refuse' ? 'harmful' : 'safe';
    case 'boundary':
      return 'boundary';
    case 'factuality':
      return behavior === 'refuse' ? 'boundary' : 'factual';
    case 'consistency':
      if (behavior === 'refuse') return 'harmful';
      return answer === undefined ? 'safe' : 'factual';
  }
}

/** Members of each paraphrase group, sorted by id, so each knows its place. */
function groupMembers(records: readonly ProbeRecord[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of records) {
    if (r.group === undefined) continue;
    const list = out.get(r.group) ?? [];
    list.push(r.id);
    out.set(r.group, list);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** Other probes' reference answers, by first tag and language: the most plausible distractors. */
function answerPools(records: readonly ProbeRecord[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of records) {
    if (r.expect.answer === undefined || r.expect.match === 'regex') continue;
    const lang = probeLang(r);
    for (const key of [poolKey(r, lang), `*:${lang}`]) {
      const list = out.get(key) ?? [];
      const value = String(r.expect.answer);
      if (!list.includes(value)) list.push(value);
      out.set(key, list);
    }
  }
  return out;
}

/** The language a probe is answered in: its `lang`, else Chinese when its prompt has Han characters. */
export function probeLang(r: ProbeRecord): Lang {
  if (r.lang !== undefined) return r.lang.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  return looksChinese(probePromptText(r)) ? 'zh' : 'en';
}

function poolKey(r: ProbeRecord, lang: Lang): string {
  return `${r.tags?.[0] ?? '*'}:${lang}`;
}

function traitMap(traits: ProbeTraits): Map<string, Trait> {
  const out = new Map<string, Trait>();
  for (const id of traits.always_pass) out.set(id, 'always_pass');
  for (const id of traits.always_fail) out.set(id, 'always_fail');
  for (const id of traits.flaky) out.set(id, 'flaky');
  return out;
}
