import type { HttpHandler } from 'msw';
import { BaxterEmulatorCore, type BaxterEmulatorOptions } from './emulator.js';
import { loadMsw } from './msw-loader.js';
import { DROP_CONNECTION } from './server.js';

/**
 * A faithful local Bella Baxter server for tests and demos: the contract's
 * endpoints over an in-memory store, as msw `handlers`, as a `fetch` function,
 * or on a loopback port with `listen()`. Create it with {@link createBaxterEmulator}.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createBaxterClient } from '@bella-baxter/sdk';
 * import { createBaxterEmulator } from '@bella-baxter/sdk/testing';
 *
 * const emulator = createBaxterEmulator();
 * const { apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'test', secrets: { API_TOKEN: 't0k3n' } });
 * const server = setupServer(...emulator.handlers);
 * server.listen({ onUnhandledRequest: 'error' });
 * // msw intercepts fetch, not the client's default undici transport: hand the client fetch.
 * const client = await createBaxterClient({ baxterUrl: 'http://bella.localhost', apiKey, fetch: (input, init) => fetch(input, init) });
 * ```
 */
export class BaxterEmulator extends BaxterEmulatorCore {
  #handlers: HttpHandler[] | undefined;

  /**
   * msw request handlers serving every `/api/v1/*` path, for `setupServer(...emulator.handlers)`.
   * The only part of the emulator that needs msw (loaded on first use); without
   * it installed this throws a `BaxterConfigError` saying `npm i -D msw`.
   */
  get handlers(): HttpHandler[] {
    this.#handlers ??= [
      loadMsw().http.all('*/api/v1/*', async ({ request }) => {
        const response = await this.handleRequest(request);
        // A network error, as msw's HttpResponse.error() (which is Response.error()).
        return response === DROP_CONNECTION ? Response.error() : response;
      }),
    ];
    return this.#handlers;
  }
}

/**
 * Creates a Bella Baxter emulator: the contract's endpoints over an in-memory
 * store, as msw handlers, as a Fetch function, or on a loopback port.
 *
 * @example
 * ```ts
 * import { createBaxterEmulator } from '@bella-baxter/sdk/testing';
 * import { createBaxterClient } from '@bella-baxter/sdk';
 *
 * const emulator = createBaxterEmulator();
 * const { apiKey } = emulator.addEnvironment({ project: 'shop', environment: 'test', secrets: { API_TOKEN: 't0k3n' } });
 * const server = await emulator.listen();
 * const client = await createBaxterClient({ baxterUrl: server.url, apiKey });
 * client.get('API_TOKEN'); // 't0k3n'
 * await client.close();
 * await server.close();
 * ```
 */
export function createBaxterEmulator(options: BaxterEmulatorOptions = {}): BaxterEmulator {
  return new BaxterEmulator(options);
}
