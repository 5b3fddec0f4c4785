import { stringify } from 'yaml';
import { sortedKeys, type RenderedSink } from './sink-warning.js';

/** Key order fixed, and a plain data object (`Object.fromEntries` keeps a `__proto__` key as data). */
function sorted(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(sortedKeys(values).map((key) => [key, values[key] ?? '']));
}

/** A flat JSON object with sorted keys. */
export function renderJson(values: Readonly<Record<string, string>>): RenderedSink {
  return { content: `${JSON.stringify(sorted(values), null, 2)}\n`, warnings: [] };
}

/**
 * A flat YAML mapping, keys and values double-quoted (so `no`, `0600` or `~` stay
 * strings for every YAML reader), never folded.
 */
export function renderYaml(values: Readonly<Record<string, string>>): RenderedSink {
  const text = stringify(sorted(values), { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'QUOTE_DOUBLE', lineWidth: 0 });
  return { content: Object.keys(values).length === 0 ? '{}\n' : text, warnings: [] };
}

/** One secret's raw value (a key or certificate file); undefined keeps the file when the key is absent. */
export function renderFile(values: Readonly<Record<string, string>>, key: string): RenderedSink {
  const value = values[key];
  return value === undefined ? { content: undefined, warnings: [{ key, kind: 'missing' }] } : { content: value, warnings: [] };
}
