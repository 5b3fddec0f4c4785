import type { HttpClient } from '../http/http-client.js';
import { paths, type EnvRef } from './paths.js';
import { environmentProvidersSchema, type EnvironmentProviderResponse } from './provider-schemas.js';

/** `GET .../providers`: the providers assigned to an environment. */
export async function listEnvironmentProviders(http: HttpClient, ref: EnvRef & { signal?: AbortSignal | undefined }): Promise<EnvironmentProviderResponse[]> {
  const res = await http.request({ method: 'GET', path: paths.providers(ref), schema: environmentProvidersSchema(), signal: ref.signal });
  return res.data!;
}
