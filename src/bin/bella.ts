#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { runCli } from '../cli/main.js';

// undici parses HTTP with a wasm build of llhttp, and V8's optimising compile of its parser runs on a
// background thread (~100 ms of CPU) that every exit then waits for: ~85 ms added to each short
// command. A command's traffic is a few small answers, which the baseline wasm compiler (Liftoff)
// handles at once; the long-running ones (`agent`, `run --watch`) parse a few small answers a minute,
// where baseline code costs microseconds more per answer. Set before undici loads (commands load it lazily); this process only, children do
// not inherit it.
setFlagsFromString('--liftoff-only');

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
