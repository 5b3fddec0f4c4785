/** `application/problem+json` answers, as the real server sends them. */
export function problem(status: number, title: string, detail?: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: `https://httpstatuses.io/${status}`, title, status, detail: detail ?? null, instance: null }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}
