import type { AgentSink } from '../agent/agent-config.js';
import { renderDotenv } from './dotenv.js';
import type { RenderedSink } from './sink-warning.js';
import { renderFile, renderJson, renderYaml } from './structured.js';

/** A sink's bytes for `values`, by its type. */
export function renderSink(sink: AgentSink, values: Readonly<Record<string, string>>): RenderedSink {
  switch (sink.type) {
    case 'dotenv':
      return renderDotenv(values);
    case 'json':
      return renderJson(values);
    case 'yaml':
      return renderYaml(values);
    case 'file':
      return renderFile(values, sink.key);
  }
}
