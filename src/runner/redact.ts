/**
 * Error text from an endpoint or the SDK can carry request headers or an echo of the key.
 * Every message the runner stores or prints goes through here first.
 */
export function redact(message: string, secrets: readonly (string | undefined)[]): string {
  let out = message;
  for (const s of secrets) {
    // Short strings would blank out ordinary words; real keys are long.
    if (s && s.length >= 6) out = out.split(s).join('[redacted]');
  }
  return out
    .replace(/(authorization|api[-_]?key|x-api-key)(["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',}]+/gi, '$1$2[redacted]')
    .replace(/\bBearer\s+[A-Za-z0-9._~+/=-]{6,}/g, 'Bearer [redacted]')
    .replace(/\bsk-[A-Za-z0-9_-]{6,}/g, 'sk-[redacted]');
}

/** Keeps stored error messages short: a 10 MB error body must not become a 10 MB row. */
export function clip(message: string, max = 500): string {
  return message.length <= max ? message : `${message.slice(0, max)}… (${message.length} chars)`;
}
