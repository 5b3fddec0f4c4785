/**
 * `@bella-baxter/sdk/cli`: what the `bella` command does, as functions other tools embed
 * without spawning `bella`. Each returns a result (exit code, signal, outcome) and logs
 * nothing; progress goes to a callback.
 */
export { runWithSecrets, type RunWithSecretsOptions, type RunEvent } from './cli/run-with-secrets.js';
export { execWithCredentials, type ExecWithCredentialsOptions, type ExecEvent } from './cli/exec-with-credentials.js';
export { rotateSecret, type RotateSecretOptions, type RotateSecretResult } from './cli/rotate-secret.js';
export type { ChildRunOptions, ChildRunResult, ChildRunEvent } from './cli/run-options.js';
export type { SupervisorEvent } from './cli/supervisor.js';
export { RESERVED_ENV_NAMES, isReservedEnvName } from './cli/process/child-env.js';
export {
  startAgent,
  runAgentOnce,
  loadAgentConfig,
  parseAgentConfig,
  AgentConfigError,
  isAgentConfigError,
  AGENT_CONFIG_SCAFFOLD,
  writeAgentScaffold,
  type StartAgentOptions,
  type AgentHandle,
  type AgentConfig,
  type AgentWatch,
  type AgentSink,
  type AgentSignal,
  type AgentStatus,
  type AgentWatchStatus,
  type AgentState,
} from './cli/agent/index.js';
