// One GET through undici as the SDK sends it: the Agent module alone (deep-imported) and its
// handler API (`dispatch`), the body collected in memory. Shared by the floor through undici and
// the transport options.
export async function undiciGet(target, headers = {}) {
  const { default: Agent } = await import('undici/lib/dispatcher/agent.js');
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 8 });
  const answer = await new Promise((resolve, reject) => {
    const chunks = [];
    let status = 0;
    agent.dispatch(
      { origin: target.origin, path: target.pathname, method: 'GET', headers },
      {
        onRequestStart() {},
        onResponseStart(_controller, code) {
          status = code;
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          resolve({ status, body: Buffer.concat(chunks) });
        },
        onResponseError(_controller, error) {
          reject(error);
        },
      },
    );
  });
  return { ...answer, close: () => agent.close() };
}
