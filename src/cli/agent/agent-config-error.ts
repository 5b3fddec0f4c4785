import { BaxterError, errorGuard } from '../../errors/baxter-error.js';

/**
 * `bella-agent.yaml` is missing, not YAML, or not a valid agent configuration.
 * The message reads `file:line:column: field: expected ...`; the fields carry the same.
 *
 * @example
 * ```ts
 * try {
 *   await loadAgentConfig('bella-agent.yaml');
 * } catch (error) {
 *   if (isAgentConfigError(error)) console.error(`${error.file}:${error.line}:${error.column}`, error.expected);
 * }
 * ```
 */
export class AgentConfigError extends BaxterError {
  override name = 'AgentConfigError' as const;
  /** Stable identifier of this kind of failure, for code that branches on it. */
  override readonly code = 'BAXTER_AGENT_CONFIG_INVALID' as const;
  readonly file: string;
  /** 1-based, when the problem has a place in the file. */
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The field, e.g. `sinks[0].mode`. */
  readonly field: string | undefined;
  /** What was expected there. */
  readonly expected: string;

  constructor(init: { file: string; line?: number | undefined; column?: number | undefined; field?: string | undefined; expected: string; cause?: unknown }) {
    const where = init.line === undefined ? init.file : `${init.file}:${init.line}:${init.column ?? 1}`;
    super(`${where}: ${init.field ? `${init.field}: ` : ''}${init.expected}`, { cause: init.cause });
    this.file = init.file;
    this.line = init.line;
    this.column = init.column;
    this.field = init.field;
    this.expected = init.expected;
  }
}

/** Whether `value` is an {@link AgentConfigError}, from any copy of this package. @example `if (isAgentConfigError(e)) process.exitCode = 125;` */
export const isAgentConfigError = errorGuard<AgentConfigError>('AgentConfigError');
