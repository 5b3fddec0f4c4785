/**
 * Every URL path the SDK calls, as the Bella Baxter API defines them. Nothing else in the SDK
 * builds a path by hand.
 */
import { BaxterValidationError } from '../errors/validation-error.js';

/**
 * Why `value` cannot be one path segment, or undefined when it can. `encodeURIComponent`
 * leaves `.` and `..` alone, and URL parsing then drops or climbs them: `project: '..'`
 * would send a validly signed request to another endpoint. An empty one merges two.
 */
export function findSegmentFailure(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value === '') return 'must not be empty';
  if (value === '.' || value === '..') return 'must not be "." or ".." (URL parsing would drop or climb that path segment)';
  return undefined;
}

/** Whether `value` is usable as one path segment. */
export const isSafeSegment = (value: unknown): value is string => findSegmentFailure(value) === undefined;

function seg(value: string, name: string): string {
  const failure = findSegmentFailure(value);
  if (failure) throw new BaxterValidationError(`Invalid ${name}: it ${failure}. Nothing was sent.`, [name]);
  return encodeURIComponent(value);
}

export interface EnvRef {
  project: string;
  environment: string;
}
export interface ProviderRef extends EnvRef {
  provider: string;
}
export interface SecretRef extends ProviderRef {
  key: string;
}

const env = (r: EnvRef) => `/api/v1/projects/${seg(r.project, 'project')}/environments/${seg(r.environment, 'environment')}`;
const provider = (r: ProviderRef) => `${env(r)}/providers/${seg(r.provider, 'provider')}`;
const secret = (r: SecretRef) => `${provider(r)}/secrets/${seg(r.key, 'key')}`;

export const paths = {
  keyContext: () => '/api/v1/keys/me',
  envSecrets: (r: EnvRef) => `${env(r)}/secrets`,
  envSecretsHash: (r: EnvRef) => `${env(r)}/secrets/hash`,
  envSecretsVersion: (r: EnvRef) => `${env(r)}/secrets/version`,
  providers: (r: EnvRef) => `${env(r)}/providers`,
  providerSecrets: (r: ProviderRef) => `${provider(r)}/secrets`,
  providerSecretsHash: (r: ProviderRef) => `${provider(r)}/secrets/hash`,
  credentialsGenerate: (r: ProviderRef) => `${provider(r)}/credentials/generate`,
  credentialsRoles: (r: ProviderRef) => `${provider(r)}/credentials/roles`,
  rotationPolicy: (r: SecretRef) => `${secret(r)}/rotation-policy`,
  rotateSigningSecret: (r: SecretRef) => `${secret(r)}/rotation-policy/rotate-signing-secret`,
  rotate: (r: SecretRef) => `${secret(r)}/rotate`,
  secretVersions: (r: SecretRef) => `${secret(r)}/versions`,
} as const;

/** The route templates the emulator serves, in the same order, with `:param` placeholders. */
export const routeTemplates = {
  keyContext: '/api/v1/keys/me',
  envSecrets: '/api/v1/projects/:project/environments/:environment/secrets',
  envSecretsHash: '/api/v1/projects/:project/environments/:environment/secrets/hash',
  envSecretsVersion: '/api/v1/projects/:project/environments/:environment/secrets/version',
  providers: '/api/v1/projects/:project/environments/:environment/providers',
  providerSecrets: '/api/v1/projects/:project/environments/:environment/providers/:provider/secrets',
  providerSecretsHash: '/api/v1/projects/:project/environments/:environment/providers/:provider/secrets/hash',
  credentialsGenerate: '/api/v1/projects/:project/environments/:environment/providers/:provider/credentials/generate',
  credentialsRoles: '/api/v1/projects/:project/environments/:environment/providers/:provider/credentials/roles',
  rotationPolicy: '/api/v1/projects/:project/environments/:environment/providers/:provider/secrets/:key/rotation-policy',
  rotateSigningSecret:
    '/api/v1/projects/:project/environments/:environment/providers/:provider/secrets/:key/rotation-policy/rotate-signing-secret',
  rotate: '/api/v1/projects/:project/environments/:environment/providers/:provider/secrets/:key/rotate',
  secretVersions: '/api/v1/projects/:project/environments/:environment/providers/:provider/secrets/:key/versions',
} as const satisfies Record<keyof typeof paths, string>;
