import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createMemoryIdempotencyStore,
  createRotationHandler,
  toNodeHandler,
  type BellaRevokeRequest,
  type BellaRotateRequest,
  type RotateResult,
} from '../../src/webhooks.js';

export interface RotationFunctionOptions {
  /** The secret(s) it verifies with; a function is read on every call (the emulator may mint it later). */
  signingSecret: string | (() => string | readonly string[]);
  apiKey?: string;
  apiKeyHeader?: string;
  rotate(request: BellaRotateRequest, call: number): RotateResult | Promise<RotateResult>;
  revoke?(request: BellaRevokeRequest, call: number): void | Promise<void>;
}

export interface RunningRotationFunction {
  url: string;
  rotateCalls: BellaRotateRequest[];
  revokeCalls: BellaRevokeRequest[];
  /** Raw `x-bella-signature` headers received, in order. */
  signatures: string[];
  close(): Promise<void>;
}

/**
 * A real rotation function, built the way users build theirs
 * (`createRotationHandler` + `toNodeHandler`), on a 127.0.0.1 port.
 */
export async function startRotationFunction(options: RotationFunctionOptions): Promise<RunningRotationFunction> {
  const rotateCalls: BellaRotateRequest[] = [];
  const revokeCalls: BellaRevokeRequest[] = [];
  const signatures: string[] = [];
  const idempotency = createMemoryIdempotencyStore();
  const secretOf = () => (typeof options.signingSecret === 'function' ? options.signingSecret() : options.signingSecret);
  const server: Server = createServer((req, res) => {
    signatures.push(String(req.headers['x-bella-signature'] ?? ''));
    const handler = createRotationHandler({
      signingSecret: secretOf(),
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      ...(options.apiKeyHeader ? { apiKeyHeader: options.apiKeyHeader } : {}),
      idempotency,
      rotate: (request) => {
        rotateCalls.push(request);
        return options.rotate(request, rotateCalls.length);
      },
      ...(options.revoke
        ? {
            revoke: async (request: BellaRevokeRequest) => {
              revokeCalls.push(request);
              await options.revoke!(request, revokeCalls.length);
            },
          }
        : {}),
    });
    void toNodeHandler(handler)(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/rotate`,
    rotateCalls,
    revokeCalls,
    signatures,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
