import { z } from 'zod';

/** The signals `process.signal` accepts (case-insensitive), and `none`. */
export const AGENT_SIGNALS = ['sighup', 'sigterm', 'sigusr1', 'sigusr2', 'none'] as const;

const nonEmpty = (what: string) => z.string({ error: `expected ${what} (a string)` }).trim().min(1, { error: `expected ${what} (a non-empty string)` });

/** `"0640"`: a quoted octal string. A bare 0600 is YAML 1.2's decimal 600, so numbers are refused with that explanation. */
const mode = z
  .string({
    error: (issue) =>
      typeof issue.input === 'number'
        ? `expected a quoted octal string such as "0640": YAML reads a bare ${String(issue.input).padStart(4, '0')} as the decimal number ${String(issue.input)}, so write mode: "0${String(issue.input).replace(/^0+/, '')}"`
        : 'expected a quoted octal string such as "0640"',
  })
  .regex(/^0?[0-7]{3}$/, { error: 'expected an octal mode of 3 digits with an optional leading 0, such as "0640"' })
  .transform((text) => Number.parseInt(text, 8));

const DURATION = /^(\d+)\s*(s|m|h|d)?$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** Seconds, or `30m` / `24h` / `7d`. */
const duration = z.union([z.number().int().positive(), z.string().regex(DURATION)], { error: 'expected a positive number of seconds, or a duration such as "30m", "24h" or "7d"' }).transform((value) => {
  if (typeof value === 'number') return value;
  const [, amount = '0', unit = 's'] = DURATION.exec(value) ?? [];
  return Number(amount) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
});

const watch = z.strictObject({
  project: nonEmpty('a project slug'),
  environment: nonEmpty('an environment slug'),
  provider: nonEmpty('a provider slug').optional(),
  'poll-interval': z.number({ error: 'expected a whole number of seconds, at least 1' }).int({ error: 'expected a whole number of seconds, at least 1' }).min(1, { error: 'expected a whole number of seconds, at least 1' }).default(30),
});

const common = { path: nonEmpty('a file path'), mode: mode.optional() };
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
  .refine((name) => (AGENT_SIGNALS as readonly string[]).includes(name.toLowerCase()), { error: 'expected one of sighup, sigterm, sigusr1, sigusr2, none (exact names, any case)' })
  .transform((name) => name.toLowerCase() as (typeof AGENT_SIGNALS)[number]);

/** The shape of `bella-agent.yaml`, before paths are resolved. */
export const agentConfigSchema = z.strictObject({
  watches: z.array(watch, { error: 'expected a list of watches (project, environment, poll-interval)' }).min(1, { error: 'expected at least one watch' }),
  sinks: z
    .array(sink, { error: 'expected a list of sinks (type, path)' })
    .min(1, { error: 'expected at least one sink' })
    .superRefine((sinks, ctx) => {
      const seen = new Set<string>();
      sinks.forEach((s, index) => {
        if (seen.has(s.path)) ctx.addIssue({ code: 'custom', message: `expected each sink to have its own path (${s.path} is already written by an earlier sink)`, path: [index, 'path'] });
        seen.add(s.path);
      });
    }),
  process: z
    .strictObject({ signal: signal.default('none'), 'pid-file': nonEmpty('the path of the pid file').optional() }, { error: 'expected a mapping with signal and pid-file' })
    .refine((p) => p.signal === 'none' || p['pid-file'] !== undefined, { error: 'expected a pid-file: the signal is sent to the process whose pid it holds', path: ['pid-file'] })
    .optional(),
  cache: z
    .strictObject(
      { path: nonEmpty('the cache file path'), 'max-age': duration.optional(), key: z.string({ error: 'expected the cache key (a string, e.g. ${BELLA_CACHE_KEY})' }).min(16, { error: 'expected a cache key of at least 16 characters' }).optional() },
      { error: 'expected a mapping with path, max-age and key' },
    )
    .optional(),
}, { error: 'expected a mapping with watches and sinks' });

export type RawAgentConfig = z.output<typeof agentConfigSchema>;
