import { EXIT } from './exit-codes.js';
import { closestMatch } from './suggest.js';

/**
 * A `bella` subcommand: parses its own argv (everything after the command name), does its I/O,
 * and resolves with the exit code. Each lives in `commands/<name>.ts` and is loaded only when run,
 * so `bella --help` and one command never pay for the others.
 */
export interface CommandModule {
  main(argv: string[]): Promise<number>;
}

/** The commands this `bella` has, each loaded on first use. */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  run: { summary: 'run a command with the secrets in its environment (--watch restarts or signals it on change)', load: () => import('./commands/run.js') },
  exec: { summary: 'run a command with fresh database credentials from a provider', load: () => import('./commands/exec.js') },
  secrets: { summary: 'secrets rotate: rotate a secret now (--wait follows it to the end)', load: () => import('./commands/secrets.js') },
  agent: { summary: 'keep secret files current and signal the app (a sidecar)', load: () => import('./commands/agent.js') },
};

/** The top-level help text. */
export function topLevelHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    'Usage: bella <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Credentials come from the environment, never from argv: BELLA_BAXTER_URL, and',
    'BELLA_BAXTER_API_KEY or BELLA_BAXTER_ACCESS_TOKEN.',
    "Run 'bella <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/** Dispatches `argv` (without node and the script) to a command and resolves with the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(topLevelHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(unknownCommandMessage(name));
    return EXIT.usage;
  }
  const module = await command.load();
  return module.main(rest);
}

/** Commands of the product CLI (bella-baxter-cli) that this `bella` does not have. */
const PRODUCT_CLI_COMMANDS = [
  'login', 'logout', 'whoami', 'org', 'auth', 'projects', 'environments', 'providers', 'totp', 'config',
  'generate', 'pull', 'issue', 'env', 'upgrade', 'init', 'context', 'shell', 'mcp', 'ssh',
];

/** Says what was meant (closest command), or that the command belongs to the product CLI. */
export function unknownCommandMessage(name: string): string {
  if (PRODUCT_CLI_COMMANDS.includes(name)) {
    return `bella: '${name}' is a command of the Bella Baxter CLI (bella-baxter-cli). This bella, from @bella-baxter/sdk, covers run, agent, exec and secrets rotate.\n`;
  }
  const guess = closestMatch(name, Object.keys(COMMANDS));
  return `bella: unknown command '${name}'.${guess ? ` Did you mean '${guess}'?` : ''}\n\n${topLevelHelp()}`;
}
