import { runCli } from '../cli/main.js';

// The bin only parses argv and hands it to the dispatcher; the exit code is set, never forced,
// so pending stderr writes are flushed before the process ends.
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bella: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 125;
  },
);
