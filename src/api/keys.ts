import type { HttpClient } from '../http/http-client.js';
import { paths } from './paths.js';
import { keyContextSchema, type KeyContext } from './schemas.js';

/** `GET /keys/me`: what the API key is scoped to. */
export async function getKeyContext(http: HttpClient, signal?: AbortSignal): Promise<KeyContext> {
  const res = await http.request({ method: 'GET', path: paths.keyContext(), schema: keyContextSchema(), signal });
  return res.data!;
}
