#!/usr/bin/env node
import { runCli } from '../cli/main.js';

// The bin only parses argv and hands it to the dispatcher; the exit code is set, never forced,
// so pending stderr writes are flushed before the process ends.
let settled = false;
// Never end with 0 by accident: if nothing keeps the event loop alive before the command is
// done, that is bella's own failure.
process.once('exit', () => {
  if (!settled) {
    process.stderr.write('bella: ended before the command finished (nothing was left to wait on); this is a bug.\n');
    process.exitCode = 125;
  }
});
runCli(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    settled = true;
    process.stderr.write(`bella: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 125;
  },
);
