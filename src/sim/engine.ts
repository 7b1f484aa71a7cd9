import { normalQuantile } from '../stats/normal.js';
import { composeGeneric, composeReply } from './compose.js';
import { decide, styleOf, type Sample, type StyleLatents } from './decide.js';
import { combine, hashString, openUnit, Salt } from './hash.js';
import { resolveModels, type ModelTable, type SimModel } from './models.js';
import { looksChinese } from './phrases.js';
import { buildProbeIndex, lastUserText, type IndexedProbe, type ProbeIndex } from './probe-index.js';
import type { Scenario } from './scenario.js';
import type { SimProbeSet } from './types.js';

/**
 * The simulator without HTTP: which models exist and what each says to a conversation.
 * Built once (models resolved, probes indexed) so a request is a map lookup and some hashing.
 */
export interface SimEngine {
  models: ModelTable;
  index: ProbeIndex;
  /**
   * The reply of a checkpoint to a conversation in one sample. `probe` is what `index.lookup`
   * found for the conversation (passed in so a request looks it up once); undefined for a prompt
   * no loaded probe has.
   */
  reply(model: SimModel, messages: readonly { role: string; content: string }[], sample: SampleKey, probe: IndexedProbe | undefined): EngineReply;
}

export interface EngineReply {
  text: string;
  /** The probe the conversation was recognised as, if any. */
  probe: IndexedProbe | undefined;
}

/**
 * What makes two requests the same sample: the request's `seed`, or nothing at temperature 0
 * (greedy decoding gives one answer whatever the seed).
 */
export type SampleKey = { temperature?: number | null; seed?: number | null };

export function sampleOf(s: SampleKey): Sample {
  if (s.temperature === 0) return { hash: hashString('greedy'), seed: undefined };
  if (s.seed === undefined || s.seed === null) return { hash: hashString('unseeded'), seed: undefined };
  return { hash: hashString(`seed:${s.seed}`), seed: s.seed };
}

export function createEngine(scenario: Scenario, probeSets: readonly SimProbeSet[]): SimEngine {
  const models = resolveModels(scenario);
  const index = buildProbeIndex(probeSets, scenario.probe_traits);
  const w = scenario.noise.probe_weight;
  return {
    models,
    index,
    reply(model, messages, sample, probe) {
      const s = sampleOf(sample);
      if (probe) return { text: composeReply(decide(model, probe, s, w), probe), probe };
      const prompt = lastUserText(messages) ?? '';
      return { text: genericReply(model, prompt, s.hash, w), probe: undefined };
    },
  };
}

function genericReply(model: SimModel, prompt: string, sample: number, w: number): string {
  const promptHash = hashString(prompt);
  const latent = (salt: number): number => normalQuantile(openUnit(combine(promptHash, salt)));
  const latents: StyleLatents = {
    courtesy: latent(Salt.courtesy),
    hedging: latent(Salt.hedging),
    partial: latent(Salt.partial),
    length: latent(Salt.length),
  };
  const style = styleOf(model, latents, promptHash, sample, w, false);
  return composeGeneric({ refuse: false, correct: true, ...style }, looksChinese(prompt) ? 'zh' : 'en');
}
