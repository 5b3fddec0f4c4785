import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/** The signals `process.signal` accepts (case-insensitive), and `none`. */
export const AGENT_SIGNALS = ['sighup', 'sigterm', 'sigusr1', 'sigusr2', 'none'] as const;

// zod/mini, as the root entry's schemas: the cli entry and the bins then share the root build's
// tree-shaken zod chunk instead of loading classic zod's whole core. The schema only validates;
// trimming, defaults and conversions (octal modes, durations, signal names) are resolveConfig's in
// load-config.ts: zod's pipe, transform and default code would otherwise be in the chunk that
// `import('@bella-baxter/sdk')` loads (the root shares zod's files), unused there.

/**
 * zod's English messages, for the few issues the schema leaves to zod (a watch that is not a
 * mapping, a max-age of 0: "Too small: expected number to be >0"). Passed per parse
 * ({@link parseAgentConfigData}), never installed globally: the root entry's schemas share this
 * zod and must not change with the agent loaded.
 */
const english = en().localeError;

/** A string with something besides whitespace; resolveConfig trims it. */
const nonEmpty = (what: string) => z.string({ error: `expected ${what} (a string)` }).check(z.refine((text: string) => text.trim() !== '', { error: `expected ${what} (a non-empty string)` }));

/** `"0640"`: a quoted octal string. A bare 0600 is YAML 1.2's decimal 600, so numbers are refused with that explanation. */
const mode = z
  .string({
    error: (issue) =>
      typeof issue.input === 'number'
        ? `expected a quoted octal string such as "0640": YAML reads a bare ${String(issue.input).padStart(4, '0')} as the decimal number ${String(issue.input)}, so write mode: "0${String(issue.input).replace(/^0+/, '')}"`
        : 'expected a quoted octal string such as "0640"',
  })
  .check(z.regex(/^0?[0-7]{3}$/, { error: 'expected an octal mode of 3 digits with an optional leading 0, such as "0640"' }));

/** `30m`, `24h`, `7d`, `90s` or `90`: {@link durationSeconds} reads it. */
export const DURATION = /^(\d+)\s*(s|m|h|d)?$/;
/** Seconds, or `30m` / `24h` / `7d`. */
const duration = z.union([z.number().check(z.int(), z.positive()), z.string().check(z.regex(DURATION))], { error: 'expected a positive number of seconds, or a duration such as "30m", "24h" or "7d"' });

const WHOLE_SECONDS = 'expected a whole number of seconds, at least 1';
const watch = z.strictObject({
  project: nonEmpty('a project slug'),
  environment: nonEmpty('an environment slug'),
  provider: z.optional(nonEmpty('a provider slug')),
  'poll-interval': z.optional(z.number({ error: WHOLE_SECONDS }).check(z.int({ error: WHOLE_SECONDS }), z.gte(1, { error: WHOLE_SECONDS }))),
});

const common = { path: nonEmpty('a file path'), mode: z.optional(mode) };
const sink = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('dotenv'), ...common }),
    z.strictObject({ type: z.literal('json'), ...common }),
    z.strictObject({ type: z.literal('yaml'), ...common }),
    z.strictObject({ type: z.literal('file'), ...common, key: nonEmpty('the key of the secret to write') }),
  ],
  { error: 'expected type: dotenv, json, yaml or file' },
);

const signal = z
  .string({ error: 'expected one of sighup, sigterm, sigusr1, sigusr2, none' })
  .check(z.refine((name: string) => (AGENT_SIGNALS as readonly string[]).includes(name.toLowerCase()), { error: 'expected one of sighup, sigterm, sigusr1, sigusr2, none (exact names, any case)' }));

/** The shape of `bella-agent.yaml`, before paths are resolved. */
export const agentConfigSchema = z.strictObject(
  {
    watches: z.array(watch, { error: 'expected a list of watches (project, environment, poll-interval)' }).check(z.minLength(1, { error: 'expected at least one watch' })),
    sinks: z.array(sink, { error: 'expected a list of sinks (type, path)' }).check(
      z.minLength(1, { error: 'expected at least one sink' }),
      z.superRefine((sinks, ctx) => {
        const seen = new Set<string>();
        sinks.forEach((s, index) => {
          const path = s.path.trim();
          if (seen.has(path)) ctx.addIssue({ code: 'custom', message: `expected each sink to have its own path (${path} is already written by an earlier sink)`, path: [index, 'path'] });
          seen.add(path);
        });
      }),
    ),
    process: z.optional(
      z
        .strictObject({ signal: z.optional(signal), 'pid-file': z.optional(nonEmpty('the path of the pid file')) }, { error: 'expected a mapping with signal and pid-file' })
        .check(z.refine((p) => (p.signal ?? 'none').toLowerCase() === 'none' || p['pid-file'] !== undefined, { error: 'expected a pid-file: the signal is sent to the process whose pid it holds', path: ['pid-file'] })),
    ),
    cache: z.optional(
      z.strictObject(
        {
          path: nonEmpty('the cache file path'),
          'max-age': z.optional(duration),
          key: z.optional(z.string({ error: 'expected the cache key (a string, e.g. ${BELLA_CACHE_KEY})' }).check(z.minLength(16, { error: 'expected a cache key of at least 16 characters' }))),
        },
        { error: 'expected a mapping with path, max-age and key' },
      ),
    ),
  },
  { error: 'expected a mapping with watches and sinks' },
);

/** `bella-agent.yaml` as validated: strings untrimmed, defaults not applied, modes and durations as written. */
export type RawAgentConfig = z.output<typeof agentConfigSchema>;

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** A validated `max-age` in seconds. */
export function durationSeconds(value: number | string): number {
  if (typeof value === 'number') return value;
  const [, amount = '0', unit = 's'] = DURATION.exec(value) ?? [];
  return Number(amount) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
}

/** Validates parsed YAML against {@link agentConfigSchema}, with zod's English messages where the schema has none of its own. */
export function parseAgentConfigData(data: unknown): z.core.util.SafeParseResult<RawAgentConfig> {
  return z.safeParse(agentConfigSchema, data, { error: english });
}
