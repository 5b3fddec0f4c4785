/** Placeholder until the `agent` command lands. */
export async function main(_argv: string[]): Promise<number> {
  process.stderr.write('bella: agent is not available yet.\n');
  return 125;
}
