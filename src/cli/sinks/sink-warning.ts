/**
 * Something a sink could not do for one key. Named by key only, never by value,
 * so the agent can log it as is.
 */
export interface SinkWarning {
  key: string;
  /**
   * `invalid-name`: not a shell variable name (skipped); `not-sourceable`: written for
   * dotenv readers only (a shell's `.` cannot read it back); `unrepresentable`: no dotenv
   * line holds it (skipped); `missing`: a `file` sink's key is not in the set (file kept).
   */
  kind: 'invalid-name' | 'not-sourceable' | 'unrepresentable' | 'missing';
}

/** A sink's rendered bytes (undefined: leave the file as it is), with what it had to skip. */
export interface RenderedSink {
  content: string | undefined;
  warnings: SinkWarning[];
}

/** The keys of `values` in a stable order (UTF-16 code units), so unchanged sets render the same bytes. */
export function sortedKeys(values: Readonly<Record<string, string>>): string[] {
  return Object.keys(values).sort();
}
