import { isAbsolute } from 'node:path';
import { AgentConfigError } from './agent-config-error.js';
import type { AgentConfig } from './agent-config.js';

const SIGNALS = new Set(['SIGHUP', 'SIGTERM', 'SIGUSR1', 'SIGUSR2']);

/**
 * Checks a config object built by hand (one from `loadAgentConfig` always passes):
 * the same rules as the YAML schema, with the field named in the error.
 */
export function validateAgentConfig(config: AgentConfig): void {
  const file = config.file ?? '(config object)';
  const fail = (field: string, expected: string): never => {
    throw new AgentConfigError({ file, field, expected });
  };
  if (!Array.isArray(config.watches) || config.watches.length === 0) fail('watches', 'expected at least one watch');
  config.watches.forEach((watch, i) => {
    if (!watch.project || !watch.environment) fail(`watches[${i}]`, 'expected a project and an environment slug');
    if (!Number.isInteger(watch.pollInterval) || watch.pollInterval < 1) fail(`watches[${i}].pollInterval`, 'expected a whole number of seconds, at least 1');
  });
  if (!Array.isArray(config.sinks) || config.sinks.length === 0) fail('sinks', 'expected at least one sink');
  config.sinks.forEach((sink, i) => {
    if (typeof sink.path !== 'string' || !isAbsolute(sink.path)) fail(`sinks[${i}].path`, 'expected an absolute path (loadAgentConfig resolves relative ones)');
    if (!Number.isInteger(sink.mode) || sink.mode < 0 || sink.mode > 0o777) fail(`sinks[${i}].mode`, 'expected a file mode number such as 0o600');
    if (!['dotenv', 'json', 'yaml', 'file'].includes(sink.type)) fail(`sinks[${i}].type`, 'expected dotenv, json, yaml or file');
    if (sink.type === 'file' && !sink.key) fail(`sinks[${i}].key`, 'expected the key of the secret to write');
  });
  const signal = config.process?.signal;
  if (signal !== undefined && !SIGNALS.has(signal)) fail('process.signal', 'expected SIGHUP, SIGTERM, SIGUSR1, SIGUSR2 or undefined');
  if (signal !== undefined && !config.process?.pidFile) fail('process.pidFile', 'expected a pid file: the signal is sent to the process whose pid it holds');
}
