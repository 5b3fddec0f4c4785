/**
 * A transport failure whose message quotes a header we sent (fetch's "invalid
 * header value" quotes it whole: a token, a signature) is replaced by one
 * with that value cut out, so the error and its cause chain never carry it.
 */
export function withoutHeaderValues(cause: unknown, headers: Record<string, string>): unknown {
  const chain: string[] = [];
  for (let c: unknown = cause, depth = 0; c !== undefined && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    chain.push(c instanceof Error ? c.message : String(c));
    if (!(c instanceof Error)) break;
  }
  // Pieces, not whole values: a value with CR/LF may be quoted escaped or cut at the line break.
  const pieces = Object.values(headers).flatMap((v) => v.split(/[\s"'\\]+|\\[rn]/)).filter((p) => p.length >= 8);
  if (!chain.some((m) => pieces.some((p) => m.includes(p)))) return cause;
  const clean = (m: string) => pieces.reduce((out, p) => out.split(p).join('[REDACTED]'), m);
  const replacement = new Error(chain.map(clean).join(': '));
  replacement.name = cause instanceof Error ? cause.name : 'Error';
  return replacement;
}
