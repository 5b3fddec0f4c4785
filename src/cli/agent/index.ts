/**
 * The agent's public API, for the `@bella-baxter/sdk/cli` entry: embed the
 * sidecar (`startAgent`, `runAgentOnce`) and read its config.
 */
export { startAgent, runAgentOnce, type StartAgentOptions, type AgentHandle } from './start-agent.js';
export { loadAgentConfig, parseAgentConfig } from './load-config.js';
export { AgentConfigError, isAgentConfigError } from './agent-config-error.js';
export { AGENT_CONFIG_SCAFFOLD, writeAgentScaffold } from './scaffold.js';
export type { AgentConfig, AgentWatch, AgentSink, AgentSignal } from './agent-config.js';
export type { AgentStatus, AgentWatchStatus, AgentState } from './agent-status.js';
