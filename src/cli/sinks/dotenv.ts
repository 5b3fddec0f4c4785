import dotenv from 'dotenv';
import { sortedKeys, type RenderedSink, type SinkWarning } from './sink-warning.js';

/** A POSIX shell variable name: what `set -a; . ./.env` can export. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Candidate {
  text: string;
  /** Whether a POSIX shell's `.` reads back the same bytes (by construction of the quoting). */
  sourceable: boolean;
}

/**
 * The ways to write one value, best first. Single quotes: the shell takes every byte
 * literally, dotenv strips the quotes and decodes nothing. Double quotes without `"`,
 * `\`, `$` or a backtick: the shell expands nothing, dotenv decodes nothing. Beyond
 * that, lines only dotenv reads back (a shell would expand or stop early).
 */
function candidates(value: string): Candidate[] {
  const list: Candidate[] = [];
  // dotenv turns every CR (LF) of the file into LF before parsing: a raw CR cannot survive in any quoting.
  // A shell variable cannot hold a NUL byte at all.
  if (!value.includes('\r') && !value.includes('\0')) {
    if (!value.includes("'")) list.push({ text: `'${value}'`, sourceable: true });
    if (!/["\\$`]/.test(value)) list.push({ text: `"${value}"`, sourceable: true });
  }
  // dotenv decodes \n and \r (only those) inside double quotes.
  list.push({ text: `"${value.replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`, sourceable: false });
  if (!value.includes('\r')) {
    list.push({ text: `'${value}'`, sourceable: false }, { text: `\`${value}\``, sourceable: false }, { text: value, sourceable: false });
  }
  return list;
}

/** Whether dotenv reads `line` back as exactly `key` = `value`, and nothing else. */
function readsBack(key: string, value: string, line: string): boolean {
  const parsed = dotenv.parse(line);
  const keys = Object.keys(parsed);
  return keys.length === 1 && keys[0] === key && parsed[key] === value;
}

/**
 * A `.env` file: sorted keys, each value quoted so that the `dotenv` package and a
 * POSIX shell's `set -a; . ./.env` read back the same bytes. Never a guess: every
 * line is parsed back with dotenv before it is kept. A value no shell line can hold
 * is written for dotenv (warning `not-sourceable`); one no dotenv line can hold is
 * skipped (`unrepresentable`), like a key that is not a variable name (`invalid-name`).
 */
export function renderDotenv(values: Readonly<Record<string, string>>): RenderedSink {
  const lines: string[] = [];
  const warnings: SinkWarning[] = [];
  for (const key of sortedKeys(values)) {
    const value = values[key] ?? '';
    if (!VARIABLE_NAME.test(key)) {
      warnings.push({ key, kind: 'invalid-name' });
      continue;
    }
    const chosen = candidates(value).find((candidate) => readsBack(key, value, `${key}=${candidate.text}\n`));
    if (!chosen) {
      warnings.push({ key, kind: 'unrepresentable' });
      continue;
    }
    if (!chosen.sourceable) warnings.push({ key, kind: 'not-sourceable' });
    lines.push(`${key}=${chosen.text}`);
  }
  return { content: lines.length > 0 ? `${lines.join('\n')}\n` : '', warnings };
}
