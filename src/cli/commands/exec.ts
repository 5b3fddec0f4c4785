/** Placeholder until the `exec` command lands. */
export async function main(_argv: string[]): Promise<number> {
  process.stderr.write('bella: exec is not available yet.\n');
  return 125;
}
