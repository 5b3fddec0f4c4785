import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isMap, isNode, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod/mini';
import { AgentConfigError } from './agent-config-error.js';
import type { AgentConfig, AgentSignal } from './agent-config.js';
import { durationSeconds, parseAgentConfigData, type RawAgentConfig } from './config-schema.js';

type Place = { line: number | undefined; column: number | undefined };

function placeOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): Place {
  // The node at the path, or its nearest ancestor that exists (a missing key is reported at its mapping).
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) {
      const { line, col } = counter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return { line: undefined, column: undefined };
}

function fieldName(path: readonly PropertyKey[]): string | undefined {
  if (path.length === 0) return undefined;
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

const REFERENCE = /\$(\$?)\{([^}]*)\}/g;

/** `${VAR}` in every string value (never in keys): an unset variable is an error, `$${X}` is a literal `${X}`. */
function expandVariables(doc: Document, counter: LineCounter, file: string, env: Record<string, string | undefined>): void {
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string') return;
      node.value = node.value.replace(REFERENCE, (match, escaped: string, name: string) => {
        if (escaped) return match.slice(1);
        const { line, col } = counter.linePos(node.range?.[0] ?? 0);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          throw new AgentConfigError({ file, line, column: col, expected: `\${${name}} is not a variable reference: expected \${NAME} with letters, digits and _` });
        }
        const value = env[name];
        if (value === undefined) throw new AgentConfigError({ file, line, column: col, expected: `environment variable ${name} is not set (\${${name}} is never read as an empty string)` });
        return value;
      });
    },
  });
}

function firstIssue(error: z.core.$ZodError): z.core.$ZodIssue {
  // A union's own issue says only "invalid input"; its branches say what they wanted.
  let issue = error.issues[0] as z.core.$ZodIssue;
  while (issue.code === 'invalid_union' && issue.errors[0]?.[0] && issue.message === 'Invalid input') {
    const inner = issue.errors[0][0];
    issue = { ...inner, path: [...issue.path, ...inner.path] };
  }
  return issue;
}

/**
 * Parses and validates the YAML text of an agent config (as {@link loadAgentConfig}
 * does after reading the file); relative paths are resolved against `file`'s folder.
 *
 * @example
 * ```ts
 * const config = parseAgentConfig('watches:\n  - project: shop\n    environment: prod\nsinks:\n  - type: dotenv\n    path: ./.env\n', '/srv/app/bella-agent.yaml');
 * config.sinks[0]?.path; // '/srv/app/.env'
 * ```
 */
export function parseAgentConfig(text: string, file: string, env: Record<string, string | undefined> = process.env): AgentConfig {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const { line, col } = counter.linePos(yamlError.pos[0]);
    throw new AgentConfigError({ file, line, column: col, expected: `not valid YAML: ${yamlError.message.split('\n')[0]}` });
  }
  expandVariables(doc, counter, file, env);
  const parsed = parseAgentConfigData(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    const { line, column } = placeOf(doc, counter, issue.path);
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : undefined;
    const path = unknownKeys ? [...issue.path, unknownKeys[0] as string] : issue.path;
    const place = unknownKeys ? placeOfKey(doc, counter, issue.path, unknownKeys[0] as string) ?? { line, column } : { line, column };
    const expected = unknownKeys ? `unknown setting (expected one of: ${allowedKeys(issue.path).join(', ')})` : issue.message;
    throw new AgentConfigError({ file, line: place.line, column: place.column, field: fieldName(path), expected });
  }
  return resolveConfig(parsed.data, file);
}

/** The keys a mapping at `path` may hold, for the unknown-key message. */
function allowedKeys(path: readonly PropertyKey[]): string[] {
  const where = path[0];
  if (where === 'watches') return ['project', 'environment', 'provider', 'poll-interval'];
  if (where === 'sinks') return ['type', 'path', 'mode', 'key (file sinks)'];
  if (where === 'process') return ['signal', 'pid-file'];
  if (where === 'cache') return ['path', 'max-age', 'key'];
  return ['watches', 'sinks', 'process', 'cache'];
}

function placeOfKey(doc: Document, counter: LineCounter, path: readonly PropertyKey[], key: string): Place | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    if (isNode(pair.key) && (pair.key as { value?: unknown }).value === key && pair.key.range) {
      const { line, col } = counter.linePos(pair.key.range[0]);
      return { line, column: col };
    }
  }
  return undefined;
}

function resolveConfig(raw: RawAgentConfig, file: string): AgentConfig {
  const base = dirname(resolve(file));
  const at = (path: string) => resolve(base, path.trim());
  const mode = (text: string | undefined) => (text === undefined ? 0o600 : Number.parseInt(text, 8));
  const signal = raw.process?.signal?.toLowerCase();
  return {
    file,
    watches: raw.watches.map((w) => ({ project: w.project.trim(), environment: w.environment.trim(), provider: w.provider?.trim(), pollInterval: w['poll-interval'] ?? 30 })),
    sinks: raw.sinks.map((s) => (s.type === 'file' ? { type: 'file', path: at(s.path), key: s.key.trim(), mode: mode(s.mode) } : { type: s.type, path: at(s.path), mode: mode(s.mode) })),
    process: {
      signal: signal === undefined || signal === 'none' ? undefined : (signal.toUpperCase() as AgentSignal),
      pidFile: raw.process?.['pid-file'] === undefined ? undefined : at(raw.process['pid-file']),
    },
    ...(raw.cache ? { cache: { path: at(raw.cache.path), maxAgeSeconds: raw.cache['max-age'] === undefined ? undefined : durationSeconds(raw.cache['max-age']), ...(raw.cache.key ? { key: raw.cache.key } : {}) } } : {}),
  };
}

/**
 * Reads `bella-agent.yaml` (or `file`): YAML, `${VAR}` expanded from `env` (an unset
 * one is an error), validated; errors are {@link AgentConfigError}s naming the file,
 * line, column and what was expected.
 *
 * @example
 * ```ts
 * const config = await loadAgentConfig('/etc/bella/bella-agent.yaml');
 * const agent = await startAgent(config);
 * ```
 */
export async function loadAgentConfig(file: string, env: Record<string, string | undefined> = process.env): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AgentConfigError({
      file,
      expected: code === 'ENOENT' ? "the config file does not exist: create one with 'bella agent --init', or pass -c <path>" : `the config file cannot be read (${code ?? String(error)})`,
      cause: error,
    });
  }
  return parseAgentConfig(text, file, env);
}
