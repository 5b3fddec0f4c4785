import type { CliLog } from '../log.js';
import { renderSink } from '../sinks/render-sink.js';
import type { SinkWarning } from '../sinks/sink-warning.js';
import { planSinkWrite, writeSink } from '../sinks/write-sink.js';
import type { AgentSink } from './agent-config.js';

/** The watches' sets merged in order: a later watch wins, and each collision is named (by key). */
export function mergeSets(sets: ReadonlyArray<Readonly<Record<string, string>>>): { values: Record<string, string>; collisions: string[] } {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  const collisions = new Set<string>();
  for (const set of sets) {
    for (const [key, value] of Object.entries(set)) {
      if (Object.hasOwn(values, key)) collisions.add(key);
      values[key] = value;
    }
  }
  return { values, collisions: [...collisions].sort() };
}

const WARNINGS: Record<SinkWarning['kind'], string> = {
  'invalid-name': 'skipped a key that is not a shell variable name',
  'not-sourceable': 'wrote a value only dotenv readers can load: this file can no longer be sourced by a shell (set -a; . file)',
  unrepresentable: 'skipped a value no dotenv line can hold',
  missing: 'the key is not in the set: the file is left as it was',
};

/**
 * Writes every sink whose content changed; returns whether any reader-visible file
 * changed (then the app is signalled). Each warning is logged once per sink and key
 * for the agent's lifetime (`warned` remembers them), naming the key, never the value.
 * A sink that cannot be written is logged and left; the others are still written.
 * `dryRun` only reports what would change.
 */
export async function writeSinks(
  sinks: readonly AgentSink[],
  values: Readonly<Record<string, string>>,
  log: CliLog,
  warned: Set<string>,
  dryRun = false,
): Promise<{ changed: string[]; failed: string[] }> {
  const changed: string[] = [];
  const failed: string[] = [];
  for (const sink of sinks) {
    const rendered = renderSink(sink, values);
    for (const warning of rendered.warnings) {
      const id = `${sink.path}\0${warning.kind}\0${warning.key}`;
      if (warned.has(id)) continue;
      warned.add(id);
      log.warn(WARNINGS[warning.kind], { sink: sink.path, key: warning.key });
    }
    if (rendered.content === undefined) continue;
    try {
      const result = await (dryRun ? planSinkWrite : writeSink)(sink.path, rendered.content, sink.mode);
      if (result === 'written') changed.push(sink.path);
      if (result === 'mode-fixed') log.info(`${dryRun ? 'would set' : 'set'} the file mode to ${sink.mode.toString(8).padStart(4, '0')}`, { sink: sink.path });
    } catch (error) {
      failed.push(sink.path);
      log.error(`cannot write the sink: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { sink: sink.path });
    }
  }
  return { changed, failed };
}
