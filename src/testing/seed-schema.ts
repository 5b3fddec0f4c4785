import * as z from 'zod/mini';
import type { EmulatorSeed } from './store.js';

/** Provider types that issue dynamic credentials and hold no static secrets. */
export const DATABASE_PROVIDER_TYPES: ReadonlySet<string> = new Set(['VaultDatabase']);

const slug = z.string().check(z.minLength(1, 'must be a non-empty string'));
const secrets = z.record(z.string(), z.string('a secret value must be a string (quote numbers and booleans)'));
const provider = z.strictObject({
  slug,
  name: z.optional(z.string()),
  type: z.optional(z.string()),
  secrets: z.optional(secrets),
  roles: z.optional(z.array(z.string())),
});
const environment = z.strictObject({ slug, name: z.optional(z.string()), secrets: z.optional(secrets), providers: z.optional(z.array(provider)) });
const project = z.strictObject({ slug, name: z.optional(z.string()), environments: z.optional(z.array(environment)) });
const apiKey = z.strictObject({
  apiKey: z.string().check(z.regex(/^bax-[^-]+-[0-9a-fA-F]+$/, 'must look like bax-{keyId}-{secretHex}')),
  project: slug,
  environment: slug,
  role: z.optional(z.string()),
});
const rotationPolicy = z.strictObject({ project: slug, environment: slug, provider: slug, key: slug, policy: z.record(z.string(), z.unknown()) });
const deviceKey = z.strictObject({ publicKey: z.string().check(z.minLength(1, 'must be a base64 SPKI public key or its PEM')), leaseSeconds: z.optional(z.number()) });
const seedSchema = z.strictObject({
  projects: z.optional(z.array(project)),
  apiKeys: z.optional(z.array(apiKey)),
  rotationPolicies: z.optional(z.array(rotationPolicy)),
  deviceKeys: z.optional(z.array(deviceKey)),
});

/** `projects[0].environments[1].secrets.PORT`, from a zod path. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(part))) out += `${out ? '.' : ''}${String(part)}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || '(the seed)';
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length === 0 ? 'top-level keys are projects, apiKeys, rotationPolicies, deviceKeys' : 'check the spelling';
    return `${formatPath(issue.path)}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (${where})`;
  }
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** The seed, checked; or the list of problems, each naming its path. */
export type SeedCheck = { ok: true; seed: EmulatorSeed; warnings: string[] } | { ok: false; problems: string[] };

/**
 * Validates a seed: its shape (string secret values, no unknown keys), API
 * keys and rotation policies scoped to environments the seed (or
 * `existing`) has, and no static secrets in a database provider.
 */
export function checkSeed(input: unknown, existing: (project: string, environment: string) => boolean = () => false): SeedCheck {
  const parsed = z.safeParse(seedSchema, input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(issueMessage) };
  const seed = parsed.data as EmulatorSeed;
  const problems: string[] = [];
  const environments = new Map<string, Set<string>>();
  seed.projects?.forEach((p, i) => {
    const envs = environments.get(p.slug) ?? new Set<string>();
    environments.set(p.slug, envs);
    p.environments?.forEach((e, j) => {
      envs.add(e.slug);
      e.providers?.forEach((prov, k) => {
        if (prov.type !== undefined && DATABASE_PROVIDER_TYPES.has(prov.type) && Object.keys(prov.secrets ?? {}).length > 0) {
          problems.push(`projects[${i}].environments[${j}].providers[${k}].secrets: a ${prov.type} provider issues dynamic credentials and holds no static secrets; put them in a key-value provider (or the environment's secrets)`);
        }
      });
    });
  });
  const scoped = (where: string, ref: { project: string; environment: string }) => {
    if (environments.get(ref.project)?.has(ref.environment) || existing(ref.project, ref.environment)) return;
    const known = [...environments].flatMap(([p, envs]) => [...envs].map((e) => `${p}/${e}`));
    problems.push(`${where}: no environment "${ref.environment}" in project "${ref.project}" (the seed has: ${known.join(', ') || 'none'})`);
  };
  seed.apiKeys?.forEach((k, i) => scoped(`apiKeys[${i}]`, k));
  seed.rotationPolicies?.forEach((r, i) => scoped(`rotationPolicies[${i}]`, r));
  if (problems.length > 0) return { ok: false, problems };
  const warnings = (seed.apiKeys ?? []).length === 0 ? ['the seed has no apiKeys: no client can authenticate until you create one (emulator.createApiKey or the admin API)'] : [];
  return { ok: true, seed, warnings };
}

/** {@link checkSeed}, throwing a `TypeError` that lists every problem. */
export function parseSeed(input: unknown, existing?: (project: string, environment: string) => boolean): { seed: EmulatorSeed; warnings: string[] } {
  const checked = checkSeed(input, existing);
  if (!checked.ok) throw new TypeError(`@bella-baxter/sdk/testing: invalid seed:\n  ${checked.problems.join('\n  ')}`);
  return { seed: checked.seed, warnings: checked.warnings };
}
