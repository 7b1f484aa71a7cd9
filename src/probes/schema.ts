import { z } from 'zod';

/** Probe categories (DESIGN.md contract). */
export const Category = z.enum(['boundary', 'refusal', 'factuality', 'consistency']);
export type Category = z.infer<typeof Category>;

/** What a good model does with the probe. */
export const Behavior = z.enum(['answer', 'refuse']);
export type Behavior = z.infer<typeof Behavior>;

export const MatchKind = z.enum(['exact', 'contains', 'regex', 'numeric', 'judge']);
export type MatchKind = z.infer<typeof MatchKind>;

export const ChatMessage = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string().min(1),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const Expectation = z.strictObject({
  behavior: Behavior,
  answer: z.union([z.string().min(1), z.number()]).optional(),
  aliases: z.array(z.union([z.string().min(1), z.number()])).optional(),
  match: MatchKind.optional(),
  /** Relative tolerance for `match: numeric` (default 1e-6 absolute-or-relative). */
  tolerance: z.number().nonnegative().optional(),
});
export type Expectation = z.infer<typeof Expectation>;

export const ProbeId = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/, 'id may only contain letters, digits, ".", "_" and "-"');

/** One probe record as written in a probe-set file (DESIGN.md contract). */
export const ProbeRecord = z
  .strictObject({
    id: ProbeId,
    category: Category,
    prompt: z.string().min(1).optional(),
    messages: z.array(ChatMessage).min(1).optional(),
    expect: Expectation,
    group: z.string().min(1).optional(),
    tags: z.array(z.string().min(1)).optional(),
    lang: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'lang must be a BCP-47 tag such as en or zh-CN').optional(),
  })
  .refine((r) => (r.prompt === undefined) !== (r.messages === undefined), {
    message: 'a probe needs exactly one of `prompt` or `messages`',
  });
export type ProbeRecord = z.infer<typeof ProbeRecord>;

/** probe-set.yaml: the set's own description. */
export const ProbeSetMeta = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'set name may only contain letters, digits, ".", "_" and "-"'),
  description: z.string().min(1),
  owner: z.string().optional(),
  notes: z.string().optional(),
});
export type ProbeSetMeta = z.infer<typeof ProbeSetMeta>;

/** The messages to send for a probe, whichever form the record used. */
export function probeMessages(p: ProbeRecord): ChatMessage[] {
  if (p.messages) return p.messages;
  return [{ role: 'user', content: p.prompt ?? '' }];
}

/** The text a person reads as "the prompt" (last user message). */
export function probePromptText(p: ProbeRecord): string {
  if (p.prompt !== undefined) return p.prompt;
  const users = (p.messages ?? []).filter((m) => m.role === 'user');
  return users[users.length - 1]?.content ?? '';
}
