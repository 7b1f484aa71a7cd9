import type { z } from 'zod';
import { InputError } from '../errors.js';

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Parses command options; a bad value is the user's mistake (exit 2), named as its flag. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new InputError(parsed.error.issues.map((i) => `--${kebab(i.path.map(String).join('.'))}: ${i.message}`).join('\n'));
}
