import { z } from 'zod';

/**
 * The parts of the OpenAI chat-completions wire format the simulator reads and writes. Requests
 * are parsed loosely (clients send many fields the simulator ignores); responses follow the
 * documented shape so any OpenAI-compatible client accepts them.
 */

const ContentPart = z.object({ type: z.string(), text: z.string().optional() });

export const ChatRequest = z.object({
  model: z.string().min(1),
  messages: z
    .array(z.object({ role: z.string().min(1), content: z.union([z.string(), z.array(ContentPart), z.null()]).optional() }))
    .min(1),
  seed: z.number().int().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  stream: z.boolean().nullish(),
  n: z.number().int().positive().nullish(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

/** Messages with their content as plain text (text parts joined). */
export function textMessages(req: ChatRequest): { role: string; content: string }[] {
  return req.messages.map((m) => ({
    role: m.role,
    content: typeof m.content === 'string' ? m.content : (m.content ?? []).map((p) => p.text ?? '').join(''),
  }));
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function errorBody(message: string, type: string, code: string | null = null, param: string | null = null): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

/**
 * Rough token count: one per Han character, one per four other characters. Only used for
 * `usage` and `max_tokens`; no client should bill by it.
 */
export function estimateTokens(text: string): number {
  let han = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff) han++;
  }
  return han + Math.ceil((text.length - han) / 4);
}

/** The text cut to about `maxTokens` tokens (by the same estimate), and whether it was cut. */
export function truncateToTokens(text: string, maxTokens: number): { text: string; cut: boolean } {
  if (estimateTokens(text) <= maxTokens) return { text, cut: false };
  let budget = maxTokens;
  let i = 0;
  for (; i < text.length && budget > 0; i++) {
    const c = text.charCodeAt(i);
    budget -= c >= 0x3400 && c <= 0x9fff ? 1 : 0.25;
  }
  return { text: text.slice(0, i), cut: true };
}

export interface CompletionParts {
  id: string;
  created: number;
  model: string;
  content: string;
  finishReason: 'stop' | 'length';
  promptTokens: number;
  fingerprint: string;
}

export function completionBody(p: CompletionParts): string {
  const completionTokens = estimateTokens(p.content);
  return JSON.stringify({
    id: p.id,
    object: 'chat.completion',
    created: p.created,
    model: p.model,
    choices: [
      { index: 0, message: { role: 'assistant', content: p.content, refusal: null }, logprobs: null, finish_reason: p.finishReason },
    ],
    usage: { prompt_tokens: p.promptTokens, completion_tokens: completionTokens, total_tokens: p.promptTokens + completionTokens },
    system_fingerprint: p.fingerprint,
  });
}

export function modelsBody(names: readonly string[], created: number): string {
  return JSON.stringify({
    object: 'list',
    data: names.map((id) => ({ id, object: 'model', created, owned_by: 'stoppoint-sim' })),
  });
}
